"""The document engine's small API for every app:

- `document_draft(actor=, kind=, subject=, title=, context=)` fills the kind's current template;
- `document_check` (paraf), `document_return` (back to the drafter with a note),
  `document_redraft` (the drafter's corrected content), `document_sign` (numbers and re-renders);
- `template_upload` adds a new version of a kind's template after checking its placeholders.

Nobody checks or signs a document they drafted; every step leaves a history row."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image
from pypdf import PdfReader

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.accounts.selectors import permission_holders
from bangkom.core.codes import readable_code
from bangkom.core.errors import ServiceError
from bangkom.core.state_machine import status_move, status_start
from bangkom.notifications.services import notify

from . import selectors
from .converter import ConverterUnavailable
from .kinds import COMMON_SAMPLE, KINDS, REGION_HEAD, ROMAN_MONTHS, DocumentKind, indonesian_date
from .models import (
    DOCUMENT_TRANSITIONS,
    SIGNATURE_WITHDRAWAL,
    Document,
    DocumentStatus,
    DocumentTemplate,
    DocumentVersion,
    LegalBasis,
    Letterhead,
    NamedPerson,
    NumberSequence,
    PostHolder,
    SigningPost,
)
from .render import (
    TemplateError,
    docx_mark,
    docx_to_pdf,
    picture_spec,
    render_docx,
    rewrite_docx_text,
    template_bounds_check,
    template_placeholders,
)
from .signing import Signatory, SigningError, SigningRequest, configured_backend, stamped
from .watermark import watermarked

UNNUMBERED = "…"


DRAFT = "documents.draft_document"
MANAGE_TEMPLATES = "documents.manage_templates"


def kind_for(code: str) -> DocumentKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ServiceError(_("Jenis dokumen %(kind)s tidak dikenal.") % {"kind": code}) from None


def letterhead() -> Letterhead:
    """The agency's letterhead as kept in Data referensi; before the agency saves one, the
    installation's settings (BANGKOM_AGENCY_*) stand in, unsaved."""
    saved = Letterhead.objects.order_by("pk").first()
    return saved if saved is not None else settings_letterhead()


def settings_letterhead() -> Letterhead:
    """The installation's letterhead from its settings, unsaved."""
    return Letterhead(
        government=settings.BANGKOM_AGENCY_NAME,
        agency_name=settings.BANGKOM_AGENCY_UNIT,
        address=settings.BANGKOM_AGENCY_ADDRESS,
        phone=settings.BANGKOM_AGENCY_PHONE,
        website=settings.BANGKOM_AGENCY_WEBSITE,
        email=settings.BANGKOM_AGENCY_EMAIL,
        city=settings.BANGKOM_AGENCY_CITY,
        region_head=settings.BANGKOM_REGION_HEAD,
    )


def agency(head: Letterhead | None = None) -> dict[str, Any]:
    """The letterhead as templates read it (`instansi.…`): the government, the agency, its address,
    how to reach it, and the lambang as a picture ("" when none was uploaded)."""
    head = head or letterhead()
    contact = [
        f"{label} {value}"
        for label, value in (
            ("Telepon", head.phone),
            ("Laman", head.website),
            ("Pos-el", head.email),
        )
        if value
    ]
    return {
        "pemerintah": head.government,
        "nama": head.agency_name,
        "alamat": head.address,
        "kontak": " · ".join(contact),
        "kota": head.city,
        "kepala_daerah": head.region_head,
        "lambang": picture_spec(bytes(head.lambang), height_cm=LAMBANG_HEIGHT_CM) if head.lambang else "",
    }


def agency_line() -> str:
    """The agency as public pages name it: "Badan …, Pemerintah Kabupaten …"."""
    head = letterhead()
    return f"{head.agency_name}, {head.government}"


LAMBANG_HEIGHT_CM = 2.4
MAX_LAMBANG_BYTES = 2 * 1024 * 1024
MAX_LAMBANG_PIXELS = 1200  # the longer side kept: sharp at 2.4 cm on a 600-dpi print


def lambang_png(content: bytes, name: str) -> bytes:
    """An uploaded lambang as a PNG no larger than needed, or a refusal naming the file and why."""
    if len(content) > MAX_LAMBANG_BYTES:
        raise ServiceError(
            _("Berkas lambang %(name)s berukuran %(size)s KB, melebihi batas %(limit)s KB.")
            % {"name": name, "size": len(content) // 1024, "limit": MAX_LAMBANG_BYTES // 1024}
        )
    try:
        with Image.open(io.BytesIO(content)) as picture:
            if picture.format not in ("PNG", "JPEG"):
                raise ServiceError(
                    _("Berkas lambang %(name)s berformat %(format)s; unggah gambar PNG atau JPEG.")
                    % {"name": name, "format": picture.format or "?"}
                )
            if picture.width * picture.height > 50_000_000:
                raise ServiceError(_("Berkas lambang %(name)s terlalu besar ukuran pikselnya.") % {"name": name})
            picture.load()
            image = picture.convert("RGBA")
    except ServiceError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ServiceError(
            _("Berkas lambang %(name)s bukan gambar yang dapat dibaca; unggah gambar PNG atau JPEG.") % {"name": name}
        ) from None
    image.thumbnail((MAX_LAMBANG_PIXELS, MAX_LAMBANG_PIXELS))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@transaction.atomic
def letterhead_save(
    *,
    actor: User | None,
    head: Letterhead,
    lambang: bytes | None = None,
    lambang_name: str = "",
    remove_lambang: bool = False,
) -> Letterhead:
    """Save the agency's letterhead (one row); a new lambang is checked and kept as PNG. The next
    draft and every later signature print it; signed letters keep the kop they were signed with."""
    require_permission(actor, "documents.change_letterhead")
    if lambang is not None:
        head.lambang = lambang_png(lambang, lambang_name)
    elif remove_lambang:
        head.lambang = b""
    existing = Letterhead.objects.select_for_update().order_by("pk").first()
    if existing is not None and head.pk != existing.pk:
        head.pk, head.created_at = existing.pk, existing.created_at  # one letterhead: the form edits it
    head.full_clean()
    head.save()
    return head


def declared_context(kind: DocumentKind) -> dict[str, Any]:
    """The names (and their fields) a template of this kind may use: the engine's and the kind's."""
    return {**COMMON_SAMPLE, **kind.sample}


def current_template(kind: DocumentKind) -> DocumentTemplate:
    """The newest template of a kind; the built-in one becomes version 1 the first time it is needed."""
    template = DocumentTemplate.objects.filter(kind=kind.code).order_by("-version").first()
    if template is None:
        try:
            with transaction.atomic():
                template = DocumentTemplate.objects.create(
                    kind=kind.code,
                    version=1,
                    content=kind.default_template(),
                    number_format=kind.number_format,
                    note=_("Templat bawaan Bangkom"),
                )
        except IntegrityError:  # another request made it at the same moment: use theirs
            template = DocumentTemplate.objects.filter(kind=kind.code).latest("version")
    return template


def format_number(number_format: str, *, sequence: int, day: dt.date) -> str:
    return number_format.format(nomor=sequence, tahun=day.year, bulan=ROMAN_MONTHS[day.month - 1])


def number_format_check(number_format: str) -> None:
    """Refuse a number format that cannot be filled or has no {nomor}, saying why."""
    try:
        sample = format_number(number_format, sequence=1, day=dt.date(2026, 1, 1))
    except (KeyError, IndexError, ValueError) as error:
        raise ServiceError(
            _("Format nomor %(format)r tidak sah: gunakan hanya {nomor}, {tahun} dan {bulan} (%(error)s).")
            % {"format": number_format, "error": error}
        ) from None
    if "{nomor}" not in number_format and "{nomor:" not in number_format:
        raise ServiceError(_("Format nomor %(format)r harus memuat {nomor}.") % {"format": number_format})
    if not sample.strip():
        raise ServiceError(_("Format nomor tidak boleh kosong."))


def converter_down_error(error: ConverterUnavailable) -> ServiceError:
    return ServiceError(
        _(
            "Pengubah dokumen (LibreOffice) tidak berjalan, sehingga PDF tidak dapat dibuat dan tidak ada yang "
            "disimpan. Hubungi administrator untuk menjalankannya, lalu ulangi. (%(error)s)"
        )
        % {"error": error}
    )


def _fill(
    template: DocumentTemplate,
    context: Mapping[str, Any],
    *,
    title: str,
    uploaded: DocumentVersion | None = None,
    mark: str = "",
) -> tuple[bytes, bytes]:
    """The DOCX and PDF of a template filled with `context`, or of the drafter's uploaded letter (which
    only its number, date and signature block are filled in); what cannot be filled is a refusal
    naming the kind and version."""
    if uploaded is not None:
        source, declared = bytes(uploaded.docx), {name: COMMON_SAMPLE[name] for name in SIGNING_NAMES}
    else:
        source, declared = bytes(template.content), declared_context(kind_for(template.kind))
    try:
        docx = render_docx(source, context, declared=declared)
        if mark:
            docx = docx_mark(docx, mark)
        return docx, docx_to_pdf(docx, title=title)
    except ConverterUnavailable as error:
        raise converter_down_error(error) from None
    except TemplateError as error:
        if uploaded is not None:
            raise ServiceError(
                _("DOCX perbaikan versi %(version)d tidak dapat diisi: %(error)s")
                % {"version": uploaded.number, "error": error}
            ) from None
        raise ServiceError(
            _("Templat %(kind)s versi %(version)d tidak dapat diisi: %(error)s")
            % {"kind": template.kind, "version": template.version, "error": error}
        ) from None


# What signing fills in: in a corrected DOCX the drafter uploads these stay placeholders.
SIGNING_NAMES = (
    "nomor",
    "tanggal",
    "status_tanda_tangan",
    "penandatangan",
    "penandatangan_jabatan",
    "penandatangan_pangkat",
    "penandatangan_nip",
    "penandatangan_sebagai",
)
REQUIRED_IN_UPLOAD = ("nomor", "tanggal")
SIGNING_MARKER = re.compile(r"zzbk-([a-z_]+)-zz", re.IGNORECASE)


def verification_code() -> str:
    """A random public key such as ABCD-EFGH-JKLM, printed as a QR code: numbers cannot be enumerated."""
    return readable_code(12, group=4)


def verification_url(code: str) -> str:
    """The public page of a signed document or a certificate, as printed in its QR code."""
    return settings.BANGKOM_PUBLIC_URL.rstrip("/") + reverse("verification:certificate", args=[code])


def signatory_of(actor: User, holding: PostHolder | None = None, above: Sequence[SigningPost] = ()) -> Signatory:
    """The signer as printed: the registry's name with titles, the post signed for (with Plt./Plh.
    when acting, a.n./u.b. when signing on a higher post's behalf), pangkat/golongan and NIP; without
    a registered post, the signer's own position."""
    if holding is not None and holding.employee_id is None:  # a head of region: a name, no NIP or pangkat
        post = f"{holding.acting} {holding.post.name}".strip()
        return Signatory(
            name=holding.name,
            post=post,
            rank="",
            nip="",
            signs_as=f"{holding.acting} {holding.post.name.upper()}".strip(),
        )
    employee = holding.employee if holding is not None else getattr(actor, "employee", None)
    if employee is None:
        return Signatory(name=actor.get_full_name() or actor.get_username(), post="", rank="", nip="")
    golongan = employee.golongan
    rank = f"{golongan.pangkat} ({golongan.code})" if golongan is not None else ""
    if holding is None:
        return Signatory(name=employee.full_name, post=employee.position_name, rank=rank, nip=employee.nip)
    post = f"{holding.acting} {holding.post.name}".strip()
    own = f"{holding.acting} {holding.post.name.upper()}".strip()
    if not above:
        lines = [own]
    elif len(above) == 1:  # a.n. the signing post
        lines = [f"a.n. {above[0].name.upper()},", own]
    else:  # a.n. the signing post, the post it delegated to, u.b. the signer's own post
        lines = [f"a.n. {above[-1].name.upper()},", f"{above[0].name.upper()},", "u.b.", own]
    return Signatory(name=employee.full_name, post=post, rank=rank, nip=employee.nip, signs_as="\n".join(lines))


# --- Signing posts: who may initial and sign ----------------------------------------------------


def holders_on(post_code: str, day: dt.date) -> models.QuerySet[PostHolder]:
    """Who holds a post on a day, acting holders (Plt./Plh.) first: while one is appointed, they sign."""
    return (
        PostHolder.objects.filter(post__code=post_code, start__lte=day)
        .filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
        .select_related("post", "employee__golongan")
        .order_by("-acting", "-start")
    )


def post_in_use(post_code: str) -> bool:
    """Whether the agency has recorded anyone in the post. Until it has (an installation being set
    up), the roles' permissions alone decide who initials and signs for it."""
    return PostHolder.objects.filter(post__code=post_code).exists()


def holding_of(actor: User, post_code: str, day: dt.date) -> PostHolder | None:
    if not actor.employee_id:
        return None
    return holders_on(post_code, day).filter(employee_id=actor.employee_id).first()


def signing_authority(
    actor: User, post_code: str, day: dt.date, *, delegable: bool
) -> tuple[PostHolder, list[SigningPost]] | None:
    """How the actor may sign for a post on a day: holding it (the posts above: none); or, where the
    kind allows, holding a post that signs on its behalf (a.n.: that post above) or one below such a
    post (u.b.: both posts above, nearest first)."""
    holding = holding_of(actor, post_code, day)
    if holding is not None:
        return holding, []
    if not delegable or not actor.employee_id:
        return None
    held = (
        PostHolder.objects.filter(employee_id=actor.employee_id, start__lte=day)
        .filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
        .select_related("post__on_behalf_of__on_behalf_of", "employee__golongan")
        .order_by("-acting", "-start")
    )
    for candidate in held:
        above: list[SigningPost] = []
        post = candidate.post
        while post.on_behalf_of is not None and len(above) < 2:  # a.n., then u.b.: no deeper in TND
            post = post.on_behalf_of
            above.append(post)
            if post.code == post_code:
                return candidate, above
    return None


@transaction.atomic
def signing_post_save(*, actor: User | None, post: SigningPost) -> SigningPost:
    """Name a signing post and whom it signs for (a.n.): never itself, never in a circle, and at most
    two steps below the post it ends at (a.n. … u.b., as Tata Naskah Dinas allows)."""
    require_permission(actor, "documents.change_signingpost" if post.pk else "documents.add_signingpost")
    signing_post_check(post)
    post.full_clean()
    post.save()
    return post


def signing_post_check(post: SigningPost) -> None:
    """Refuse a post that would sign on its own behalf, in a circle, or deeper than a.n. … u.b."""
    seen, above, depth = {post.pk}, post.on_behalf_of, 0
    while above is not None:
        if above.pk in seen:
            raise ServiceError(
                _("%(post)s tidak dapat menandatangani atas nama %(above)s: penandatanganan a.n. akan berputar.")
                % {"post": post.name, "above": post.on_behalf_of}
            )
        seen.add(above.pk)
        depth += 1
        above = above.on_behalf_of
    if depth + _delegation_depth_below(post) > 2:
        raise ServiceError(
            _("Penandatanganan atas nama paling banyak dua jenjang (a.n. dan u.b.); %(post)s melampauinya.")
            % {"post": post.name}
        )


def _delegation_depth_below(post: SigningPost) -> int:
    """How many steps of delegates hang below a post (its a.n. and their u.b.)."""
    if post.pk is None:
        return 0
    below = SigningPost.objects.filter(on_behalf_of=post)
    return max((1 + _delegation_depth_below(child) for child in below), default=0)


@transaction.atomic
def legal_basis_save(*, actor: User | None, item: LegalBasis) -> LegalBasis:
    """The agency edits what a kind cites (Dasar, Menimbang, Mengingat); the next draft prints it."""
    require_permission(actor, "documents.change_legalbasis" if item.pk else "documents.add_legalbasis")
    kind_for(item.kind)
    item.text = " ".join(item.text.split())
    if not item.text:
        raise ServiceError(_("Bunyi dasar hukum tidak boleh kosong."))
    item.example = False if item.pk else item.example  # edited by the agency: no longer the shipped example
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def post_holder_save(*, actor: User | None, holder: PostHolder) -> PostHolder:
    """Record who holds a signing post from when to when. Two definitive holders of one post never
    overlap (acting holders may: a Plh. stands in while the holder is away)."""
    require_permission(actor, "documents.change_postholder" if holder.pk else "documents.add_postholder")
    post_holder_check(holder, lock=True)
    holder.full_clean()
    holder.save()
    return holder


def post_holder_check(holder: PostHolder, *, lock: bool = False) -> None:
    """Refuse an end before the start, and two definitive holders of one post at the same time;
    `lock` (inside the saving transaction) keeps a concurrent save from slipping in between."""
    if (holder.employee_id is None) == (not holder.name.strip()):
        raise ServiceError(
            _("Pilih pegawai pemangku jabatan, atau tulis nama pejabat di luar data pegawai; tidak keduanya.")
        )
    if holder.end is not None and holder.end < holder.start:
        raise ServiceError(
            _("Tanggal sampai %(end)s sebelum tanggal mulai %(start)s.")
            % {"end": indonesian_date(holder.end), "start": indonesian_date(holder.start)}
        )
    if not holder.acting:
        far = dt.date.max
        # of=self: the holder's employee is an outer join (a post may be held by name), which
        # PostgreSQL will not lock.
        holders = PostHolder.objects.select_for_update(of=("self",)) if lock else PostHolder.objects.all()
        overlapping = (
            holders.filter(post_id=holder.post_id, acting="", start__lte=holder.end or far)
            .filter(models.Q(end__isnull=True) | models.Q(end__gte=holder.start))
            .exclude(pk=holder.pk)
            .select_related("employee")
            .first()
        )
        if overlapping is not None:
            raise ServiceError(
                _(
                    "%(post)s sudah dipangku definitif oleh %(name)s sejak %(start)s; isi tanggal sampai pada "
                    "pemangku itu lebih dahulu, atau catat sebagai Plt./Plh."
                )
                % {"post": holder.post, "name": overlapping.holder_name, "start": indonesian_date(overlapping.start)}
            )


def _post_refusal(message: str, post_code: str, day: dt.date) -> ServiceError:
    post = SigningPost.objects.filter(code=post_code).first()
    holders = ", ".join(f"{h.acting} {h.holder_name}".strip() for h in holders_on(post_code, day))
    return ServiceError(
        message
        % {
            "post": post.name if post else post_code,
            "holders": holders or _("belum ada pemangku"),
            "day": indonesian_date(day),
        }
    )


def _chain_check_initial(document: Document, actor: User, day: dt.date) -> None:
    done = selectors.initials(document)
    if any(row.changed_by_id == actor.pk for row in done):
        raise ServiceError(_("Anda sudah memaraf dokumen ini; paraf berikutnya oleh pejabat di atas Anda."))
    chain, _signer = kind_for(document.kind).signing_chain()
    step = len(done)
    if step < len(chain) and post_in_use(chain[step]) and holding_of(actor, chain[step], day) is None:
        raise _post_refusal(
            _("Paraf berikutnya oleh %(post)s (pada %(day)s: %(holders)s); Anda tidak memangku jabatan itu."),
            chain[step],
            day,
        )


def _chain_check_signature(
    document: Document, actor: User, day: dt.date
) -> tuple[PostHolder, list[SigningPost]] | None:
    """Refuse a signer who initialled the same draft, a draft whose initialling posts have not all
    initialled, and anyone who may not sign for the signing post on the day (`signing_authority`);
    returns how they sign for it."""
    done = selectors.initials(document)
    if any(row.changed_by_id == actor.pk for row in done):
        raise ServiceError(_("Anda sudah memaraf surat ini: yang memaraf tidak menandatangani surat yang sama."))
    document_kind = kind_for(document.kind)
    chain, signing_post = document_kind.signing_chain()
    missing = [code for code in chain[len(done) :] if post_in_use(code)]
    if missing:
        raise _post_refusal(_("Surat ini belum diparaf oleh %(post)s (pada %(day)s: %(holders)s)."), missing[0], day)
    if not post_in_use(signing_post):
        return None
    authority = signing_authority(actor, signing_post, day, delegable=document_kind.delegable)
    if authority is None:
        raise _post_refusal(
            _("Surat ini ditandatangani oleh %(post)s; pada %(day)s jabatan itu dipangku %(holders)s.")
            + ("" if document_kind.delegable else " " + _("Keputusan tidak ditandatangani atas nama (a.n.).")),
            signing_post,
            day,
        )
    return authority


def _render(document: Document, *, number: str, signatory: Signatory | None, electronic: bool = False) -> None:
    """Fill the document's template; until it is signed its PDF carries the KONSEP mark."""
    signed = signatory is not None
    context = {
        **COMMON_SAMPLE,
        **document.context,
        "instansi": agency(),
        "nomor": number or UNNUMBERED,
        # The Jakarta date: a letter signed at 00:30 WIB on 1 January is dated that day, not 31 December.
        "tanggal": indonesian_date(timezone.localdate(document.signed_at or timezone.now())),
        "status_tanda_tangan": (_("Ditandatangani secara elektronik") if electronic else _("ttd."))
        if signed
        else _("(belum ditandatangani)"),
    }
    if signatory is not None:
        context.update(
            penandatangan=signatory.name,
            penandatangan_jabatan=signatory.post,
            penandatangan_pangkat=signatory.rank,
            penandatangan_nip=signatory.nip,
            penandatangan_sebagai=signatory.signs_as,
        )
        named = document.context.get("penandatangan")
        if named and not signatory.signs_as and named != signatory.name:
            # No post holder recorded: the name the flow filled in (a chair named in the session)
            # stands, without a pangkat or NIP that would be someone else's.
            context.update(penandatangan=named, penandatangan_pangkat="", penandatangan_nip="")
    if document.uploaded_version_id is not None and signatory is not None:
        # A corrected DOCX prints the acting line where the template would print the role line.
        context["penandatangan_sebagai"] = signatory.signs_as or signatory.post
    document.docx, pdf = _fill(document.template, context, title=document.title, uploaded=document.uploaded_version)
    document.pdf = pdf if signed else watermarked(pdf)


def _keep_version(document: Document, actor: User, *, note: str, uploaded: bytes | None = None) -> DocumentVersion:
    """Keep the draft just made as the document's next version (an uploaded DOCX as it came)."""
    number = (document.versions.aggregate(last=models.Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        context=document.context,
        uploaded=uploaded is not None,
        note=note[:300],
        created_by=actor,
    )
    version.docx, version.pdf = uploaded or document.docx, document.pdf
    version.save()
    return version


def _move(document: Document, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        document,
        to=to,
        transitions=DOCUMENT_TRANSITIONS,
        history=document.status_changes,
        actor=actor,
        note=note,
        labels=DocumentStatus,
    )


EMPTY_VALUES = (None, "", "-")


def required_check(kind: DocumentKind, context: Mapping[str, Any]) -> None:
    """Refuse a draft that lacks what its kind needs, naming every missing item."""
    missing = [str(label) for name, label in kind.required.items() if context.get(name) in EMPTY_VALUES]
    if missing:
        raise ServiceError(
            _("%(kind)s belum dapat disusun; lengkapi dahulu: %(missing)s.")
            % {"kind": kind.name, "missing": ", ".join(missing)}
        )


@transaction.atomic
def document_draft(
    *,
    actor: User,
    kind: str,
    subject: models.Model,
    title: str,
    context: Mapping[str, Any],
    permission: str = DRAFT,
) -> Document:
    """Draft a letter of `kind` about `subject`. Its actor needs the permission to draft documents,
    or, when a flow drafts its own letter (a plan, a decree, an assessment's letters), the flow's
    permission it names in `permission`: checked here again, so no caller drafts without one."""
    require_permission(actor, permission)
    document_kind = kind_for(kind)
    required_check(document_kind, context)
    document = Document(
        kind=document_kind.code,
        title=title,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        context=dict(context),
        template=current_template(document_kind),
        drafted_by=actor,
    )
    _render(document, number="", signatory=None)
    document.save()
    status_start(document, history=document.status_changes, actor=actor)
    _keep_version(document, actor, note=_("Konsep pertama"))
    return _moved(document, actor)


def _moved(document: Document, actor: User) -> Document:
    hook = kind_for(document.kind).moved
    if hook is not None:
        hook(document, actor)
    step = next_step(document)
    document.waiting_post, document.waiting_task = (step[0], step[2]) if step else ("", "")
    Document.objects.filter(pk=document.pk).update(
        waiting_post=document.waiting_post, waiting_task=document.waiting_task
    )
    _tell_who_is_next(document)
    return document


def next_step(document: Document) -> tuple[str, str, str] | None:
    """The post of the letter's chain it waits on now, the permission that step needs and the task
    ("paraf" or "tanda tangan"); None after a return or the signature."""
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.CHECKED):
        return None
    chain, signer = kind_for(document.kind).signing_chain()
    step = len(selectors.initials(document))
    return (chain[step], selectors.CHECK, "paraf") if step < len(chain) else (signer, selectors.SIGN, "tanda tangan")


def waiting_on(document: Document) -> tuple[list[User], str]:
    """Who the letter waits on now and for what ("paraf" or "tanda tangan"): the holders of the next
    post of its chain on this day when the agency has filled that post, else everyone who may initial
    or sign; the drafter never. After a return or the signature nobody waits: ([], "")."""
    step = next_step(document)
    if step is None:
        return [], ""
    post, permission, task = step
    if post_in_use(post):
        employees = holders_on(post, timezone.localdate()).filter(employee__isnull=False).values("employee")
        users = User.objects.filter(employee__in=employees, is_active=True)
    else:
        users = permission_holders(permission)
    return list(users.exclude(pk=document.drafted_by_id).distinct()), task


def _tell_who_is_next(document: Document) -> None:
    link = document.get_absolute_url()
    if document.status == DocumentStatus.RETURNED:
        notify(
            recipients=[document.drafted_by],
            message=gettext_lazy("%(title)s dikembalikan untuk diperbaiki."),
            params={"title": document.title},
            link=link,
        )
    elif document.status == DocumentStatus.SIGNED:
        notify(
            recipients=[document.drafted_by],
            message=gettext_lazy("%(title)s sudah ditandatangani."),
            params={"title": document.title},
            link=link,
        )
    else:
        users, task = waiting_on(document)
        message = (
            gettext_lazy("%(title)s menunggu paraf Anda.")
            if task == "paraf"
            else gettext_lazy("%(title)s menunggu tanda tangan Anda.")
        )
        notify(recipients=users, message=message, params={"title": document.title}, link=link)


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _not_own(document: Document, actor: User) -> None:
    if document.drafted_by_id == actor.pk:
        raise ServiceError(_("Dokumen yang Anda susun sendiri harus diparaf dan ditandatangani orang lain."))


@transaction.atomic
def document_check(*, actor: User, document: Document, note: str = "") -> Document:
    require_permission(actor, "documents.check_document")
    document = _locked(document)
    _not_own(document, actor)
    _chain_check_initial(document, actor, timezone.localdate())
    _move(document, actor=actor, to=DocumentStatus.CHECKED, note=note)
    document.checked_by = actor  # the last to initial it
    document.save(update_fields=["status", "checked_by", "updated_at"])
    return _moved(document, actor)


@transaction.atomic
def document_return(*, actor: User, document: Document, note: str) -> Document:
    if not (actor.has_perm("documents.check_document") or actor.has_perm("documents.sign_document")):
        raise ServiceError(_("Anda tidak berwenang melakukan langkah ini."))
    if not note.strip():
        raise ServiceError(_("Tuliskan catatan perbaikan untuk penyusun."))
    document = _locked(document)
    _not_own(document, actor)
    _move(document, actor=actor, to=DocumentStatus.RETURNED, note=note)
    document.checked_by = None
    document.save(update_fields=["status", "checked_by", "updated_at"])
    return _moved(document, actor)


def document_generate(*, actor: User, kind: str, subject: models.Model, permission: str = DRAFT) -> Document:
    """Draft a kind whose owning app registered how to fill it from its subject (`permission` as in
    `document_draft`)."""
    require_permission(actor, permission)
    build = kind_for(kind).build
    if build is None:
        raise ServiceError(_("Jenis dokumen %(kind)s tidak dapat disusun otomatis.") % {"kind": kind})
    title, context = build(subject)
    return document_draft(actor=actor, kind=kind, subject=subject, title=title, context=context, permission=permission)


@transaction.atomic
def document_redraft(*, actor: User, document: Document, note: str = "") -> Document:
    """The corrected draft after a return: the content is filled again from the subject as it is now
    (where the kind knows how) and rendered from the kind's current template."""
    require_permission(actor, DRAFT)
    document = _locked(document)
    document_kind = kind_for(document.kind)
    _move(document, actor=actor, to=DocumentStatus.DRAFT, note=note or _("Diperbaiki"))
    parts = _letter_parts(document.context)
    if document_kind.build is not None:
        document.title, document.context = document_kind.build(document.subject)
    document.context = {**document.context, **parts}
    required_check(document_kind, document.context)
    document.drafted_by = actor
    document.template = current_template(document_kind)
    document.uploaded_version = None
    _render(document, number="", signatory=None)
    document.save()
    _keep_version(document, actor, note=note or _("Disusun ulang"))
    return _moved(document, actor)


LETTER_PARTS = ("sifat", "lampiran", "tembusan")
SIFAT_CHOICES = ("Biasa", "Segera", "Sangat Segera", "Terbatas", "Rahasia")
MAX_COPIES = 20


def _letter_parts(context: Mapping[str, Any]) -> dict[str, Any]:
    """The letter parts a redraft keeps: the drafter set them, the subject does not know them."""
    return {name: context[name] for name in LETTER_PARTS if name in context}


def _correctable(actor: User, document: Document) -> Document:
    require_permission(actor, "documents.draft_document")
    document = _locked(document)
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.RETURNED):
        raise ServiceError(
            _("Dokumen berstatus %(status)s tidak dapat diperbaiki; hanya konsep atau dokumen yang dikembalikan.")
            % {"status": document.get_status_display()}
        )
    return document


def _back_to_draft(document: Document, actor: User, note: str) -> None:
    if document.status == DocumentStatus.RETURNED:
        _move(document, actor=actor, to=DocumentStatus.DRAFT, note=note)
    document.drafted_by = actor


@transaction.atomic
def document_correct(
    *, actor: User, document: Document, sifat: str, lampiran: str, tembusan: Sequence[str], note: str = ""
) -> Document:
    """The drafter sets the letter's Sifat, Lampiran and Tembusan; the letter is filled again from
    its template (a corrected DOCX uploaded before is set aside, kept among the versions)."""
    document = _correctable(actor, document)
    lampiran = " ".join(lampiran.split()) or "-"
    copies = [" ".join(line.split()) for line in tembusan if line.strip()]
    if sifat not in SIFAT_CHOICES:
        raise ServiceError(
            _("Sifat %(value)r tidak dikenal; pilih salah satu: %(choices)s.")
            % {"value": sifat, "choices": ", ".join(SIFAT_CHOICES)}
        )
    if len(lampiran) > 100:
        raise ServiceError(_("Lampiran paling banyak 100 karakter (tertulis %(count)d).") % {"count": len(lampiran)})
    if len(copies) > MAX_COPIES:
        raise ServiceError(
            _("Tembusan paling banyak %(max)d baris (tertulis %(count)d).") % {"max": MAX_COPIES, "count": len(copies)}
        )
    for row, line in enumerate(copies, start=1):
        if len(line) > 200:
            raise ServiceError(_("Tembusan baris %(row)d lebih dari 200 karakter.") % {"row": row})
    _back_to_draft(document, actor, note or _("Rincian surat diperbaiki"))
    document.context = {**document.context, "sifat": sifat, "lampiran": lampiran, "tembusan": copies}
    document.uploaded_version = None
    _render(document, number="", signatory=None)
    document.save()
    _keep_version(document, actor, note=note or _("Rincian surat diperbaiki"))
    return _moved(document, actor)


def document_editable_docx(document: Document) -> bytes:
    """The draft as a DOCX to correct in Word: filled like the draft, but with the number, the date and
    the signature block left as placeholders for signing to fill."""
    markers = {name: f"zzbk-{name}-zz" for name in SIGNING_NAMES}
    context = {**COMMON_SAMPLE, **document.context, "instansi": agency(), **markers}
    if document.uploaded_version is not None:
        return bytes(document.uploaded_version.docx)
    try:
        declared = declared_context(kind_for(document.kind))
        docx = render_docx(bytes(document.template.content), context, declared=declared)
    except TemplateError as error:
        raise ServiceError(_("Konsep tidak dapat disiapkan untuk diunduh: %(error)s") % {"error": error}) from None

    def placeholder(match: re.Match[str]) -> str:
        name, text = match.group(1).lower(), match.group(0)
        return "{{ " + name + ("|upper" if text.isupper() else "") + " }}"

    return rewrite_docx_text(docx, lambda xml: SIGNING_MARKER.sub(placeholder, xml))


@transaction.atomic
def document_correction_upload(
    *, actor: User, document: Document, content: bytes, name: str, note: str = ""
) -> Document:
    """The drafter's corrected letter as a DOCX: it becomes the letter; signing fills only its number,
    date and signature block. Kept as a new version; the earlier versions stay."""
    document = _correctable(actor, document)
    try:
        template_bounds_check(content)
        names = template_placeholders(content)
    except TemplateError as error:
        raise ServiceError(_("Berkas %(name)s: %(error)s.") % {"name": name, "error": error}) from None
    unknown = sorted(names - set(SIGNING_NAMES))
    if unknown:
        raise ServiceError(
            _(
                "Berkas %(name)s memuat placeholder yang tidak diisi saat penandatanganan: %(unknown)s. Yang boleh "
                "tersisa hanya %(allowed)s."
            )
            % {"name": name, "unknown": ", ".join(unknown), "allowed": ", ".join(SIGNING_NAMES)}
        )
    missing = [field for field in REQUIRED_IN_UPLOAD if field not in names]
    if missing:
        raise ServiceError(
            _(
                "Berkas %(name)s tidak memuat %(missing)s; biarkan {{ nomor }} dan {{ tanggal }} di tempatnya agar "
                "nomor dan tanggal terisi saat ditandatangani (unduh DOCX untuk diperbaiki dari halaman ini)."
            )
            % {"name": name, "missing": ", ".join("{{ " + field + " }}" for field in missing)}
        )
    note = note or _("DOCX perbaikan diunggah: %(name)s") % {"name": name}
    _back_to_draft(document, actor, note)
    version = _keep_version(document, actor, note=note, uploaded=content)
    document.uploaded_version = version
    _render(document, number="", signatory=None)
    document.save()
    version.pdf = document.pdf
    version.save(update_fields=["pdf_file"])
    return _moved(document, actor)


def _documents_numbered(series: str, year: int) -> int:
    """How far a register went in a year: its own documents, and those its kinds signed before the
    registers existed (numbered per kind then), so a new number never repeats one already printed."""
    legacy_kinds = [code for code, kind in KINDS.items() if kind.issuer == series]
    found = Document.objects.filter(
        models.Q(register=series) | models.Q(register="", kind__in=legacy_kinds), number_year=year
    ).aggregate(m=models.Max("sequence"))["m"]
    return found or 0


# How far each series was used: the documents here, and whatever other app takes numbers from its
# own series (certificates) registers its own lookup.
NUMBERS_USED: list[Callable[[str, int], int]] = [_documents_numbered]


def highest_number_used(series: str, year: int) -> int:
    return max((used(series, year) for used in NUMBERS_USED), default=0)


def number_sequence_check(sequence: NumberSequence) -> None:
    """Refuse a format that cannot be filled and a last number below one already given: the next
    signature would take a number that exists (before, every later signing failed with an error)."""
    if sequence.number_format:
        number_format_check(sequence.number_format)
    used = highest_number_used(sequence.series, sequence.year)
    if sequence.last_number < used:
        raise ServiceError(
            _(
                "Nomor terakhir %(last)d untuk %(series)s tahun %(year)d lebih kecil dari nomor yang sudah dipakai "
                "(%(used)d); nomor berikutnya akan sama dengan nomor yang ada. Isi sekurang-kurangnya %(used)d."
            )
            % {"last": sequence.last_number, "series": sequence.series, "year": sequence.year, "used": used}
        )


@transaction.atomic
def number_sequence_save(*, actor: User, sequence: NumberSequence) -> NumberSequence:
    """The agency sets a year's format or where its sequence stands (to continue a paper register)."""
    require_permission(actor, "documents.change_numbersequence" if sequence.pk else "documents.add_numbersequence")
    if sequence.pk:
        NumberSequence.objects.select_for_update().get(pk=sequence.pk)  # no signing slips in between
    number_sequence_check(sequence)
    sequence.full_clean()
    sequence.save()
    return sequence


def number_take(series: str, day: dt.date, default_format: str) -> tuple[int, str]:
    """The next number of a series in `day`'s year and its text, in the year's own format if the
    agency set one. The sequence row is locked until the caller's transaction ends, so two concurrent
    signings or issuings never get the same number. A series used for the first time in a year
    starts after the highest number already given in it (documents signed before the registers)."""
    NumberSequence.objects.get_or_create(
        series=series, year=day.year, defaults={"last_number": highest_number_used(series, day.year)}
    )
    sequence = NumberSequence.objects.select_for_update().get(series=series, year=day.year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    number_format = sequence.number_format or default_format
    return sequence.last_number, format_number(number_format, sequence=sequence.last_number, day=day)


def kind_render(
    kind: str, context: Mapping[str, Any], *, template: DocumentTemplate | None = None, mark: str = ""
) -> tuple[DocumentTemplate, bytes, bytes]:
    """Fill a kind's template (its current one unless given) without keeping a Document: for products
    kept by their own app, such as certificates. `mark` heads every page (a revoked certificate's
    "DICABUT"). Returns the template used, the DOCX and the PDF."""
    document_kind = kind_for(kind)
    template = template or current_template(document_kind)
    context = {**COMMON_SAMPLE, "instansi": agency(), **context}
    docx, pdf = _fill(template, context, title=str(document_kind.name), mark=mark)
    return template, docx, pdf


@transaction.atomic
def document_sign(*, actor: User, document: Document, passphrase: str = "", nik: str = "") -> Document:
    """Sign: the next number of the issuer's register in the signing year, the final DOCX and PDF,
    and, when a signing backend is configured, a PAdES signature over the stamped PDF. A backend
    that refuses (a wrong passphrase, BSrE down) undoes everything: no number is used up."""
    require_permission(actor, "documents.sign_document")
    document = _locked(document)
    _not_own(document, actor)
    refusal = sign_refusal(document, actor)
    if refusal:
        raise ServiceError(refusal)
    signed_at = timezone.now()
    day = timezone.localdate(signed_at)
    authority = _chain_check_signature(document, actor, day) if document.status == DocumentStatus.CHECKED else None
    _move(document, actor=actor, to=DocumentStatus.SIGNED)
    document.signed_at = signed_at
    document.register = kind_for(document.kind).issuer
    document.sequence, document.number = number_take(document.register, day, document.template.number_format)
    document.number_year = day.year
    document.signed_by = actor
    signatory = signatory_of(actor, *authority) if authority else signatory_of(actor)
    backend = configured_backend()
    _render(document, number=document.number, signatory=signatory, electronic=backend is not None)
    document.signatory = asdict(signatory)
    document.verification_code = verification_code()
    if backend is not None:
        request = SigningRequest(
            pdf=bytes(document.pdf),
            signatory=signatory,
            date_text=indonesian_date(day),
            verification_url=verification_url(document.verification_code),
            passphrase=passphrase,
            nik=nik,
            location=letterhead().city,
            reason=_("%(title)s, nomor %(number)s") % {"title": document.title, "number": document.number},
        )
        try:
            document.pdf = backend.sign(replace(request, pdf=stamped(request, backend.footer_sentence)))
        except SigningError as error:
            raise ServiceError(
                _("Tanda tangan elektronik gagal, dokumen belum ditandatangani: %(error)s") % {"error": error}
            ) from None
        document.signature_backend = backend.code
    _save_signed(document)
    return _moved(document, actor)


def sign_refusal(document: Document, actor: User) -> str | None:
    """Why the owning flow does not want this actor's signature on the document now (its step wants
    their paraf), or None. The page offers no signing button when there is a reason."""
    refuse = kind_for(document.kind).sign_refusal
    return refuse(document, actor) if refuse is not None else None


@transaction.atomic
def document_signature_withdraw(*, actor: User, document: Document, reason: str) -> Document:
    """Withdraw one's own signature given by mistake (Bangkalan's step 16: the head signed a letter the
    step wanted initialled): back to initialled, with the reason in its history; the number stays used
    in the register and is void, and the kind's flow learns of it. Only kinds that allow it, and only
    while their flow has not acted on the signature."""
    require_permission(actor, "documents.sign_document")
    document = _locked(document)
    if document.status != DocumentStatus.SIGNED or document.signed_by_id != actor.pk:
        raise ServiceError(_("Hanya penanda tangan yang dapat menarik tanda tangannya sendiri."))
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan penarikan tanda tangan."))
    check = kind_for(document.kind).withdraw_refusal
    refusal = _("Tanda tangan pada jenis dokumen ini tidak dapat ditarik.") if check is None else check(document)
    if refusal:
        raise ServiceError(refusal)
    note = _("Tanda tangan ditarik (nomor %(number)s batal): %(reason)s") % {
        "number": document.number,
        "reason": reason.strip(),
    }
    status_move(
        document,
        to=DocumentStatus.CHECKED,
        transitions=SIGNATURE_WITHDRAWAL,
        history=document.status_changes,
        actor=actor,
        note=note,
        labels=DocumentStatus,
    )
    document.signed_at = document.signed_by = None
    document.sequence, document.number, document.number_year, document.register = None, "", None, ""
    document.signatory, document.verification_code, document.signature_backend = {}, None, ""
    _render(document, number="", signatory=None)
    document.pdf_sha256 = ""
    document.save()
    return _moved(document, actor)


def named_nips(context: Any) -> set[str]:
    """Every NIP a letter's content carries under the key "nip" (a person, or each row of a list of
    people), wherever it sits; the signer's own NIP has another key and is not among them."""
    found: set[str] = set()
    if isinstance(context, Mapping):
        for key, value in context.items():
            if key == "nip" and isinstance(value, str) and len(value) == 18 and value.isdigit():
                found.add(value)
            else:
                found |= named_nips(value)
    elif isinstance(context, list | tuple):
        for item in context:
            found |= named_nips(item)
    return found


def named_people_record(document: Document) -> None:
    """Who a signed letter goes to, kept in step with its signed content (a correction may change it)."""
    document.named_people.all().delete()
    if document.status == DocumentStatus.SIGNED and kind_for(document.kind).to_named_people:
        NamedPerson.objects.bulk_create(
            [NamedPerson(document=document, nip=nip) for nip in sorted(named_nips(document.context))]
        )


def _save_signed(document: Document) -> None:
    document.pdf_sha256 = hashlib.sha256(bytes(document.pdf)).hexdigest()
    try:
        with transaction.atomic():
            document.save()
            named_people_record(document)
    except IntegrityError:
        # The row lock keeps sequences apart; only formats that print the same text (two kinds'
        # formats without the year, say) can meet here, and the database refuses the second.
        raise ServiceError(
            _("Nomor %(number)s sudah dipakai dokumen lain. Periksa format nomor %(kind)s dan register %(register)s.")
            % {"number": document.number, "kind": kind_for(document.kind).name, "register": document.register}
        ) from None


MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


def _scan_type(scan: bytes, name: str) -> str:
    """The content type of a scan of a signed sheet (PDF, JPEG or PNG that can be read), or a refusal."""
    if len(scan) > MAX_SCAN_BYTES:
        raise ServiceError(_("Pindaian %(name)s lebih dari 20 MB.") % {"name": name})
    content_type = next((kind for magic, kind in SCAN_TYPES.items() if scan.startswith(magic)), "")
    try:
        if content_type == "application/pdf":
            if not PdfReader(io.BytesIO(scan)).pages:
                raise ValueError("no pages")
        elif content_type:
            with Image.open(io.BytesIO(scan)) as picture:
                picture.verify()
        else:
            raise ValueError("unknown type")
    except Exception:  # any unreadable upload is the same refusal
        raise ServiceError(
            _("Pindaian %(name)s bukan PDF, JPEG atau PNG yang dapat dibaca.") % {"name": name}
        ) from None
    return content_type


@transaction.atomic
def document_record_signed_paper(
    *, actor: User, document: Document, scan: bytes, scan_name: str, signed_on: dt.date
) -> Document:
    """A decree of the head of region signed on paper: the staff record the day it was signed with the
    scan of the signed sheet. The region head's register numbers it in that day's year, and it prints
    the holder of the head of region's post on that day."""
    require_permission(actor, "documents.record_signed_paper")
    document = _locked(document)
    document_kind = kind_for(document.kind)
    if document_kind.issuer != REGION_HEAD:
        raise ServiceError(_("Hanya keputusan kepala daerah yang dicatat dari naskah bertanda tangan basah."))
    if document.status != DocumentStatus.CHECKED:
        raise ServiceError(
            _("Naskah berstatus %(status)s; catat tanda tangan setelah semua paraf lengkap.")
            % {"status": document.get_status_display()}
        )
    today, drafted_on = timezone.localdate(), timezone.localdate(document.created_at)
    if signed_on > today:
        raise ServiceError(
            _("Tanggal tanda tangan %(day)s belum terjadi (hari ini %(today)s).")
            % {"day": indonesian_date(signed_on), "today": indonesian_date(today)}
        )
    if signed_on < drafted_on:
        raise ServiceError(
            _("Tanggal tanda tangan %(day)s sebelum konsepnya disusun (%(drafted)s).")
            % {"day": indonesian_date(signed_on), "drafted": indonesian_date(drafted_on)}
        )
    content_type = _scan_type(scan, scan_name)
    chain, signing_post = document_kind.signing_chain()
    missing = [code for code in chain[len(selectors.initials(document)) :] if post_in_use(code)]
    if missing:
        raise _post_refusal(
            _("Naskah ini belum diparaf oleh %(post)s (pada %(day)s: %(holders)s)."), missing[0], signed_on
        )
    holding = holders_on(signing_post, signed_on).first()
    if holding is None:
        raise _post_refusal(
            _(
                "Tidak ada pemangku %(post)s yang tercatat pada %(day)s (%(holders)s); catat pemangkunya di Data "
                "referensi agar nama penandatangan tercetak benar."
            ),
            signing_post,
            signed_on,
        )
    _move(
        document,
        actor=actor,
        to=DocumentStatus.SIGNED,
        note=_("Ditandatangani di atas kertas pada %(day)s; dicatat dengan pindaian %(name)s")
        % {"day": indonesian_date(signed_on), "name": scan_name},
    )
    # Noon in Jakarta of the day on the paper: the day every date of the letter is printed from.
    document.signed_at = timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12)))
    document.register = document_kind.issuer
    document.sequence, document.number = number_take(document.register, signed_on, document.template.number_format)
    document.number_year = signed_on.year
    document.signed_by = actor
    document.signed_on_paper, document.paper_scan, document.paper_scan_type = True, scan, content_type
    signatory = signatory_of(actor, holding)
    _render(document, number=document.number, signatory=signatory)
    document.signatory = asdict(signatory)
    document.verification_code = verification_code()
    _save_signed(document)
    return _moved(document, actor)


@transaction.atomic
def template_upload(*, actor: User, kind: str, content: bytes, number_format: str, note: str = "") -> DocumentTemplate:
    """A new version of a kind's template, accepted only if every placeholder it uses is one the kind
    fills and it renders with the kind's sample content."""
    require_permission(actor, MANAGE_TEMPLATES)
    document_kind = kind_for(kind)
    number_format_check(number_format)
    known = set(COMMON_SAMPLE) | set(document_kind.sample)
    try:
        unknown = sorted(template_placeholders(content) - known)
        if unknown:
            raise ServiceError(
                _("Placeholder tidak dikenal untuk %(kind)s: %(names)s. Yang tersedia: %(known)s.")
                % {"kind": document_kind.name, "names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        sample = declared_context(document_kind)
        docx_to_pdf(render_docx(content, sample, declared=sample))
    except ConverterUnavailable as error:
        raise converter_down_error(error) from None
    except TemplateError as error:
        raise ServiceError(_("Templat ditolak: %(error)s") % {"error": error}) from None
    latest = DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()
    return DocumentTemplate.objects.create(
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        content=content,
        number_format=number_format,
        note=note,
        uploaded_by=actor,
    )
