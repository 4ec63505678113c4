"""A table row's cells, worked out by a selector, written by one filter."""

from __future__ import annotations

from django.template import Context, Template
from django.utils.safestring import mark_safe

from bangkom.core.formats import FIGURE, Cell


def shown(cells: list[Cell]) -> str:
    return Template("{% load formats %}<tr>{{ cells|table_cells }}</tr>").render(Context({"cells": cells}))


def test_figures_are_right_aligned_links_open_and_text_and_addresses_are_escaped() -> None:
    assert shown(
        [
            Cell('Dinas <Kesehatan> & "Sosial"', "?year=2026&opd=7"),
            Cell("O'Neil"),
            Cell(1204, css=FIGURE),
            Cell("33,3%", css=FIGURE),
            Cell("\u2013", css=FIGURE),
        ]
    ) == (
        '<tr><td><a href="?year=2026&amp;opd=7">Dinas &lt;Kesehatan&gt; &amp; &quot;Sosial&quot;</a></td>'
        "<td>O&#x27;Neil</td>"
        '<td class="text-end">1204</td><td class="text-end">33,3%</td><td class="text-end">\u2013</td></tr>'
    )


def test_an_address_cannot_break_out_of_its_attribute() -> None:
    assert shown([Cell("x", '" onclick="alert(1)')]) == (
        '<tr><td><a href="&quot; onclick=&quot;alert(1)">x</a></td></tr>'
    )


def test_a_row_without_cells_is_empty() -> None:
    assert shown([]) == "<tr></tr>"


def test_html_made_safe_is_kept_and_a_cell_carries_its_class() -> None:
    badge = mark_safe('<span class="badge">sisa 2 hari kerja</span>')
    assert shown([Cell(badge), Cell("Pelantikan", css="small")]) == (
        '<tr><td><span class="badge">sisa 2 hari kerja</span></td><td class="small">Pelantikan</td></tr>'
    )
