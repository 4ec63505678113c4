"""The figures of a table row written as right-aligned cells by one filter."""

from __future__ import annotations

from django.template import Context, Template


def test_each_figure_is_a_right_aligned_cell_and_text_is_escaped() -> None:
    shown = Template("{% load formats %}<tr>{{ cells|number_cells }}</tr>").render(
        Context({"cells": ["1.204", "33,3%", "\u2013", "<b>&"]})
    )
    assert shown == (
        '<tr><td class="text-end">1.204</td><td class="text-end">33,3%</td><td class="text-end">\u2013</td>'
        '<td class="text-end">&lt;b&gt;&amp;</td></tr>'
    )
    assert Template("{% load formats %}{{ cells|number_cells }}").render(Context({"cells": []})) == ""
