"""Every read of the registry a view needs, scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from django.db.models import Case, Count, F, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Upper
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope, unit_scope, whole_units_path, whole_units_scope
from bangkom.core.errors import ServiceError
from bangkom.core.formats import Cell, day_text
from bangkom.core.links import url_maker
from bangkom.core.models import ReferenceModel
from bangkom.core.table_cache import attach_cached, cached_table

from . import facts
from .lookups import StartsWithAnyCase
from .models import (
    UNIT_PATH_SEGMENT,
    BupRule,
    EducationHistory,
    EducationLevel,
    Employee,
    EmployeeDocument,
    EnglishTest,
    EnglishTestKind,
    Eselon,
    Figure,
    FunctionalPosition,
    Golongan,
    JpNorm,
    LegalStatus,
    PositionHistory,
    PositionKind,
    RankHistory,
    SkpRating,
    SkpRecord,
    StructuralTrainingLevel,
    TrainingKind,
    TrainingRecord,
    Unit,
    UnitFigure,
)
from .need_to_know import paper_filter
from .nip import NipError, parse_nip

ReferenceT = TypeVar("ReferenceT", bound=ReferenceModel)

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "golongan": ("golongan_id", "name", "id"),
    "-golongan": ("-golongan_id", "name", "id"),
    "unit": ("unit__path", "name", "id"),
    "-unit": ("-unit__path", "name", "id"),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class EmployeeFilter:
    q: str = ""
    unit: int | None = None
    golongan: int | None = None
    position_kind: str = ""
    eselon: str = ""
    education: str = ""
    sort: str = DEFAULT_SORT


def employees_visible(user: User) -> QuerySet[Employee]:
    return Employee.objects.filter(employee_scope(user))


# The small tables an employee row points to, filled from the cache (core.table_cache) on the pages
# that show a few rows, joined (select_related) where thousands of rows are read at once; and the
# units, looked up by path (`units_at`).
CACHED_TABLES = (
    Golongan, PositionKind, Eselon, EducationLevel, LegalStatus, JpNorm, BupRule, SkpRating, TrainingKind,
    StructuralTrainingLevel, EnglishTestKind, Unit,
)  # fmt: skip
REFERENCE_FIELDS = ("golongan", "position_kind", "eselon", "education_level")


def with_references(employees: Iterable[Employee]) -> None:
    """Fill the rows' golongan, kind of position, eselon and education from the cached tables."""
    attach_cached(employees, *REFERENCE_FIELDS)


# What `employee_rows` shows and the sort orders' keys (SORTS): the list reads only these columns.
LIST_FIELDS = (
    "nip", "front_title", "name", "back_title", "golongan", "position_name", "position_kind", "eselon",
    "education_level", "unit__name", "unit__short_name", "unit__path",
)  # fmt: skip


NONE_SHOWN = "\u2013"  # what a table shows for a value not set


def employee_rows(employees: Iterable[Employee]) -> list[list[Cell]]:
    """The list's rows as its table shows them (NIP opening the record, name, golongan, unit, position
    with its kind, eselon, education), each cell worked out once here: a template walking each model's
    attributes and relations cost about 0.13 ms a row (issue 20)."""
    with_references(employees)
    link = url_maker("people:detail")
    rows = []
    for e in employees:
        position: object = e.position_name or NONE_SHOWN
        if e.position_kind:
            position = mark_safe(  # noqa: S308  # both texts escaped here
                f'{escape(str(position))} <span class="text-muted small">({escape(e.position_kind.name)})</span>'
            )
        rows.append(
            [
                Cell(e.nip, link(e.nip)),
                Cell(e.full_name),
                Cell(e.golongan.code if e.golongan else NONE_SHOWN),
                Cell(e.unit.short_name or e.unit.name),
                Cell(position),
                Cell(e.eselon.code if e.eselon else NONE_SHOWN),
                Cell(e.education_level.code if e.education_level else NONE_SHOWN),
            ]
        )
    return rows


def employee_list(user: User, filters: EmployeeFilter) -> QuerySet[Employee]:
    """The employees the user may see, filtered; with their unit (the small tables: `with_references`)."""
    qs = _filtered(user, filters)
    q = filters.q.strip()
    if q.isdigit():
        qs = qs.filter(nip__startswith=q)
    elif q:
        # On PostgreSQL a trigram index on UPPER(name) serves this (migration people 0011).
        qs = qs.filter(name__icontains=q)
        if _ranked(filters):  # in one query the ranks `employee_pages` reads one by one (for the export)
            first, word, _rest = _name_ranks(q)
            ranks = Case(When(first, then=Value(0)), When(word, then=Value(1)), default=Value(2))
            qs = qs.annotate(name_key=Upper("name"), match_rank=ranks)
            return qs.order_by("match_rank", *employee_ordering(filters))
    return qs.order_by(*employee_ordering(filters))


def employee_pages(user: User, filters: EmployeeFilter) -> list[QuerySet[Employee]]:
    """What the list's pages walk (`core.keyset`): a name search in its ranked order as three tiers,
    each read in the order of its own (the names that start with the search from the index on
    UPPER(name), so that the first page costs its own rows, not every match ranked); otherwise the list."""
    q = filters.q.strip()
    if not _ranked(filters):
        return [employee_list(user, filters).only(*LIST_FIELDS)]
    named = _filtered(user, filters).annotate(name_key=Upper("name")).only(*LIST_FIELDS)
    word, rest = _name_ranks(q)[1:]
    return [_starting_with(named, q), named.filter(word), named.filter(rest)]


def _starting_with(named: QuerySet[Employee], q: str) -> QuerySet[Employee]:
    """The names that start with `q` (annotated with their `name_key`), read in order from UPPER(name)'s
    index within the range of `q`, the exact test beside it one that no index serves (`StartsWithAnyCase`);
    without a range, the ranks' own test, which the trigram index serves."""
    key_range = _name_key_range(q)
    if not key_range:
        return named.filter(_name_ranks(q)[0])
    return named.filter(StartsWithAnyCase(F("name"), q), key_range)


def _filtered(user: User, filters: EmployeeFilter) -> QuerySet[Employee]:
    """The employees the user may see with every filter but the search, with their unit."""
    qs = employees_visible(user).select_related("unit")
    if filters.unit:
        unit = Unit.objects.filter(pk=filters.unit).only("path").first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.golongan:
        qs = qs.filter(golongan_id=filters.golongan)
    if filters.position_kind:
        qs = qs.filter(position_kind_id=filters.position_kind)
    if filters.eselon:
        qs = qs.filter(eselon_id=filters.eselon)
    if filters.education:
        qs = qs.filter(education_level_id=filters.education)
    return qs


def _ranked(filters: EmployeeFilter) -> bool:
    """Whether the list is a name search in its ranked order (the default sort)."""
    q = filters.q.strip()
    return bool(q) and not q.isdigit() and filters.sort == DEFAULT_SORT


def _name_ranks(q: str) -> tuple[Q, Q, Q]:
    """A name search's ranks: the name starts with it; a later word of the name does; it is elsewhere."""
    starts, word_starts = Q(name__istartswith=q), Q(name__icontains=f" {q}")
    return starts, word_starts & ~starts, Q(name__icontains=q) & ~word_starts & ~starts


def _name_key_range(q: str) -> Q:
    """The names that start with `q` as a range of UPPER(name), which its index (employee_name_key_idx)
    reads in order; nothing for a search whose upper case the two databases might spell differently
    (SQLite upper-cases ASCII only) or that has no end of range (`_prefix_end`)."""
    key = q.upper()
    end = _prefix_end(key) if key.isascii() else ""
    return Q(name_key__gte=key, name_key__lt=end) if end else Q()


def employee_ordering(filters: EmployeeFilter) -> tuple[str, ...]:
    """The order within the list (within each of `employee_pages`' tiers): a name search ranks names
    that start with the words first, then names with a word that starts with them, then the rest, each
    by name regardless of case; otherwise the chosen sort."""
    if _ranked(filters):
        return ("name_key", "id")
    return SORTS.get(filters.sort, SORTS[DEFAULT_SORT])


def employee_jump(filters: EmployeeFilter, start: str) -> Q | None:
    """Where "jump to" starts the list: the first name from a letter, or the first NIP from a prefix."""
    start = start.strip()[:150]
    field = filters.sort.lstrip("-")
    if not start or filters.q.strip() or field not in ("name", "nip"):
        return None
    if field == "name":
        start = start[:1].upper() + start[1:]
    if filters.sort.startswith("-"):
        end = _prefix_end(start)  # descending: from the last name with the prefix, downwards
        return Q(**{f"{field}__lt": end}) if end else None
    return Q(**{f"{field}__gte": start})


def _prefix_end(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix`, by letters and digits (no
    sentinel character, whose place differs between database collations); "" when none is."""
    prefix = prefix.rstrip("zZ9")
    if not prefix or not prefix[-1].isascii() or not prefix[-1].isalnum():
        return ""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


COUNT_CAP = 1_000  # "lebih dari 1.000": a count that stops there costs at most that many rows
FIGURE_OF_FILTER = {"golongan": Figure.GOLONGAN, "position_kind": Figure.POSITION_KIND, "education": Figure.EDUCATION}


def employee_count(user: User, filters: EmployeeFilter) -> tuple[int, bool]:
    """How many employees the list holds, and whether there are more than that (a search or a
    combination of filters is counted up to COUNT_CAP). Without a search, with at most one of the
    filters the units' figures keep, the figures answer in O(units)."""
    keyed = {name: getattr(filters, name) for name in FIGURE_OF_FILTER if getattr(filters, name)}
    whole_units = whole_units_scope(user)
    if whole_units is not None and not filters.q.strip() and not filters.eselon and len(keyed) <= 1:
        units = Unit.objects.filter(whole_units)
        if filters.unit:
            units = units.filter(path__startswith=Subquery(Unit.objects.filter(pk=filters.unit).values("path")[:1]))
        figure, key = Figure.EMPLOYEES, ""
        for name, value in keyed.items():
            figure, key = FIGURE_OF_FILTER[name], str(value)
        total = UnitFigure.objects.filter(figure=figure, key=key, year=0, unit__in=units.values("pk")).aggregate(
            n=Sum("value")
        )["n"]
        return total or 0, False
    q = filters.q.strip()
    if q and not q.isdigit():
        # The names that start with the search are counted first, from their index: when they alone
        # pass the cap ("Siti" in a province), the other matches need not be found.
        # Below the cap, every name that holds the search is counted at once (the three ranks split
        # exactly those): one condition the trigram index serves, not the ranks' negations.
        named = _filtered(user, filters).annotate(name_key=Upper("name"))
        found = _starting_with(named, q).order_by()[: COUNT_CAP + 1].count()
        if found <= COUNT_CAP:
            found = named.filter(name__icontains=q).order_by()[: COUNT_CAP + 1].count()
    else:
        found = employee_list(user, filters).order_by()[: COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def covering_paths(unit: Unit) -> list[str]:
    """The paths of the unit and of every unit above it (the units whose subtree holds it)."""
    segments = [part for part in unit.path.split("/") if part]
    return ["".join(f"{part}/" for part in segments[: n + 1]) for n in range(len(segments))]


def units_visible(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope(user)).distinct().order_by("path")


@dataclass(frozen=True)
class FilterChoices:
    units: list[Unit]
    golongan: list[Golongan]
    position_kinds: list[PositionKind]
    eselon: list[Eselon]
    education: list[EducationLevel]


def filter_choices(user: User) -> FilterChoices:
    return FilterChoices(
        units=_filter_units(user),
        golongan=_in_order(Golongan),
        position_kinds=_in_order(PositionKind),
        eselon=[row for row in _in_order(Eselon) if row.pk != "99"],
        education=_in_order(EducationLevel),
    )


def _filter_units(user: User) -> list[Unit]:
    """The units the list's filter offers, in tree order: for someone who sees whole units, from the
    cached units table (a query on every page of the list, issue 20); else from the database."""
    path = whole_units_path(user)
    if path is None:
        return list(units_visible(user).only("id", "name", "depth", "path"))
    return sorted((unit for unit in cached_table(Unit).values() if unit.path.startswith(path)), key=lambda u: u.path)


def units_at(paths: Iterable[str]) -> dict[str, Unit]:
    """The units at `paths`, by path, from the cached units table (a query for a few dozen units cost
    the ledger about as much as its figures, issue 20); any the cache does not know yet (a unit added
    in another worker a moment ago) are read from the database."""
    wanted = set(paths)
    found = {unit.path: unit for unit in cached_table(Unit).values() if unit.path in wanted}
    if len(found) < len(wanted):
        found.update({unit.path: unit for unit in Unit.objects.filter(path__in=wanted - found.keys())})
    return found


def _in_order(model: type[ReferenceT]) -> list[ReferenceT]:
    """A cached table's rows in the model's own ordering (Meta.ordering), as a query would give them."""
    rows = list(cached_table(model).values())
    for name in reversed(model._meta.ordering or ()):
        field = str(name).lstrip("-")
        rows.sort(key=lambda row: getattr(row, field), reverse=str(name).startswith("-"))
    return rows


def employee_for(user: User, nip: str) -> Employee:
    """The employee with this NIP if the user may see it; raises Employee.DoesNotExist otherwise."""
    employee = employees_visible(user).select_related("unit", "functional_position").get(nip=nip)
    attach_cached([employee], *REFERENCE_FIELDS, "legal_status")
    return employee


def employee_editable_by(user: User, employee: Employee, *, in_scope: bool = False) -> bool:
    """Whether `user` may change `employee`: the right to, within their scope. `in_scope`: the caller
    read the record through `employee_for` for this user, so the scope is known without a query."""
    if not user.has_perm("people.change_employee"):
        return False
    return in_scope or employees_visible(user).filter(pk=employee.pk).exists()


def bup_rules() -> dict[tuple[str, str], int]:
    return {
        (rule.position_kind_id, rule.functional_level): rule.age
        for rule in cached_table(BupRule).values()
        if rule.is_active
    }


DEFAULT_JP_NORM = 20  # only when the norm table is empty; the shipped data holds the legal source


def jp_norm(year: int) -> int:
    """The yearly JP norm in force on 1 January of `year`."""
    return jp_norms([year])[year]


def jp_norms(years: Iterable[int]) -> dict[int, int]:
    """The JP norm in force on 1 January of each year, from the table cache (every ledger, home and
    detail page asks); where two are in force the one that started last wins."""
    norms = sorted(
        (norm for norm in cached_table(JpNorm).values() if norm.is_active),
        key=lambda norm: norm.valid_from or dt.date.min,
        reverse=True,
    )
    found = {}
    for year in years:
        first = dt.date(year, 1, 1)
        in_force = (
            n.hours
            for n in norms
            if (n.valid_from is None or n.valid_from <= first) and (n.valid_until is None or n.valid_until >= first)
        )
        found[year] = next(in_force, DEFAULT_JP_NORM)
    return found


@dataclass
class EmployeeFacts:
    age: int
    bup_age: int | None
    bup_date: dt.date | None
    retirement_date: dt.date | None
    remaining_service: facts.Span | None
    position_tenure: facts.Span
    rank_tenure: facts.Span
    jp_this_year: int
    jp_norm: int
    year: int


def employee_facts(
    employee: Employee,
    trainings: list[TrainingRecord],
    on: dt.date,
    rules: dict[tuple[str, str], int],
    jp_norm: int = DEFAULT_JP_NORM,
) -> EmployeeFacts:
    functional = employee.functional_position
    bup_age = facts.resolve_bup_age(
        kind_code=employee.position_kind_id,
        functional_level=functional.level if functional else "",
        functional_bup=functional.bup_age if functional else None,
        override=employee.bup_override,
        rules=rules,
    )
    return EmployeeFacts(
        age=facts.age_on(employee.birth_date, on),
        bup_age=bup_age,
        bup_date=facts.bup_date(employee.birth_date, bup_age) if bup_age else None,
        retirement_date=facts.retirement_date(employee.birth_date, bup_age) if bup_age else None,
        remaining_service=facts.remaining_service(employee.birth_date, bup_age, on) if bup_age else None,
        position_tenure=facts.tenure(employee.position_tmt, on),
        rank_tenure=facts.tenure(employee.golongan_tmt, on),
        jp_this_year=facts.jp_in_year([t for t in trainings if t.revoked_at is None], on.year),
        jp_norm=jp_norm,
        year=on.year,
    )


@dataclass
class EmployeeHistories:
    ranks: list[RankHistory]
    positions: list[PositionHistory]
    education: list[EducationHistory]
    skp: list[SkpRecord]
    english: list[EnglishTest]
    trainings: list[TrainingRecord]
    documents: list[EmployeeDocument]


def employee_histories(employee: Employee) -> EmployeeHistories:
    """Every history of the record, their reference rows (golongan, kinds, levels) from the cached
    tables rather than joined: each join made the query's compiling and planning cost more than its
    reading (issue 20)."""
    histories = EmployeeHistories(
        ranks=list(employee.rank_history.all()),
        positions=list(employee.position_history.select_related("unit")),
        education=list(employee.education_history.all()),
        skp=list(employee.skp_history.all()),
        english=list(employee.english_tests.all()),
        trainings=list(employee.training_records.all()),
        documents=list(employee.documents.select_related("uploaded_by")),
    )
    attach_cached(histories.ranks, "golongan")
    attach_cached(histories.positions, "kind", "eselon")
    attach_cached(histories.education, "level")
    attach_cached(histories.skp, "rating")
    attach_cached(histories.english, "kind")
    attach_cached(histories.trainings, "kind", "structural_level")
    return histories


@dataclass(frozen=True)
class HistoryTableRow:
    cells: list[Cell]
    revoked: bool = False  # a training whose STTP was revoked: shown, struck out, not counted


@dataclass(frozen=True)
class HistoryTable:
    title: StrOrPromise
    headers: list[StrOrPromise]
    rows: list[HistoryTableRow]


def history_tables(employee: Employee, histories: EmployeeHistories) -> list[HistoryTable]:
    """The employee page's seven history tables, each cell worked out once here: seven included
    templates walking every row's model cost more than the page's queries (issue 20)."""
    return [
        HistoryTable(
            _("Riwayat pangkat"),
            [_("Golongan"), "TMT", _("Nomor SK"), _("Tanggal SK")],
            [_row(r.golongan, day_text(r.tmt), r.sk_number, day_text(r.sk_date)) for r in histories.ranks],
        ),
        HistoryTable(
            _("Riwayat jabatan"),
            [_("Jabatan"), _("Jenis"), _("Eselon"), _("Unit"), "TMT", _("Nomor SK")],
            [
                _row(p.name, p.kind, p.eselon or NONE_SHOWN, p.unit or NONE_SHOWN, day_text(p.tmt), p.sk_number)
                for p in histories.positions
            ],
        ),
        HistoryTable(
            _("Riwayat pendidikan"),
            [_("Jenjang"), _("Jurusan"), _("Sekolah/perguruan tinggi"), _("Tahun lulus")],
            [_row(e.level, e.major, e.institution, e.graduation_year) for e in histories.education],
        ),
        HistoryTable(_("Predikat SKP"), [_("Tahun"), _("Predikat")], [_row(s.year, s.rating) for s in histories.skp]),
        HistoryTable(
            _("Tes bahasa Inggris"),
            [_("Jenis tes"), _("Skor"), _("Tanggal"), _("Nomor sertifikat")],
            [_row(t.kind, localize(t.score), day_text(t.test_date), t.certificate_number) for t in histories.english],
        ),
        HistoryTable(
            _("Riwayat diklat"),
            [_("Nama diklat"), _("Jenis"), _("Penyelenggara"), _("Tanggal"), "JP", _("Nomor STTP")],
            [_training_row(record) for record in histories.trainings],
        ),
        HistoryTable(
            _("Dokumen"),
            [_("Jenis"), _("Berkas"), _("Ukuran"), _("Berlaku sampai"), _("Diunggah")],
            [_document_row(employee, document) for document in histories.documents],
        ),
    ]


def _row(*texts: object) -> HistoryTableRow:
    return HistoryTableRow([Cell(text) for text in texts])


def _training_row(record: TrainingRecord) -> HistoryTableRow:
    """A training as its history shows it: a revoked one struck out, with the day and reason of the
    revocation, its JP struck out too (no longer counted)."""
    name = escape(record.name)
    if record.revoked_at:
        revoked = _("Dicabut %(day)s: tidak dihitung") % {"day": day_text(record.revoked_at)}
        name = (
            f'<s>{name}</s> <span class="badge text-bg-danger">{escape(revoked)}</span>'
            f' <span class="small">{escape(record.revoke_reason)}</span>'
        )
    if record.structural_level:
        name += f' <span class="badge text-bg-info">{escape(str(record.structural_level))}</span>'
    hours = f"<s>{record.jp_hours}</s>" if record.revoked_at else str(record.jp_hours)
    dates = f"{day_text(record.start_date)} \u2013 {day_text(record.end_date)}"
    cells = [
        Cell(mark_safe(name)),  # noqa: S308  # every text in it escaped above
        Cell(record.kind),
        Cell(record.organiser),
        Cell(dates, css="text-nowrap"),
        Cell(mark_safe(hours)),  # noqa: S308  # a number
        Cell(record.certificate_number),
    ]
    return HistoryTableRow(cells, revoked=bool(record.revoked_at))


def _document_row(employee: Employee, document: EmployeeDocument) -> HistoryTableRow:
    uploaded = f"{day_text(document.created_at)} {document.uploaded_by or ''}".strip()
    cells = [
        Cell(document.get_kind_display()),
        Cell(document.original_name, reverse("people:document", args=[employee.nip, document.pk])),
        Cell(filesizeformat(document.size)),
        Cell(day_text(document.valid_until) or NONE_SHOWN),
        Cell(uploaded),
    ]
    return HistoryTableRow(cells)


def document_for(user: User, nip: str, document_id: int) -> EmployeeDocument:
    """A paper within the registry scope and, for sensitive kinds, the reader's need to know."""
    return EmployeeDocument.objects.select_related("employee").get(
        employee_scope(user, prefix="employee__"), paper_filter(user), employee__nip=nip, pk=document_id
    )


def readable_documents(user: User, documents: list[EmployeeDocument]) -> list[EmployeeDocument]:
    """The papers of an employee's page the user may open (one query, none when there are no papers:
    the need-to-know rule's subqueries cost more to build than the rest of the page's queries)."""
    if not documents:
        return []
    readable = set(
        EmployeeDocument.objects.filter(paper_filter(user), pk__in=[d.pk for d in documents]).values_list(
            "pk", flat=True
        )
    )
    return [d for d in documents if d.pk in readable]


# --- Audit trail ----------------------------------------------------------------------------


@dataclass
class AuditChange:
    field: str
    old: Any
    new: Any


@dataclass
class AuditEntry:
    at: dt.datetime
    who: str
    what: str
    action: str
    reason: str
    changes: list[AuditChange] = field(default_factory=list)


ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}
AUDITED = (RankHistory, PositionHistory, EducationHistory, SkpRecord, EnglishTest, TrainingRecord, EmployeeDocument)
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "checksum", "file", "employee"}


def _display(record: Any, name: str) -> Any:
    value = getattr(record, name)
    return "" if value is None else value


def employee_audit_trail(employee: Employee, limit: int = 200) -> list[AuditEntry]:
    """Who changed what and when, over the employee record and all its history rows."""
    sources: list[tuple[str, QuerySet[Any]]] = [
        (str(Employee._meta.verbose_name), Employee.history.filter(id=employee.pk))
    ]
    sources += [
        (str(model._meta.verbose_name), model.history.filter(employee_id=employee.pk))  # type: ignore[attr-defined]
        for model in AUDITED
    ]
    entries: list[AuditEntry] = []
    for label, history in sources:
        records = list(history.select_related("history_user").order_by("id", "history_date", "history_id"))
        fields = [
            f
            for f in history.model.instance_type._meta.fields  # type: ignore[attr-defined]
            if f.name not in HIDDEN_FIELDS
        ]
        previous_by_object: dict[int, Any] = {}
        for record in records:
            previous = previous_by_object.get(record.id)
            changes = [
                AuditChange(
                    str(f.verbose_name), _display(previous, f.attname) if previous else "", _display(record, f.attname)
                )
                for f in fields
                if previous is None or getattr(previous, f.attname) != getattr(record, f.attname)
            ]
            if record.history_type == "+":
                changes = [c for c in changes if c.new != ""]
            previous_by_object[record.id] = record
            entries.append(
                AuditEntry(
                    at=record.history_date,
                    who=record.history_user.get_username() if record.history_user else str(_("sistem")),
                    what=label,
                    action=str(ACTIONS.get(record.history_type, record.history_type)),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


# --- Dashboard ------------------------------------------------------------------------------


@dataclass
class DashboardStats:
    total: int
    units: int
    structural: int
    functional: int
    by_golongan: list[tuple[str, int]]
    by_education: list[tuple[str, int]]
    by_unit: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]


def dashboard_stats(user: User) -> DashboardStats:
    """Headline counts and chart series for the people the user may see, read from the units'
    figures (O(units) rows, whatever the registry's size); one's own record is counted directly."""
    whole_units = whole_units_scope(user)
    units = units_visible(user)
    if whole_units is None:
        employees = employees_visible(user)
        by_kind = dict(employees.values_list("position_kind_id").annotate(n=Count("id")).order_by())
        by_golongan = dict(employees.values_list("golongan_id").annotate(n=Count("id")).order_by())
        by_education = dict(employees.values_list("education_level_id").annotate(n=Count("id")).order_by())
        by_path: Iterable[tuple[str, int]] = employees.values_list("unit__path").annotate(n=Count("id")).order_by()
    else:
        figures = UnitFigure.objects.filter(year=0, unit__in=Unit.objects.filter(whole_units).values("pk"))
        sums: dict[str, dict[str, int]] = {}
        for figure, key, n in figures.values_list("figure", "key").annotate(n=Sum("value")).order_by():
            sums.setdefault(figure, {})[key] = n
        by_kind = {k or None: n for k, n in sums.get(Figure.POSITION_KIND, {}).items()}
        by_golongan = {int(k) if k else None: n for k, n in sums.get(Figure.GOLONGAN, {}).items()}
        by_education = {k or None: n for k, n in sums.get(Figure.EDUCATION, {}).items()}
        by_path = figures.filter(figure=Figure.EMPLOYEES).values_list("unit__path", "value")
    # People of sub-units count toward their OPD (depth 1): group by unit path, then fold by prefix.
    opd_names = {u.path: u.short_name or u.name for u in units.filter(depth=1)}
    by_opd: dict[str, int] = {}
    for path, n in by_path:
        name = opd_names.get(path[: 2 * UNIT_PATH_SEGMENT])
        if name:
            by_opd[name] = by_opd.get(name, 0) + n
    education = [(level.pk, level.code) for level in _in_order(EducationLevel)]
    return DashboardStats(
        total=sum(by_kind.values()),
        units=units.count(),
        structural=sum(
            by_kind.get(k, 0) for k in (PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS)
        ),
        functional=by_kind.get(PositionKind.FUNGSIONAL, 0),
        by_golongan=[(g.code, by_golongan.get(g.id, 0)) for g in _in_order(Golongan)],
        by_education=[(code, by_education[pk]) for pk, code in education if by_education.get(pk)],
        by_unit=sorted(by_opd.items(), key=lambda item: -item[1])[:15],
        by_kind=[(str(k.name), by_kind.get(k.code, 0)) for k in _in_order(PositionKind)],
    )


def employees_from_nip_lines(lines: Iterable[str], *, within: Q, already: set[str], outside: str) -> list[Employee]:
    """The employees named one NIP per line, in order, all within `within`. Every bad line is named
    (invalid NIP, `outside` the allowed employees, in `already`, written twice) in one refusal, so
    nothing is added unless all are good."""
    wanted = [(n, nip.strip()) for n, nip in enumerate(lines, start=1) if nip.strip()]
    if not wanted:
        raise ServiceError(_("Isi NIP, satu per baris."))
    found = {e.nip: e for e in Employee.objects.filter(within, nip__in=[nip for _n, nip in wanted])}
    errors, chosen, seen = [], [], set()
    for line, nip in wanted:
        try:
            parse_nip(nip)
        except NipError as error:
            errors.append(_("baris %(line)d, NIP '%(nip)s': %(why)s") % {"line": line, "nip": nip, "why": error})
            continue
        if nip not in found:
            why = outside
        elif nip in already:
            why = str(_("sudah terdaftar"))
        elif nip in seen:
            why = str(_("tertulis dua kali"))
        else:
            seen.add(nip)
            chosen.append(found[nip])
            continue
        errors.append(_("baris %(line)d, NIP '%(nip)s': %(why)s") % {"line": line, "nip": nip, "why": why})
    if errors:
        raise ServiceError("; ".join(str(e) for e in errors))
    return chosen


def functional_positions_matching(term: str) -> QuerySet[FunctionalPosition]:
    """SIASN functional positions whose name holds `term` or whose code starts with it, names first."""
    return FunctionalPosition.objects.filter(Q(name__icontains=term) | Q(pk__istartswith=term)).order_by("name", "pk")


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's workforce figures and charts, for those who see others' data; a chart with
    nothing in it is left out, and so is the comparison of units when there is one unit to show."""
    if not (user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees")):
        return None
    stats = dashboard_stats(user)
    if not stats.total:
        return None
    series = {"golongan": stats.by_golongan, "education": stats.by_education, "unit": stats.by_unit}
    charts = {
        name: {"labels": [label for label, _n in rows], "data": [n for _label, n in rows]}
        for name, rows in series.items()
        if sum(1 for _label, n in rows if n) >= (2 if name == "unit" else 1)
    }
    return {"stats": stats, "charts": charts}
