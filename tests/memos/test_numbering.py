"""Memo numbers: a serial per scope (office and calendar year by default, fiscal year or file when the office
says so), allocated at issue and never at draft time, given back by a failed issue, and guarded by a UNIQUE
constraint in the database. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.extensions import db
from app.memos import services
from app.memos.models import Memo, MemoCounter, SerialScope
from tests.factories import MemoFileFactory, draft_data, officer_user
from workflows.memo import MemoState


@pytest.fixture
def signer(tree):
    """The head of Atwari's office, who drafts and signs its letters."""
    return officer_user(tree.atwari, is_head=True)


@pytest.fixture
def atwari_file(tree):
    return MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.05.003.22")


def _draft(memo_file, signer, to_office) -> Memo:
    data = draft_data(memo_file, signer.post, recipients=[{"role": "to", "office_id": to_office.id}])
    return services.create_memo(memo_file.office, data, by=signer)


def _issue(memo_file, signer, to_office, on: date) -> Memo:
    memo = _draft(memo_file, signer, to_office)
    services.issue_memo(memo, by=signer, on=on)
    db.session.flush()
    return memo


def _counter(scope_key: str) -> int | None:
    return db.session.scalar(select(MemoCounter.last_serial).where(MemoCounter.scope_key == scope_key))


def _commit_setup() -> None:
    """Make what the test built so far survive a rollback, as a committed request would (in the test
    harness a commit releases a savepoint and a rollback goes back to the last one)."""
    db.session.commit()


# Scopes -----------------------------------------------------------------------------------------------------


def test_default_scope_restarts_at_one_on_the_first_of_january(tree, signer, atwari_file):
    serials = [
        _issue(atwari_file, signer, tree.panchagarh, on).serial
        for on in (date(2023, 12, 30), date(2023, 12, 31), date(2024, 1, 1), date(2024, 1, 2))
    ]
    assert serials == [1, 2, 1, 2]
    assert _counter(f"office:{tree.atwari.id}:2023") == 2
    assert _counter(f"office:{tree.atwari.id}:2024") == 2


def test_a_letter_of_the_last_day_of_the_year_and_one_of_the_first_day_both_get_one(
    tree, signer, atwari_file
):
    december = _issue(atwari_file, signer, tree.panchagarh, date(2023, 12, 31))
    january = _issue(atwari_file, signer, tree.panchagarh, date(2024, 1, 1))
    assert (december.serial, january.serial) == (1, 1)
    assert december.serial_scope_key != january.serial_scope_key
    assert december.number == january.number == "47.61.7704.000.05.003.22.1"


def test_default_scope_is_one_running_serial_across_the_office_files(tree, signer, atwari_file):
    second_file = MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.06.001.23")
    on = date(2024, 3, 10)
    first = _issue(atwari_file, signer, tree.panchagarh, on)
    second = _issue(second_file, signer, tree.panchagarh, on)
    third = _issue(atwari_file, signer, tree.panchagarh, on)
    assert [m.serial for m in (first, second, third)] == [1, 2, 3]
    assert [m.number for m in (first, second, third)] == [
        "47.61.7704.000.05.003.22.1",
        "47.61.7704.000.06.001.23.2",
        "47.61.7704.000.05.003.22.3",
    ]


def test_each_office_counts_its_own_serials(tree, signer, atwari_file):
    boda_signer = officer_user(tree.boda, is_head=True)
    boda_file = MemoFileFactory(office=tree.boda, number_prefix="47.61.7725.000.05.003.22")
    on = date(2024, 5, 5)
    assert _issue(atwari_file, signer, tree.panchagarh, on).serial == 1
    assert _issue(boda_file, boda_signer, tree.panchagarh, on).serial == 1
    assert _issue(atwari_file, signer, tree.panchagarh, on).serial == 2


def test_fiscal_year_scope_restarts_on_the_first_of_july_and_not_in_january(tree, signer, atwari_file):
    tree.atwari.memo_serial_scope = SerialScope.OFFICE_FISCAL_YEAR.value
    db.session.flush()
    dates = (date(2024, 1, 15), date(2024, 6, 30), date(2024, 7, 1), date(2024, 12, 31), date(2025, 1, 1))
    memos = [_issue(atwari_file, signer, tree.panchagarh, on) for on in dates]
    assert [m.serial for m in memos] == [1, 2, 1, 2, 3]
    assert memos[0].serial_scope_key == f"office:{tree.atwari.id}:fy2023"
    assert memos[2].serial_scope_key == memos[4].serial_scope_key == f"office:{tree.atwari.id}:fy2024"


def test_file_scope_counts_each_file_separately_and_restarts_each_year(tree, signer, atwari_file):
    tree.atwari.memo_serial_scope = SerialScope.FILE_CALENDAR_YEAR.value
    db.session.flush()
    other_file = MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.06.001.23")
    on = date(2024, 2, 1)
    a1 = _issue(atwari_file, signer, tree.panchagarh, on)
    b1 = _issue(other_file, signer, tree.panchagarh, on)
    a2 = _issue(atwari_file, signer, tree.panchagarh, on)
    a_next_year = _issue(atwari_file, signer, tree.panchagarh, date(2025, 1, 2))
    assert (a1.serial, b1.serial, a2.serial, a_next_year.serial) == (1, 1, 2, 1)
    assert a1.serial_scope_key == f"file:{atwari_file.id}:2024"
    assert b1.number == "47.61.7704.000.06.001.23.1"


def test_continuous_file_scope_never_restarts(tree, signer, atwari_file):
    tree.atwari.memo_serial_scope = SerialScope.FILE_CONTINUOUS.value
    db.session.flush()
    dates = (date(2023, 12, 31), date(2024, 1, 1), date(2024, 7, 1))
    assert [_issue(atwari_file, signer, tree.panchagarh, on).serial for on in dates] == [1, 2, 3]
    assert _counter(f"file:{atwari_file.id}") == 3


# The number -------------------------------------------------------------------------------------------------


def test_number_is_the_file_prefix_the_file_separator_and_the_serial(tree, signer):
    dashed = MemoFileFactory(
        office=tree.atwari, number_prefix="47.61.7704.000.05.003.22", serial_separator="-"
    )
    first = _issue(dashed, signer, tree.panchagarh, date(2024, 6, 1))
    second = _issue(dashed, signer, tree.panchagarh, date(2024, 6, 2))
    assert (first.number, second.number) == ("47.61.7704.000.05.003.22-1", "47.61.7704.000.05.003.22-2")
    assert second.issued_on == date(2024, 6, 2)
    # The number is searchable as soon as it exists.
    assert "47.61.7704.000.05.003.22-2" in second.search_text


def test_a_draft_and_a_submitted_memo_have_no_number_and_take_no_serial(tree, signer, atwari_file):
    memo = _draft(atwari_file, signer, tree.panchagarh)
    assert (memo.serial, memo.number, memo.serial_scope_key, memo.issued_on) == (None, None, None, None)
    services.submit_memo(memo, by=signer)
    db.session.flush()
    assert memo.status == MemoState.SUBMITTED and memo.number is None
    assert db.session.scalar(select(func.count()).select_from(MemoCounter)) == 0
    # Drafts made before do not hold serials back: the first letter issued is number 1.
    later = _draft(atwari_file, signer, tree.panchagarh)
    services.issue_memo(later, by=signer, on=date(2024, 1, 5))
    assert later.serial == 1 and memo.serial is None


# Failures leave no hole -------------------------------------------------------------------------------------


def test_an_issue_refused_before_numbering_takes_no_serial(tree, signer, atwari_file):
    memo = _draft(atwari_file, signer, tree.panchagarh)
    drafter = officer_user(tree.atwari, "সহকারী পরিদর্শক")
    with pytest.raises(DomainError):
        services.issue_memo(memo, by=drafter, on=date(2024, 1, 5))  # not the signatory
    assert _counter(f"office:{tree.atwari.id}:2024") is None
    services.issue_memo(memo, by=signer, on=date(2024, 1, 5))
    assert memo.serial == 1


def test_a_domain_error_after_the_serial_was_allocated_gives_the_serial_back(
    tree, signer, atwari_file, monkeypatch
):
    on = date(2024, 4, 1)
    _issue(atwari_file, signer, tree.panchagarh, on)
    memo = _draft(atwari_file, signer, tree.panchagarh)
    _commit_setup()

    def refuse_delivery(memo: Memo):
        raise DomainError("a recipient office was closed meanwhile")

    monkeypatch.setattr(services, "delivery_targets", refuse_delivery)
    with pytest.raises(DomainError):
        services.issue_memo(memo, by=signer, on=on)
    assert memo.serial == 2  # allocated, then the refusal came
    db.session.rollback()  # what the view does with a DomainError
    monkeypatch.undo()

    assert memo.status == MemoState.DRAFT and memo.serial is None and memo.number is None
    assert _counter(f"office:{tree.atwari.id}:2024") == 1
    services.issue_memo(memo, by=signer, on=on)
    assert memo.serial == 2
    assert memo.number == "47.61.7704.000.05.003.22.2"


def test_a_crash_inside_the_issuing_transaction_leaves_no_hole_and_no_duplicate(tree, signer, atwari_file):
    on = date(2024, 4, 1)
    first = _issue(atwari_file, signer, tree.panchagarh, on)
    crashed = _draft(atwari_file, signer, tree.panchagarh)
    _commit_setup()
    with pytest.raises(RuntimeError):
        services.issue_memo(crashed, by=signer, on=on)
        db.session.flush()
        raise RuntimeError("the worker died before the commit")
    db.session.rollback()

    retried = _draft(atwari_file, signer, tree.panchagarh)
    services.issue_memo(retried, by=signer, on=on)
    services.issue_memo(crashed, by=signer, on=on)
    db.session.flush()
    issued = db.session.scalars(
        select(Memo.serial).where(Memo.serial_scope_key == first.serial_scope_key).order_by(Memo.serial)
    ).all()
    assert issued == [1, 2, 3]
    assert (retried.serial, crashed.serial) == (2, 3)
    assert _counter(first.serial_scope_key) == 3


# The database backstop --------------------------------------------------------------------------------------


def test_the_database_has_a_unique_constraint_on_scope_and_serial():
    constraints = inspect(db.session.connection()).get_unique_constraints("memos")
    assert ["serial_scope_key", "serial"] in [c["column_names"] for c in constraints]


def test_the_database_refuses_a_second_memo_with_the_same_serial_in_a_scope(tree, signer, atwari_file):
    on = date(2024, 8, 1)
    first = _issue(atwari_file, signer, tree.panchagarh, on)
    second = _issue(atwari_file, signer, tree.panchagarh, on)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(Memo)
            .where(Memo.id == second.id)
            .values(serial=first.serial)
            .execution_options(synchronize_session=False)
        )
    # The same serial in another scope is fine: that is what a new year is.
    other_year = _issue(atwari_file, signer, tree.panchagarh, date(2025, 1, 1))
    assert other_year.serial == first.serial == 1
