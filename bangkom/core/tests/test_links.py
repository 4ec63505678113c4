"""`url_maker` gives the URL `reverse` gives, for any key the pattern takes, under any script prefix."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from bangkom.core.links import url_maker


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("people:detail", ["198503152010012003", "ÄB cd", "a:b@c~d;e"]),  # a str converter: quoted as reverse quotes
        ("documents:detail", [1, 42, 10**18]),  # an int converter
    ],
)
def test_each_key_gets_the_url_reverse_gives(name: str, keys: list[object]) -> None:
    link = url_maker(name)
    assert [link(key) for key in keys] == [reverse(name, args=[key]) for key in keys]


def test_the_url_keeps_the_requests_script_prefix() -> None:
    set_script_prefix("/bangkom/")
    try:
        assert url_maker("people:detail")("198503152010012003") == "/bangkom/pegawai/198503152010012003/"
    finally:
        set_script_prefix("/")


def test_a_name_that_takes_no_key_is_refused_at_once() -> None:
    with pytest.raises(NoReverseMatch):
        url_maker("people:list")
