"""The only Jinja environment letter templates are filled in.

An uploaded DOCX is code the agency's administrator wrote, so it is treated as untrusted:

- it runs in Jinja's immutable sandbox, with no globals (no `range`, `lipsum`, `cycler`, `joiner`,
  `namespace`, `dict`) and only the filters and tests in `SAFE_FILTERS` and `SAFE_TESTS`;
- before it is compiled, every expression is checked against the kind's declared context (its
  sample): names the kind fills, their fields and, for loops, the fields of their items; no name or
  attribute starting with `_`, no function or method call, no macro, include, import or extension
  tag, no `*`, `/`, `%` or `**` (the ways to build a huge string or number from a short template);
- rendering has a deadline and a ceiling on the size of what it writes.

Every part docxtpl fills (body, headers, footers, properties, footnotes) is compiled through
`SandboxedLetterEnvironment.from_string`, so nothing reaches Jinja unchecked."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

SAFE_FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int", "join", "last",
    "length", "list", "lower", "replace", "reverse", "round", "sort", "string", "title", "trim", "truncate",
    "upper",
})  # fmt: skip
# Filters whose result has the shape of their input (a sorted list of people is still a list of people).
SHAPE_KEEPING_FILTERS = frozenset({"d", "default", "list", "reverse", "sort"})
ITEM_FILTERS = frozenset({"first", "last"})
SAFE_TESTS = frozenset({
    "boolean", "defined", "divisibleby", "eq", "equalto", "even", "false", "ge", "gt", "in", "le", "lt", "ne",
    "none", "number", "odd", "string", "true", "undefined",
})  # fmt: skip
LOOP_FIELDS = frozenset({
    "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem",
})  # fmt: skip
ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr, nodes.Getitem,
    nodes.Slice, nodes.Filter, nodes.Test, nodes.If, nodes.For, nodes.Assign, nodes.With, nodes.CondExpr,
    nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.Compare, nodes.Operand, nodes.Add, nodes.Sub,
    nodes.Concat, nodes.List, nodes.Tuple, nodes.Keyword, nodes.MarkSafeIfAutoescape,
)  # fmt: skip

# Limits of one render. A letter of 500 candidates writes about 5 MB of XML; a decree with its
# appendix a little more. Ten times that is no letter; ten seconds of filling is no template.
MAX_OUTPUT_CHARS = 60_000_000
MAX_RENDER_SECONDS = 20.0


class TemplatePolicyError(jinja2.TemplateError):
    """The template uses something the sandbox does not allow; the message names it."""


class RenderLimitError(jinja2.TemplateError):
    """Filling the template took too long or wrote too much."""


# --- The shapes of the declared context -----------------------------------------------------------


class Shape:
    """What a name holds, as far as the template may look into it."""

    def field(self, name: str) -> Shape | None:
        return None

    def item(self) -> Shape | None:
        return None


@dataclass(frozen=True)
class Scalar(Shape):
    pass


@dataclass(frozen=True)
class Record(Shape):
    fields: Mapping[str, Shape]

    def field(self, name: str) -> Shape | None:
        return self.fields.get(name)


@dataclass(frozen=True)
class Sequence(Shape):
    element: Shape

    def item(self) -> Shape:
        return self.element


@dataclass(frozen=True)
class Loop(Shape):
    def field(self, name: str) -> Shape | None:
        return SCALAR if name in LOOP_FIELDS else None


SCALAR = Scalar()


def _merge(shapes: list[Shape]) -> Shape:
    """The shape of a list's items: the fields of any item (samples hold one item of each kind)."""
    records = [s for s in shapes if isinstance(s, Record)]
    if records:
        fields: dict[str, list[Shape]] = {}
        for record in records:
            for name, shape in record.fields.items():
                fields.setdefault(name, []).append(shape)
        return Record({name: _merge(found) for name, found in fields.items()})
    sequences = [s for s in shapes if isinstance(s, Sequence)]
    if sequences:
        return Sequence(_merge([s.element for s in sequences]))
    return SCALAR


def shape_of(value: Any) -> Shape:
    if isinstance(value, Mapping):
        return Record({str(key): shape_of(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return Sequence(_merge([shape_of(item) for item in value]))
    return SCALAR


# --- The check of a parsed template ------------------------------------------------------------------


def _describe(node: nodes.Node) -> str:
    """A short rendering of an expression for a message (`p.nama`, `instansi.__class__`)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_describe(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter):
        return f"{_describe(node.node) if node.node else ''}|{node.name}"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}(…)"
    return node.__class__.__name__


@dataclass
class TemplatePolicy:
    """Checks a parsed template against the names a kind fills. With no declared names, the shape
    check is skipped but every other rule holds (used to list an upload's placeholders first)."""

    declared: Mapping[str, Any] | None = None
    _roots: dict[str, Shape] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if self.declared is not None:
            self._roots = {name: shape_of(value) for name, value in self.declared.items()}

    def check(self, template: nodes.Template) -> None:
        self._statements(template.body, dict(self._roots))

    def _refuse(self, message: str, node: nodes.Node) -> None:
        raise TemplatePolicyError(f"{message} (baris {node.lineno})")

    def _statements(self, body: list[nodes.Node], scope: dict[str, Shape]) -> None:
        for node in body:
            self._statement(node, scope)

    def _statement(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if not isinstance(node, ALLOWED_NODES):
            self._refuse(f"perintah templat '{node.__class__.__name__}' tidak diizinkan", node)
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self._expression(child, scope)
        elif isinstance(node, nodes.If):
            self._expression(node.test, scope)
            self._statements(node.body, scope)
            for branch in node.elif_:
                self._statement(branch, scope)
            self._statements(node.else_, scope)
        elif isinstance(node, nodes.For):
            if node.recursive:
                self._refuse("perulangan rekursif tidak diizinkan", node)
            iterable = self._expression(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, iterable.item() if iterable is not None else None, inner)
            inner["loop"] = Loop()
            if node.test is not None:
                self._expression(node.test, inner)
            self._statements(node.body, inner)
            self._statements(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self._bind(node.target, self._expression(node.node, scope), scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self._bind(target, self._expression(value, scope), inner)
            self._statements(node.body, inner)
        else:
            self._refuse(f"perintah templat '{node.__class__.__name__}' tidak diizinkan di sini", node)

    def _bind(self, target: nodes.Node, shape: Shape | None, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            self._name_allowed(target.name, target)
            scope[target.name] = shape or SCALAR
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, SCALAR, scope)
        else:
            self._refuse(f"sasaran '{_describe(target)}' tidak diizinkan", target)

    def _name_allowed(self, name: str, node: nodes.Node) -> None:
        if name.startswith("_"):
            self._refuse(f"nama '{name}' tidak diizinkan", node)

    def _expression(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape | None:
        """Check an expression; its shape when it is a name, a field or an item of one."""
        if isinstance(node, nodes.Call):
            self._refuse(f"pemanggilan fungsi '{_describe(node)}' tidak diizinkan", node)
        if not isinstance(node, ALLOWED_NODES) or isinstance(node, nodes.Stmt | nodes.Template):
            self._refuse(f"ungkapan '{node.__class__.__name__}' tidak diizinkan", node)
        if isinstance(node, nodes.Name):
            self._name_allowed(node.name, node)
            if self.declared is None:
                return None
            if node.name not in scope:
                self._refuse(f"nama '{node.name}' tidak diisi oleh jenis dokumen ini", node)
            return scope[node.name]
        if isinstance(node, nodes.Getattr):
            return self._field(node, node.attr, self._expression(node.node, scope))
        if isinstance(node, nodes.Getitem):
            parent = self._expression(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._field(node, node.arg.value, parent)
            if isinstance(node.arg, nodes.Const | nodes.Slice | nodes.Neg) and not isinstance(parent, Record):
                self._children(node.arg, scope)
                if isinstance(node.arg, nodes.Slice):
                    return parent
                return parent.item() if parent is not None else None
            self._refuse(f"indeks '{_describe(node)}' tidak diizinkan", node)
        if isinstance(node, nodes.Filter):
            if node.name not in SAFE_FILTERS:
                self._refuse(
                    f"filter '{node.name}' tidak diizinkan (yang diizinkan: {', '.join(sorted(SAFE_FILTERS))})", node
                )
            if node.dyn_args is not None or node.dyn_kwargs is not None:
                self._refuse(f"argumen dinamis pada filter '{node.name}' tidak diizinkan", node)
            inner = self._expression(node.node, scope) if node.node is not None else None
            for argument in (*node.args, *node.kwargs):
                constant = argument.value if isinstance(argument, nodes.Keyword) else argument
                if isinstance(constant, nodes.Const) and str(constant.value).startswith("_"):
                    self._refuse(f"argumen '{constant.value}' pada filter '{node.name}' tidak diizinkan", node)
                self._expression(argument, scope)
            if node.name in SHAPE_KEEPING_FILTERS:
                return inner
            if node.name in ITEM_FILTERS:
                return inner.item() if inner is not None else None
            return SCALAR
        if isinstance(node, nodes.Test):
            if node.name not in SAFE_TESTS:
                self._refuse(f"uji '{node.name}' tidak diizinkan", node)
            if node.dyn_args is not None or node.dyn_kwargs is not None:
                self._refuse(f"argumen dinamis pada uji '{node.name}' tidak diizinkan", node)
        self._children(node, scope)
        return SCALAR

    def _children(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        for child in node.iter_child_nodes():
            self._expression(child, scope)

    def _field(self, node: nodes.Node, name: str, parent: Shape | None) -> Shape | None:
        if name.startswith("_"):
            self._refuse(f"atribut '{_describe(node)}' tidak diizinkan", node)
        if self.declared is None or parent is None:
            return None
        found = parent.field(name)
        if found is None:
            self._refuse(f"'{_describe(node)}' tidak diisi oleh jenis dokumen ini", node)
        return found


# --- Limits while filling ----------------------------------------------------------------------------


@dataclass
class RenderBudget:
    deadline: float
    max_chars: int

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(
                f"pengisian templat melebihi batas waktu {MAX_RENDER_SECONDS:g} detik; sederhanakan perulangannya"
            )


class BoundedList(list[Any]):
    """A list of the context whose iteration checks the render's deadline, so nested loops over a
    long list end with a message instead of holding the worker."""

    budget: RenderBudget

    def __iter__(self) -> Iterator[Any]:
        budget = self.budget
        for item in super().__iter__():
            budget.tick()
            yield item


def bounded(value: Any, budget: RenderBudget) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, Markup):
        return {key: bounded(item, budget) for key, item in value.items()}
    if isinstance(value, list | tuple):
        items = BoundedList(bounded(item, budget) for item in value)
        items.budget = budget
        return items
    return value


class BoundedTemplate(jinja2.Template):
    """Renders piece by piece, stopping at the environment's size ceiling and deadline."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget: RenderBudget = self.environment.budget  # type: ignore[attr-defined]
        parts: list[str] = []
        size = 0
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > budget.max_chars:
                raise RenderLimitError(
                    f"hasil pengisian melebihi {budget.max_chars // 1_000_000} juta karakter; periksa perulangannya"
                )
            budget.tick()
            parts.append(chunk)
        return "".join(parts)


class SandboxedLetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every letter template is filled in (see the module's docstring)."""

    template_class = BoundedTemplate

    def __init__(self, *, declared: Mapping[str, Any] | None, seconds: float = MAX_RENDER_SECONDS) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in SAFE_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in SAFE_TESTS}
        self.policy = TemplatePolicy(declared)
        self.budget = RenderBudget(deadline=time.monotonic() + seconds, max_chars=MAX_OUTPUT_CHARS)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        tree = self.parse(source) if isinstance(source, str) else source
        self.policy.check(tree)
        return super().from_string(tree, globals, template_class)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Beyond the sandbox's own rule: no private names at all, and no methods (data only).
        if attr.startswith("_") or callable(value):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return False
