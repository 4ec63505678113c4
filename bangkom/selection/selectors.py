"""Reads for selection rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope
from bangkom.core.perf import gc_paused
from bangkom.core.waiting import Waiting, dated
from bangkom.documents.models import Document, DocumentStatus
from bangkom.people.models import DocumentKind, Employee, Golongan, LegalStatus, Post, Unit
from bangkom.rules import Result, RuleSet, parse_ruleset, screen
from bangkom.rules.engine import PAPER_ACCEPTED, PAPER_MISSING, PAPER_REJECTED, PAPER_UNCHECKED
from bangkom.rules.model import Group, Requirement

from .adapter import RoundFacts, candidates_from_registry
from .leadership import employees_trained
from .models import (
    ADVICE_DAYS,
    ELEMENT_COMPONENTS,
    REQUIRED_DOCUMENTS,
    Assessment,
    CandidateSource,
    CheckStatus,
    DocumentCheck,
    EnglishEquivalence,
    RoundCandidate,
    SelectionRound,
    SelectionTeam,
    SessionDecision,
    TeamMember,
    TeamSession,
    findings_expand,
)


def inventory_proposal(level: str, ruleset: RuleSet, posts: QuerySet[Post] | None = None) -> dict[int, CandidateSource]:
    """Penjaringan (S1; BIMA Pasal 9 and 37; Bekasi step 1): employee id -> why proposed.

    - officials already in a post of the target eselon without that leadership training (or a higher
      one) under any of its names (`leadership.employees_trained`);
    - officials in the feeder posts the rule set names (`feeders`, or its JABATAN requirement), also
      without it; staff of a position kind (at or above the level's minimum golongan) only where
      the rule set names the kind.
    When the round names its target posts from the job map (`posts`), the first are those posts'
    holders and the feeders are sought in the units of those posts (and below) only.
    Only employees whose legal status counts as active (or is not recorded) are proposed."""
    rules = ruleset.levels[level]
    active = Q(legal_status__isnull=True) | Q(legal_status__in=LegalStatus.objects.filter(counts_as_active=True))
    employees = Employee.objects.filter(active)
    in_post = Q(eselon__code__startswith=f"{rules.target_eselon_family}.")
    if posts is not None:
        in_post = Q(pk__in=posts.exclude(holder=None).values("holder_id"))
        units = Q()
        for path in set(posts.values_list("unit__path", flat=True)):
            units |= Q(unit__path__startswith=path)
        employees = employees.filter(units) if units else employees.none()
    proposal = dict.fromkeys(employees.filter(in_post).values_list("pk", flat=True), CandidateSource.IN_POST)
    # The feeders the rule set names; a level with a position requirement feeds from those posts.
    position = next((r for r in rules.requirements if r.kind == "position"), None)
    eselons = rules.feeder_eselons or (tuple(position.params["eselon"]) if position is not None else ())
    feeders = employees.filter(eselon__code__in=eselons) if eselons else employees.none()
    if rules.feeder_position_kinds:
        minimum = next((r.params["min"] for r in rules.requirements if r.kind == "min_golongan"), None)
        by_kind = employees.filter(position_kind__in=rules.feeder_position_kinds)
        if minimum:
            by_kind = by_kind.filter(
                golongan__in=Golongan.objects.filter(id__gte=Golongan.objects.get(code=minimum).id)
            )
        feeders = feeders | by_kind
    for pk in feeders.values_list("pk", flat=True):
        proposal.setdefault(pk, CandidateSource.FEEDER)
    # Never someone who already has this leadership training or a higher one, under any of its names.
    proposed = employees.filter(in_post | Q(pk__in=feeders))
    for pk in employees_trained(level, among=proposed):
        proposal.pop(pk, None)
    return proposal


TIE_BREAK_NAMES = {
    "masa_jabatan": gettext_lazy("masa jabatan terlama"),
    "golongan": gettext_lazy("golongan tertinggi"),
    "usia": gettext_lazy("usia tertua"),
    "nip": gettext_lazy("NIP"),
}


def ruleset_interpretation(selection_round: SelectionRound) -> list[tuple[str, str]]:
    """The readings the round's rule set applies where its text leaves a choice, for the page."""
    chosen = round_ruleset(selection_round).interpretation
    return [
        (
            _("Nilai akhir dibandingkan dengan nilai minimal"),
            _("sesudah dibulatkan 2 desimal") if chosen.round_before_pass_mark else _("tanpa dibulatkan"),
        ),
        (_("Urutan bila nilai sama"), ", ".join(str(TIE_BREAK_NAMES[key]) for key in chosen.tie_break)),
        (_("Kategori B diperingkat"), _("bersama kategori A") if chosen.b_ranked_with_a else _("sesudah semua A")),
        (
            _("Batas usia pensiun dihitung sampai"),
            _("tanggal acuan") if chosen.bup_counted_to == "tanggal_acuan" else _("akhir tahun tanggal acuan"),
        ),
        (
            _("Catatan"),
            chosen.note or _("bacaan bawaan Bangkom; ubah pada salinan aturan bila instansi menetapkan lain"),
        ),
    ]


def target_post_choices(selection_round: SelectionRound) -> QuerySet[Post]:
    """The job map's posts of the round's target eselon, the ones a round can name to fill."""
    family = round_ruleset(selection_round).levels[selection_round.level].target_eselon_family
    return Post.objects.filter(eselon__code__startswith=f"{family}.").select_related("eselon", "unit", "holder")


def round_target_posts(selection_round: SelectionRound) -> QuerySet[Post] | None:
    """The posts the round names, or None when it names none (the inventory then takes the whole agency)."""
    posts = Post.objects.filter(pk__in=selection_round.target_post_rows.values("post_id"))
    return posts if selection_round.target_post_rows.exists() else None


def rounds_visible(user: User) -> QuerySet[SelectionRound]:
    if not user.has_perm("selection.view_selectionround"):
        return SelectionRound.objects.none()
    return SelectionRound.objects.annotate(candidate_count=Count("candidates", filter=Q(candidates__included=True)))


def round_for(user: User, round_id: int) -> SelectionRound:
    return rounds_visible(user).select_related("created_by").get(pk=round_id)


def round_candidates(user: User, selection_round: SelectionRound) -> QuerySet[RoundCandidate]:
    """The round's candidates; an OPD operator sees those of their own units only."""
    # A correlated count, not a join and GROUP BY: PostgreSQL works it out for the page's rows only
    # (after the sort and the limit), not for the round's 600,000 checks (5 s at 100,000 candidates).
    verified = (
        DocumentCheck.objects.filter(candidate=OuterRef("pk"), status=CheckStatus.VERIFIED)
        .order_by()
        .values("candidate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = selection_round.candidates.filter(employee_scope(user, prefix="employee__")).annotate(
        verified_documents=Coalesce(Subquery(verified), 0)
    )
    return candidates.select_related("employee", "employee__unit", "employee__golongan").order_by(
        "-included", "group", F("rank").asc(nulls_last=True), "employee__name"
    )


CANDIDATE_STATES = ("ikut", "keluar")


# Paper filters: a candidate with any paper in that state, or (lengkap) with every paper verified.
PAPER_FILTERS = ("ditolak", "belum_ada", "ada", "lengkap")


def candidates_filtered(
    user: User,
    selection_round: SelectionRound,
    *,
    query: str = "",
    category: str = "",
    state: str = "",
    unit: str = "",
    finding: str = "",
    papers: str = "",
) -> QuerySet[RoundCandidate]:
    """The round's candidates the user may see, narrowed by a name or NIP, a category ("-": not yet
    screened), whether they are still in the round, a unit (and the units under it), a requirement
    not met or not decidable at the last screening, and the state of their papers."""
    candidates = round_candidates(user, selection_round)
    query = query.strip()
    if query:
        candidates = candidates.filter(Q(employee__nip__startswith=query) | Q(employee__name__icontains=query))
    if category == "-":
        candidates = candidates.filter(category="")
    elif category in ("A", "B", "C"):
        candidates = candidates.filter(category=category)
    if state in CANDIDATE_STATES:
        candidates = candidates.filter(included=state == "ikut")
    if unit.isdigit():
        path = Unit.objects.filter(pk=int(unit)).values_list("path", flat=True).first()
        candidates = candidates.filter(employee__unit__path__startswith=path) if path else candidates.none()
    if finding and finding.replace("_", "").isalnum():
        candidates = candidates.filter(unmet__contains=f" {finding} ")
    if papers in PAPER_FILTERS:
        checks = DocumentCheck.objects.filter(candidate=OuterRef("pk"))
        if papers == "lengkap":
            candidates = candidates.filter(Exists(checks)).exclude(Exists(checks.exclude(status=CheckStatus.VERIFIED)))
        else:
            candidates = candidates.filter(Exists(checks.filter(status=papers)))
    return candidates


def candidate_filter_choices(selection_round: SelectionRound) -> dict[str, list[tuple[str, str]]]:
    """The options of the round page's unit and requirement filters (two queries, whatever the size)."""
    level = round_ruleset(selection_round).levels[selection_round.level]
    codes = [r.code for r in level.requirements]
    if DocumentCheck.objects.filter(candidate__round=selection_round).exists():
        codes.append(PAPERS_CODE)
    units = Unit.objects.filter(pk__in=selection_round.candidates.values("employee__unit_id")).values_list("pk", "name")
    return {"units": [(str(pk), name) for pk, name in units], "findings": [(code, code) for code in codes]}


CENT = Decimal("0.01")


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def averaged_scores(selection_round: SelectionRound) -> dict[int, dict[str, Decimal]]:
    """Per candidate id, each element's score: the mean of its components for each assessor who
    scored them all, then the mean over those assessors (2 decimals, half-up). An element nobody
    has fully scored is left out, and the engine reports it as missing."""
    per_candidate: dict[int, dict[str, list[Decimal]]] = {}
    fields = [field for components in ELEMENT_COMPONENTS.values() for field in components]
    for row in Assessment.objects.filter(candidate__round=selection_round).values("candidate_id", *fields):
        elements = per_candidate.setdefault(row["candidate_id"], {})
        for element, components in ELEMENT_COMPONENTS.items():
            values = [row[c] for c in components]
            if all(v is not None for v in values):
                elements.setdefault(element, []).append(_mean(values))
    return {
        candidate: {element: _mean(values) for element, values in elements.items()}
        for candidate, elements in per_candidate.items()
    }


def assignments_for(user: User) -> QuerySet[Assessment]:
    """An assessor sees only their own assignments."""
    return (
        Assessment.objects.filter(assessor=user)
        .select_related("candidate__employee", "candidate__round")
        .order_by("-candidate__round__as_of", "candidate__employee__name")
    )


def assessors() -> QuerySet[User]:
    """Users who may be assigned to score candidates (the Penilai role)."""
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="assess_candidates")
        .distinct()
        .order_by("username")
    )


def candidate_assessments(candidate: RoundCandidate) -> QuerySet[Assessment]:
    return candidate.assessments.select_related("assessor").order_by("assessor__username")


def candidate_checks(candidate: RoundCandidate) -> QuerySet[DocumentCheck]:
    return candidate.document_checks.select_related("document", "verified_by").order_by("kind")


def round_ruleset(selection_round: SelectionRound) -> RuleSet:
    """The rule set exactly as it was when the round was opened."""
    return parse_ruleset(selection_round.ruleset_document, f"{selection_round.ruleset_id} (salinan seleksi)")


PAPER_STATE: dict[str, str] = {
    CheckStatus.VERIFIED: PAPER_ACCEPTED,
    CheckStatus.REJECTED: PAPER_REJECTED,
    CheckStatus.MISSING: PAPER_MISSING,
    CheckStatus.PRESENT: PAPER_UNCHECKED,
}
PAPERS_CODE = "BERKAS"


def required_papers(selection_round: SelectionRound) -> tuple[str, ...]:
    """The papers the round checks: those its rule set names for the level, else the default (S2)."""
    return round_ruleset(selection_round).levels[selection_round.level].papers or REQUIRED_DOCUMENTS


def round_papers(selection_round: SelectionRound) -> dict[int, tuple[tuple[str, str, str], ...]] | None:
    """Each included candidate's required papers as the document check left them (paper, state,
    note), in the order of `required_papers`; None while the round has not checked papers. A
    candidate added after the check has every paper "belum diperiksa". Candidates whose papers stand
    alike share one tuple."""
    papers = required_papers(selection_round)
    # One row per candidate, a status and note column per paper: a round of 100,000 reads 100,000
    # rows, not 600,000 (a candidate has at most one check of a kind, so Max picks that check).
    pivot: dict[str, Max] = {}
    for index, kind in enumerate(papers):
        pivot[f"status_{index}"] = Max("status", filter=Q(kind=kind))
        pivot[f"note_{index}"] = Max("note", filter=Q(kind=kind))
    rows = (
        DocumentCheck.objects.filter(candidate__round=selection_round, candidate__included=True)
        .order_by()  # not the model's order (by the round's date, rank and name): a sort of every check
        .values("candidate_id")
        .annotate(**pivot)
        .values_list("candidate_id", *pivot)
    )
    labels = [str(DocumentKind(kind).label) for kind in papers]  # translated once, not per candidate
    alike: dict[tuple[str | None, ...], tuple[tuple[str, str, str], ...]] = {}
    found: dict[int, tuple[tuple[str, str, str], ...]] = {}
    for candidate_id, *states in rows:
        key = tuple(states)
        stood = alike.get(key)
        if stood is None:
            stood = alike[key] = tuple(
                (label, PAPER_STATE[status], note) if status else (label, PAPER_UNCHECKED, "")
                for label, status, note in zip(labels, states[0::2], states[1::2], strict=True)
            )
        found[candidate_id] = stood
    if not found:
        return None
    unchecked = tuple((label, PAPER_UNCHECKED, "") for label in labels)
    included = selection_round.candidates.filter(included=True).order_by().values_list("pk", flat=True)
    return {candidate_id: found.get(candidate_id, unchecked) for candidate_id in included}


def with_papers(ruleset: RuleSet, level: str) -> RuleSet:
    """The rule set with the round's papers as a requirement of every group (S2: papers decide); an
    official already in a post of the target eselon needs no Baperjakat recommendation."""
    rules = ruleset.levels[level]
    source = rules.papers_source or f"{ruleset.source}; REQUIREMENTS S2 (berkas persyaratan)"
    papers = Requirement(
        PAPERS_CODE,
        "papers",
        source,
        frozenset(Group),
        False,
        {"in_post_exempt": (str(DocumentKind.BAPERJAKAT.label),)},
    )
    levels = {**ruleset.levels, level: replace(rules, requirements=(*rules.requirements, papers))}
    return replace(ruleset, levels=levels)


def with_agency_equivalences(ruleset: RuleSet, level: str, ruleset_id: str) -> RuleSet:
    """The rule set with the agency's English equivalence rows (Data referensi) in its English
    requirements: a test, the score counted as equal, its validity and the authority for it."""
    rows = list(EnglishEquivalence.objects.filter(ruleset_id=ruleset_id))
    if not rows:
        return ruleset
    rules = ruleset.levels[level]
    requirements = []
    for requirement in rules.requirements:
        if requirement.kind == "english":
            params = dict(requirement.params)
            own = [row for row in rows if row.test not in params["minimum"]]
            params["equivalences"] = {**params["equivalences"], **{row.test: row.min_score for row in own}}
            params["valid_years"] = {
                **params.get("valid_years", {}),
                **{row.test: row.valid_years for row in own if row.valid_years},
            }
            params["equivalence_sources"] = {
                **params.get("equivalence_sources", {}),
                **{row.test: row.source for row in own},
            }
            requirement = replace(requirement, params=params)
        requirements.append(requirement)
    return replace(ruleset, levels={**ruleset.levels, level: replace(rules, requirements=tuple(requirements))})


def round_results(selection_round: SelectionRound, ruleset: RuleSet) -> list[Result]:
    """The engine's verdict on the round's included candidates under `ruleset`, saving nothing:
    used by screening (which stores it) and by the what-if view (which only shows it). Once the
    round has checked papers, they are a requirement too."""
    # Only the columns the facts need, unordered (a round of 100,000: no model rows, no sort).
    included = RoundCandidate.objects.filter(round=selection_round, included=True).order_by()
    scores = averaged_scores(selection_round)
    papers = round_papers(selection_round)
    if papers is not None:
        ruleset = with_papers(ruleset, selection_round.level)
    ruleset = with_agency_equivalences(ruleset, selection_round.level, selection_round.ruleset_id)
    columns = ("pk", "employee_id", "proposed_by_unit", "baperjakat", "education_conversion", "selection_passed")
    facts = {
        employee_id: RoundFacts(
            proposed_by_unit=proposed,
            baperjakat=baperjakat,
            education_conversion=conversion,
            selection_passed=passed,
            papers=papers.get(pk) if papers is not None else None,
            **scores.get(pk, {}),
        )
        for pk, employee_id, proposed, baperjakat, conversion, passed in included.values_list(*columns)
    }
    # The round's people by a join, not a list of their ids (100,000 parameters in each query).
    people = Employee.objects.filter(selection_candidacies__round=selection_round, selection_candidacies__included=True)
    with gc_paused():
        engine_facts = candidates_from_registry(people, as_of=selection_round.as_of, round_facts=facts)
        return screen(ruleset, selection_round.level, selection_round.as_of, engine_facts)


# The selection team (TSPDI) -----------------------------------------------------------------------

ADVICE_KIND = "saran_tspdi"


def teams() -> QuerySet[SelectionTeam]:
    return SelectionTeam.objects.annotate(member_count=Count("members", distinct=True))


def team_members(team: SelectionTeam) -> QuerySet[TeamMember]:
    return team.members.select_related("employee").order_by("id")


def _signed_advice() -> Exists:
    return Exists(
        Document.objects.filter(
            kind=ADVICE_KIND,
            status=DocumentStatus.SIGNED,
            subject_id=OuterRef("pk"),
            subject_type=ContentType.objects.get_for_model(TeamSession),
        )
    )


def sessions(*, selection_round: SelectionRound | None = None) -> QuerySet[TeamSession]:
    """Sessions with `advice_signed`: whether the chair's advice on it has been signed."""
    rows = TeamSession.objects.select_related("team", "round").annotate(
        advice_signed=_signed_advice(), decision_count=Count("decisions", distinct=True)
    )
    return rows.filter(round=selection_round) if selection_round is not None else rows


def overdue_advice(today: dt.date) -> QuerySet[TeamSession]:
    """Sessions whose chair's advice is past its one-week deadline and still not signed."""
    late = sessions().filter(held_on__lt=today - dt.timedelta(days=ADVICE_DAYS))
    return late.filter(advice_signed=False).order_by("held_on")  # type: ignore[misc]  # annotated by sessions()


def latest_decisions(selection_round: SelectionRound) -> QuerySet[SessionDecision]:
    """Each candidate's decision from the latest session that decided on them."""
    newer = SessionDecision.objects.filter(candidate=OuterRef("candidate")).filter(
        Q(session__held_on__gt=OuterRef("session__held_on"))
        | Q(session__held_on=OuterRef("session__held_on"), session_id__gt=OuterRef("session_id"))
    )
    return (
        SessionDecision.objects.filter(session__round=selection_round)
        .exclude(Exists(newer))
        .select_related("candidate__employee", "candidate__employee__golongan", "candidate__employee__unit")
        .order_by(F("candidate__rank").asc(nulls_last=True), "candidate__employee__name")
    )


def session_decisions(session: TeamSession) -> QuerySet[SessionDecision]:
    return session.decisions.select_related(
        "candidate__employee", "candidate__employee__golongan", "candidate__employee__unit"
    ).order_by(F("candidate__rank").asc(nulls_last=True), "candidate__employee__name")


def _expanded(candidates: Iterator[RoundCandidate], size: int = 2000) -> Iterator[RoundCandidate]:
    """The candidates with their findings, read `size` at a time (one query of shared findings each)."""
    batch: list[RoundCandidate] = []
    for candidate in candidates:
        batch.append(candidate)
        if len(batch) == size:
            findings_expand(batch)
            yield from batch
            batch = []
    findings_expand(batch)
    yield from batch


def tabulation(selection_round: SelectionRound) -> Iterator[dict[str, Any]]:
    """The Lampiran 2 tabulation: every included candidate with their scores, final score, category
    and its explanation, in rank order within each group; a row at a time (a round of 100,000 held
    whole took 2 GB)."""
    scores = averaged_scores(selection_round)
    candidates = (
        selection_round.candidates.filter(included=True)
        .select_related("employee", "employee__golongan", "employee__unit")
        .order_by("group", F("rank").asc(nulls_last=True), "employee__name")
    )
    for number, candidate in enumerate(_expanded(candidates.iterator(chunk_size=2000)), start=1):
        elements = scores.get(candidate.pk, {})
        unmet = [f for f in candidate.findings if f.get("status") != "memenuhi"]
        explanation = [f"{f['kode']}: {f['keterangan']}" for f in unmet]
        yield {
            "no": number, "nip": candidate.employee.nip, "nama": candidate.employee.full_name,
            "golongan": candidate.employee.golongan.code if candidate.employee.golongan else "",
            "jabatan": candidate.employee.position_name, "unit": candidate.employee.unit.name,
            "kelompok": candidate.group,
            **{element: elements.get(element) for element in ELEMENT_COMPONENTS},
            "nilai_akhir": candidate.final_score, "kategori": candidate.verdict, "peringkat": candidate.rank,
            "keterangan": "; ".join([candidate.trained_warning, *explanation] if candidate.trained_already
                                    else explanation) or "Memenuhi seluruh persyaratan",
            "dasar_temuan": {f["kode"]: f.get("dasar", "") for f in unmet},
        }  # fmt: skip


def assessments_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Candidates the assessor has not scored in full while their round may still be scored."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from bangkom.core.waiting import listed

    from .models import EDITABLE_STATUSES, ELEMENT_COMPONENTS

    if not user.has_perm("selection.assess_candidates"):
        return 0, []
    unscored = Q()
    for fields in ELEMENT_COMPONENTS.values():
        for name in fields:
            unscored |= Q(**{f"{name}__isnull": True})
    rows = assignments_for(user).filter(unscored, candidate__round__status__in=EDITABLE_STATUSES)
    return listed(
        rows.order_by("created_at", "id"),
        limit,
        lambda a: Waiting(
            _("Nilai calon"),
            f"{a.candidate.employee.full_name} ({a.candidate.round.name})",
            reverse("selection:assessment", args=[a.pk]),
            dated(a.created_at),
        ),
    )


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of selection: sessions whose chair's advice is late."""
    if not user.has_perm("selection.view_selectionround"):
        return None
    late = list(overdue_advice(today).select_related("team"))
    return {"overdue_advice": late} if late else None
