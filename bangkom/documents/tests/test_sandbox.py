"""Templates cannot run code: the known Jinja escapes are refused at upload, refused again when a
stored template is filled, and blocked by the sandbox itself; filling has a deadline and a ceiling."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.kinds import build_template
from bangkom.documents.models import Document, DocumentTemplate
from bangkom.documents.render import TemplateError, render_docx
from bangkom.documents.sandbox import RenderLimitError, SandboxedLetterEnvironment, TemplatePolicy, bounded

from .test_engine import CONTENT, LETTER

pytestmark = pytest.mark.django_db

CANARY = "/tmp/bangkom-sandbox-canary"  # noqa: S108 - the file a successful payload would create
RUN = f"popen('touch {CANARY}').read()"
PAYLOADS = {
    "subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if 'Popen' in c.__name__ %}"
    "{{ c(['touch', '" + CANARY + "']) }}{% endif %}{% endfor %}",
    "cycler": "{{ cycler.__init__.__globals__.os." + RUN + " }}",
    "joiner": "{{ joiner.__init__.__globals__.os." + RUN + " }}",
    "namespace": "{{ namespace.__init__.__globals__.os." + RUN + " }}",
    "lipsum": "{{ lipsum.__globals__['os']." + RUN + " }}",
    "attr_filter": "{{ (instansi|attr('__class__')) }}",
    "request": "{{ request.application.__globals__.__builtins__.__import__('os')." + RUN + " }}",
    "config": "{{ config.__class__.__init__.__globals__['os']." + RUN + " }}",
    "self": "{{ self.__init__.__globals__.__builtins__ }}",
    "item_lookup": "{{ instansi['__class__']['__mro__'] }}",
    "method_call": "{{ instansi.items() }}",
    "set_then_dunder": "{% set x = instansi %}{{ x.__class__ }}",
    "format_string": "{{ '{0.__class__}'.format(instansi) }}",
    "huge_string": "{{ 'x' * 900000000 }}",
    "huge_power": "{{ 9 ** 9 ** 9 }}",
    "import": "{% import 'os' as os %}",
    "include": "{% include '/etc/passwd' %}",
    "macro": "{% macro m() %}{{ caller() }}{% endmacro %}",
    "range": "{% for i in range(100000000) %}x{% endfor %}",
    "sort_attribute": "{% for o in orang|sort(attribute='__class__') %}{{ o }}{% endfor %}",
}


@pytest.fixture(autouse=True)
def no_canary() -> None:
    Path(CANARY).unlink(missing_ok=True)
    yield
    assert not Path(CANARY).exists(), "a template payload ran a command"


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_upload_refuses_every_known_payload(users, name: str) -> None:
    content = build_template((("p", "Perihal: {{ perihal }} " + PAYLOADS[name]),))
    with pytest.raises(ServiceError, match=r"Templat ditolak|Placeholder tidak dikenal"):
        services.template_upload(actor=users["admin"], kind=LETTER.code, content=content, number_format="{nomor}")
    assert not DocumentTemplate.objects.filter(kind=LETTER.code, version__gt=1).exists()


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_stored_payload_is_refused_when_a_letter_is_filled(users, name: str) -> None:
    """A template saved before the sandbox (straight into the table) still cannot run."""
    content = build_template((("p", PAYLOADS[name]),))
    DocumentTemplate.objects.create(kind=LETTER.code, version=9, content=content, number_format="{nomor}")
    with pytest.raises(ServiceError, match="tidak dapat diisi"):
        services.document_draft(
            actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="U", context=CONTENT
        )
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ instansi.__class__ }}", "atribut 'instansi.__class__' tidak diizinkan"),
        ("{{ nomor.upper() }}", "pemanggilan fungsi 'nomor.upper(…)' tidak diizinkan"),
        ("{{ perihal|attr('x') }}", "filter 'attr' tidak diizinkan"),
        ("{{ lipsum }}", "nama 'lipsum' tidak diisi oleh jenis dokumen ini"),
        ("{{ instansi.gaji }}", "'instansi.gaji' tidak diisi oleh jenis dokumen ini"),
        ("{% for o in orang %}{{ o.nip }}{% endfor %}", "'o.nip' tidak diisi oleh jenis dokumen ini"),
        ("{{ perihal.nama }}", "'perihal.nama' tidak diisi"),
        ("{{ 2 * 3 }}", "ungkapan 'Mul' tidak diizinkan"),
    ],
)
def test_the_refusal_names_what_is_not_allowed(users, text: str, message: str) -> None:
    with pytest.raises(ServiceError) as refused:
        services.template_upload(
            actor=users["admin"], kind=LETTER.code, content=build_template((("p", text),)), number_format="{nomor}"
        )
    assert message in str(refused.value)


def test_declared_names_fields_loops_and_safe_filters_are_accepted(users) -> None:
    text = (
        "{{ instansi.nama|upper }} {{ perihal|default('-')|trim }} {% for o in orang|sort(attribute='nama') %}"
        "{{ loop.index }}. {{ o.nama|title }}{% if not loop.last %}, {% endif %}{% endfor %} {{ orang|length }}"
        " {{ orang[0].nama }} {% set jumlah = orang|length %}{{ jumlah + 1 }}"
    )
    template = services.template_upload(
        actor=users["admin"], kind=LETTER.code, content=build_template((("p", text),)), number_format="{nomor}"
    )
    document = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="U", context=CONTENT
    )
    assert document.template == template
    from .test_engine import docx_text

    assert "1. Ani, 2. Budi 2 Ani 3" in docx_text(bytes(document.docx))


def test_the_sandbox_blocks_escapes_even_without_the_static_check() -> None:
    """Defence in depth: with the policy switched off, the sandbox still refuses private attributes,
    method calls and mutation, and offers no globals."""
    assert issubclass(SandboxedLetterEnvironment, ImmutableSandboxedEnvironment)  # render_docx fills in this only
    environment = SandboxedLetterEnvironment(declared=None)
    environment.policy = TemplatePolicy(None)
    environment.policy.check = lambda tree: None  # type: ignore[method-assign]
    with pytest.raises(SecurityError):
        environment.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    with pytest.raises(SecurityError):
        environment.from_string("{{ x.items() }}").render(x={"a": 1})
    with pytest.raises((jinja2.UndefinedError, SecurityError)):
        environment.from_string("{{ cycler.__init__ }}").render()
    assert environment.globals == {}


def test_nested_loops_over_a_long_list_stop_at_the_deadline() -> None:
    environment = SandboxedLetterEnvironment(declared=None, seconds=0.3)
    items = bounded(list(range(2000)), environment.budget)
    template = environment.from_string(
        "{% for a in xs %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(RenderLimitError, match="batas waktu"):
        template.render(xs=items)
    assert time.monotonic() - started < 5


def test_output_past_the_ceiling_is_refused() -> None:
    environment = SandboxedLetterEnvironment(declared=None)
    environment.budget.max_chars = 10_000
    items = bounded(list(range(200)), environment.budget)
    with pytest.raises(RenderLimitError, match="hasil pengisian melebihi"):
        environment.from_string("{% for a in xs %}{% for b in xs %}xxxxxxxxxx{% endfor %}{% endfor %}").render(xs=items)


def _with_empty_paragraphs(count: int) -> bytes:
    """A small DOCX whose body unpacks into `count` empty paragraphs."""
    source = zipfile.ZipFile(io.BytesIO(build_template((("p", "{{ perihal }}"),), page_numbers=False)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * count)
            target.writestr(info, data)
    return out.getvalue()


def test_a_small_file_of_a_million_paragraphs_is_refused_at_once(users) -> None:
    content = _with_empty_paragraphs(1_000_000)
    assert len(content) < 200_000
    started = time.monotonic()
    with pytest.raises(ServiceError, match="1000001 paragraf, melebihi batas 20000"):
        services.template_upload(actor=users["admin"], kind=LETTER.code, content=content, number_format="{nomor}")
    assert time.monotonic() - started < 10


def test_render_without_declared_names_still_applies_the_rules() -> None:
    with pytest.raises(TemplateError, match="atribut"):
        render_docx(build_template((("p", "{{ x.__class__ }}"),)), {"x": "a"})
