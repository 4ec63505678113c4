import datetime as dt

from bangkom.training.analysis import period_of, periods_between, proposal_deadline
from bangkom.training.policy import policy


def test_policy_holds_the_seven_criteria_with_their_source() -> None:
    rules = policy()
    assert rules.criterion_codes == ("a", "b", "c", "d", "e", "f", "g")
    assert "110 Tahun 2017" in rules.legal_source
    assert rules.proposal_lead_years == 1 and rules.supervision_months == 3
    assert "TOC" in rules.criteria[5].text and "MOT" in rules.criteria[5].text


def test_proposal_deadline_is_one_year_before_the_start() -> None:
    assert proposal_deadline(dt.date(2027, 11, 24), 1) == dt.date(2026, 11, 24)
    # 29 February has no twin in a common year: the day after 28 February counts.
    assert proposal_deadline(dt.date(2028, 2, 29), 1) == dt.date(2027, 3, 1)


def test_quarters_a_program_touches() -> None:
    assert period_of(dt.date(2027, 3, 31), 3).number == 1
    assert period_of(dt.date(2027, 4, 1), 3).last_day == dt.date(2027, 6, 30)
    spans = periods_between(dt.date(2027, 3, 30), dt.date(2027, 10, 1), 3)
    assert [(p.year, p.number, p.last_day) for p in spans] == [
        (2027, 1, dt.date(2027, 3, 31)),
        (2027, 2, dt.date(2027, 6, 30)),
        (2027, 3, dt.date(2027, 9, 30)),
        (2027, 4, dt.date(2027, 12, 31)),
    ]
    across = periods_between(dt.date(2027, 12, 30), dt.date(2028, 1, 2), 3)
    assert [(p.year, p.number) for p in across] == [(2027, 4), (2028, 1)]
    assert [(p.year, p.number) for p in periods_between(dt.date(2027, 5, 1), dt.date(2027, 5, 1), 3)] == [(2027, 2)]
