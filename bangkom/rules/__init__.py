"""The eligibility and scoring engine: pure Python, no Django and no imports from the apps.

Apps turn their models into `Candidate` facts (one adapter per app), call `screen`, and keep the
`Result`s. Rule sets are data files in `rulesets/`, validated on load.
"""

from .candidates_csv import InputError, read_candidates
from .engine import screen
from .loader import RuleSetError, available_rulesets, load_ruleset, parse_ruleset, ruleset_document
from .model import Candidate, Category, Finding, Group, Result, RuleSet, Status

__all__ = [
    "Candidate", "Category", "Finding", "Group", "InputError", "Result", "RuleSet", "RuleSetError", "Status",
    "available_rulesets", "load_ruleset", "parse_ruleset", "read_candidates", "ruleset_document", "screen",
]  # fmt: skip
