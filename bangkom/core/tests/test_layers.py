"""The house's layers, read from the source (as an import linter would): the rules engine knows
nothing of Django or the apps; the base app `core` knows no other app; `accounts` builds only on the
base and on the registry a user belongs to; no app imports another app's views (what one app's
pages use of another lives in that app's `web.py`). Tests and migrations are left out.

Imports inside `if TYPE_CHECKING:` only name types and do not count."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the `bangkom` package
# What each base app may import besides itself. accounts: a user is one of the registry's employees,
# in one of its units (people), and hears of what happens through notifications.
ALLOWED = {
    "rules": set(),
    "core": {"rules"},
    "accounts": {"core", "rules", "people", "notifications"},
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or len(parts) < 2:
            continue
        yield parts[0], path


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def imports_of(source: str, app: str) -> list[str]:
    """Every module (and imported name) a file of `app` imports at run time, relative imports
    resolved to `bangkom.<app>`."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in getattr(node, "orelse", []):
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = f"bangkom.{app}.{node.module or ''}".rstrip(".") if node.level else node.module
            if base:
                found.extend([base, *(f"{base}.{alias.name}" for alias in node.names)])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "bangkom" and len(parts) > 1 else None


def test_the_reader_sees_imports_nested_in_functions_and_skips_type_only_ones() -> None:
    found = imports_of(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bangkom.training.models import Program\n"
        "def f():\n    from bangkom.selection import views\n    from . import home\n",
        "core",
    )
    assert "bangkom.selection.views" in found and "bangkom.core.home" in found
    assert not any(module.startswith("bangkom.training") for module in found)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_base_layer_imports_only_what_it_builds_on(layer: str) -> None:
    wrong = []
    for app, path in _modules():
        if app != layer:
            continue
        for module in imports_of(path.read_text(encoding="utf-8"), app):
            other = _app_of(module)
            django_in_rules = layer == "rules" and module.split(".")[0] == "django"
            foreign = other is not None and other != layer and other not in ALLOWED[layer]
            if django_in_rules or foreign:
                wrong.append(f"{path.relative_to(ROOT)}: {module}")
    assert not wrong, "\n".join(wrong)


def test_no_app_imports_another_apps_views() -> None:
    wrong = []
    for app, path in _modules():
        for module in imports_of(path.read_text(encoding="utf-8"), app):
            other = _app_of(module)
            last = module.rsplit(".", 1)[-1]
            if other and other != app and (last == "views" or last.endswith("_views") or ".views." in module):
                wrong.append(f"{path.relative_to(ROOT)}: {module}")
    assert not wrong, "\n".join(wrong)


def test_no_module_is_named_after_an_app() -> None:
    """One name for one thing: `bangkom.services` beside every app's `services.py`, the `documents` app
    beside six `documents.py`, the `workflow` app beside `core/workflow.py` read as the same thing."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    clashes = sorted(
        str(path.relative_to(ROOT))
        for app, path in _modules()
        if path.stem in apps and path.stem != app and path.parent.name != "management"
    )
    assert not clashes, "\n".join(clashes)


def test_the_service_desk_keeps_its_database_name() -> None:
    """The package is `desk`; its label (tables, permissions, migration history) stays `services`, so
    a database made before the rename is used as it is (no row moves)."""
    from django.apps import apps

    from bangkom.desk.models import ServiceRequest

    assert apps.get_app_config("services").name == "bangkom.desk"
    assert ServiceRequest._meta.db_table == "services_servicerequest"


# Status strings a page may still compare: the rules engine's findings (not a record's status) and
# one label on the public complaint page ("Alasan" for a complaint not processed, else "Jawaban").
STATUS_COMPARED = {"studies/application.html": 2, "selection/round_detail.html": 3, "desk/complaint_track.html": 1}


def test_pages_ask_the_record_what_may_happen_instead_of_comparing_status_strings() -> None:
    comparison = re.compile(r"""\.status (?:==|!=|in) ["'][a-z_ ]+["']""")
    found = {}
    for path in ROOT.rglob("templates/**/*.html"):
        count = len(comparison.findall(path.read_text(encoding="utf-8")))
        if count:
            found["/".join(path.parts[-2:])] = count
    assert found == STATUS_COMPARED


# A template line longer than this is broken where a browser ignores the whitespace (beside a block
# element, between attributes, at a space in running text). What may stay longer: a translated
# sentence, since a message id cannot span lines, and an SVG path.
TEMPLATE_LINE = 160
UNBREAKABLE = re.compile(
    r"""\{% blocktranslate.*?\{% endblocktranslate %\}|\{% translate (?:"[^"]*"|'[^']*')[^%]*%\}|\sd="[^"]*\""""
)


def test_template_lines_are_broken_up() -> None:
    too_long = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(UNBREAKABLE.sub("", line)) > TEMPLATE_LINE
    ]
    assert too_long == []
