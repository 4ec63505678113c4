"""Lookups of the registry's own."""

from __future__ import annotations

from typing import Any

from django.db.models.lookups import IStartsWith, StartsWith


class StartsWithAnyCase(IStartsWith):
    """The name starts with the text, whatever the case: `ILIKE` on the column on PostgreSQL, Django's
    own `istartswith` elsewhere. For the name search's first rank, read in order from the index on
    UPPER(name) within the range of the text: with `UPPER(name) LIKE` beside that range the planner
    could join the trigram index to it (a BitmapAnd that reads and sorts every match: 10.9 ms instead
    of 0.3 ms for "Siti" at 300,000, issue 20), which an ILIKE on the column offers it no way to do."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        # The column as it is (a case-sensitive lookup's left side, not istartswith's UPPER(...)),
        # the text as a LIKE pattern with its wildcards escaped.
        plain = StartsWith(self.lhs, self.rhs)
        lhs_sql, lhs_params = plain.process_lhs(compiler, connection)
        rhs_sql, rhs_params = plain.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", [*lhs_params, *rhs_params]
