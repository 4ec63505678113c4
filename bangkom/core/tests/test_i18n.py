from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

PO = Path(__file__).resolve().parents[3] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_indonesian_is_the_default_and_english_is_available(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    page = client.get(reverse("people:list")).content.decode()
    assert '<html lang="id">' in page and "Cari NIP atau nama" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("people:list")).content.decode()
    assert '<html lang="en">' in page and "Search NIP or name" in page and "Export XLSX" in page


def test_every_message_has_an_english_translation() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n")[1:] if "#~" not in e]  # skip the header and obsolete entries
    untranslated = []
    for entry in entries:
        # A translation may start on the line after `msgstr ""` (long strings wrap).
        for match in re.finditer(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.M):
            if not "".join(re.findall(r'"(.*)"', match.group(1))):
                untranslated.append(entry)
    assert untranslated == []
    assert len(entries) > 300
    assert "#, fuzzy" not in text


def test_browser_language_does_not_switch_the_interface(users) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(users["admin"])
    response = client.get(reverse("people:list"))
    assert "Cari NIP atau nama" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_every_translation_function_is_one_makemessages_extracts() -> None:
    """xgettext knows `_`, `gettext`, `gettext_lazy`, `ngettext`…, not an alias such as `_lazy`:
    a string marked through one would never reach the catalogue and stay Indonesian in English."""
    aliased = re.compile(r"import .*\b(?:n|p|np)?gettext(?:_lazy)? as (?!_\b)(\w+)")
    offenders = [
        f"{path.relative_to(PO.parents[3])}: {match.group(0)}"
        for path in (PO.parents[3] / "bangkom").rglob("*.py")
        for match in aliased.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
