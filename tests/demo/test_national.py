"""The national demo dataset, built small (20 offices, 500 memos): the tree, a head, a user and a file per
office, memos numbered as issue_memo numbers them, deliveries that reach existing offices, and a second run
that adds nothing. The full tree is checked without building it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.demo import geo
from app.demo.cli import seed_demo_command
from app.demo.national import NATIONAL_FILE_TITLE, build_national, national_tree
from app.demo.seed import DEMO_PASSWORD
from app.extensions import db
from app.memos import services
from app.memos.models import Delivery, Memo, MemoCounter, MemoFile, MemoKind, MemoRecipient, RecipientRole
from app.org.models import Office, OfficeLevel, Post, current_holder_of
from workflows.memo import DeliveryState, MemoState

SMALL = {"offices": 20, "memos": 500}


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _table_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


# The full tree (not built) ----------------------------------------------------------------------------------


def test_national_tree_has_578_offices_each_after_its_parent():
    tree = national_tree()
    levels = Counter(spec.data["level"] for spec in tree)
    assert levels == {"directorate": 1, "division": 8, "district": 64, "upazila": 495, "metro_thana": 10}
    assert len(tree) == 578
    codes = [spec.code for spec in tree]
    assert len(set(codes)) == len(codes)
    seen: set[str] = set()
    for spec in tree:
        assert spec.parent_code is None or spec.parent_code in seen, spec.code
        seen.add(spec.code)
    geo_codes = [s.data["memo_geo_code"] for s in tree if s.data["level"] in ("upazila", "metro_thana")]
    assert len(set(geo_codes)) == len(geo_codes)


def test_national_tree_uses_the_names_and_codes_of_geo_where_it_has_them():
    by_code = {spec.code: spec for spec in national_tree()}
    for upazila in geo.UPAZILAS:
        spec = by_code[geo.upazila_office_code(upazila)]
        assert upazila.name_bn in spec.data["name_bn"] and spec.data["memo_geo_code"] == upazila.geo_code
    atwari = by_code["upz-atwari"]
    assert (
        atwari.parent_code == "dist-panchagarh"
        and atwari.data["name_bn"] == "উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়"
    )
    # Districts geo.py does not list upazilas for get generated ones, named after the district.
    barguna = [s for s in by_code.values() if s.parent_code == "dist-barguna"]
    assert len(barguna) == 6 and barguna[0].data["place_bn"] == "উপজেলা-১, বরগুনা"


# A small build ----------------------------------------------------------------------------------------------


def test_small_build_has_the_tree_with_a_head_a_user_and_a_file_per_office():
    summary = build_national(**SMALL)
    assert (summary.offices, summary.offices_added, summary.users_added) == (20, 20, 20)
    offices = list(db.session.scalars(select(Office).order_by(Office.id)))
    assert Counter(o.level for o in offices) == {
        OfficeLevel.DIRECTORATE: 1, OfficeLevel.DIVISION: 1, OfficeLevel.DISTRICT: 2, OfficeLevel.UPAZILA: 16,
    }  # fmt: skip
    by_id = {o.id: o for o in offices}
    for office in offices:
        parent_path = by_id[office.parent_id].path if office.parent_id else "/"
        assert office.path == f"{parent_path}{office.id}/"
        heads = [p for p in office.posts if p.is_head]
        assert len(heads) == 1
        holder = current_holder_of(heads[0])
        assert holder is not None and holder.office_id == office.id
        user = db.session.scalar(select(User).where(User.username == office.code))
        assert user is not None and user.office_id == office.id and user.officer_id == holder.id
        files = db.session.scalars(select(MemoFile).where(MemoFile.office_id == office.id)).all()
        assert [f.title for f in files] == [NATIONAL_FILE_TITLE]
        assert files[0].number_prefix == f"47.61.{office.memo_geo_code}.000.50.001.22"
    assert db.session.scalar(select(User).where(User.username == "dist-barguna")).check_password(
        DEMO_PASSWORD
    )
    assert summary.sample_users["district"] == "dist-barguna"


def test_small_build_numbers_memos_as_issuing_would():
    summary = build_national(**SMALL)
    memos = list(db.session.scalars(select(Memo).options(db.joinedload(Memo.file))))
    assert summary.memos == len(memos) == 500
    by_scope: dict[str, list[Memo]] = defaultdict(list)
    for memo in memos:
        assert memo.status == MemoState.ISSUED
        assert memo.number == f"{memo.file.number_prefix}.{memo.serial}"
        assert memo.serial_scope_key == f"office:{memo.office_id}:{memo.issued_on.year}"
        assert date(2023, 1, 1) <= memo.issued_on <= date(2024, 12, 31)
        assert memo.issued_on.weekday() not in (4, 5)  # no letters on Friday or Saturday
        assert memo.signatory_officer_id is not None and memo.issued_by_id is not None
        assert memo.search_text == services.search_key(memo.subject, memo.number)
        by_scope[memo.serial_scope_key].append(memo)
    counters = dict(db.session.execute(select(MemoCounter.scope_key, MemoCounter.last_serial)).all())
    assert set(counters) == set(by_scope)
    for key, scoped in by_scope.items():
        scoped.sort(key=lambda m: m.serial)
        assert [m.serial for m in scoped] == list(range(1, len(scoped) + 1)), key
        assert [m.issued_at for m in scoped] == sorted(m.issued_at for m in scoped), key
        assert counters[key] == len(scoped)
    # Every level writes; the directorate and the division write more than an upazila.
    sent = Counter(m.office.level for m in memos)
    assert set(sent) == {
        OfficeLevel.DIRECTORATE,
        OfficeLevel.DIVISION,
        OfficeLevel.DISTRICT,
        OfficeLevel.UPAZILA,
    }


def test_small_build_delivers_to_existing_offices_and_never_to_the_sender():
    summary = build_national(**SMALL)
    offices = {o.id: o for o in db.session.scalars(select(Office))}
    deliveries = list(db.session.scalars(select(Delivery)))
    assert summary.deliveries == len(deliveries)
    recipients = {r.id: r for r in db.session.scalars(select(MemoRecipient))}
    memos = {m.id: m for m in db.session.scalars(select(Memo))}
    delivered_to: dict[int, set[int]] = defaultdict(set)
    for delivery in deliveries:
        memo = memos[delivery.memo_id]
        assert delivery.office_id in offices and delivery.office_id != memo.office_id
        assert recipients[delivery.recipient_id].memo_id == memo.id
        if delivery.state == DeliveryState.RECEIVED:
            assert delivery.received_at > delivery.delivered_at
            receiver = db.session.get(User, delivery.received_by_id)
            assert receiver.office_id == delivery.office_id
        delivered_to[memo.id].add(delivery.office_id)
    # What issue_memo would have delivered: the addressee, every office of a group, the copy recipients.
    for memo in memos.values():
        expected: set[int] = set()
        for line in memo.recipients:
            if line.group_level:
                expected |= {o.id for o in services.group_offices(line.office_id, line.group_level)}
            else:
                expected.add(line.office_id)
        assert delivered_to[memo.id] == expected - {memo.office_id}, memo.id
        if memo.kind == MemoKind.FORWARDING:
            assert memo.recipients[0].role == RecipientRole.TO
            assert memo.recipients[0].office_id == offices[memo.office_id].parent_id
        else:
            assert memo.recipients[0].role == RecipientRole.DISTRIBUTION and memo.not_by_seniority
    assert {d.state for d in deliveries} == {DeliveryState.RECEIVED, DeliveryState.DELIVERED}


def test_a_second_build_adds_nothing():
    build_national(**SMALL)
    counts = _table_counts()
    again = build_national(**SMALL)
    assert again.already_present and again.memos == 500
    assert _table_counts() == counts


def test_a_build_reuses_existing_offices_and_continues_their_counters():
    build_national(offices=20, memos=0)  # the offices, people and files, no memo yet
    directorate = db.session.scalar(select(Office).where(Office.code == "directorate"))
    db.session.add(MemoCounter(scope_key=f"office:{directorate.id}:2024", last_serial=41))
    db.session.flush()
    counts = {name: _count(model) for name, model in (("offices", Office), ("users", User), ("posts", Post))}

    summary = build_national(**SMALL)
    assert (summary.offices_added, summary.users_added) == (0, 0)
    assert counts == {
        name: _count(model) for name, model in (("offices", Office), ("users", User), ("posts", Post))
    }
    serials = db.session.scalars(
        select(Memo.serial)
        .where(Memo.serial_scope_key == f"office:{directorate.id}:2024")
        .order_by(Memo.serial)
    ).all()
    assert serials[0] == 42 and serials == list(range(42, 42 + len(serials)))
    counter = db.session.scalar(
        select(MemoCounter.last_serial).where(MemoCounter.scope_key == f"office:{directorate.id}:2024")
    )
    assert counter == serials[-1]


def test_a_build_needs_two_offices():
    with pytest.raises(Exception, match="at least two offices"):
        build_national(offices=1, memos=10)


# The command ------------------------------------------------------------------------------------------------


def test_cli_national_seeds_the_demo_then_the_national_dataset_once(app):
    runner = app.test_cli_runner()
    args = ["--national", "--national-offices", "20", "--national-memos", "300"]
    result = runner.invoke(seed_demo_command, args)
    assert result.exit_code == 0, result.output
    assert "National dataset: 20 offices (16 added)" in result.output
    assert "300 memos" in result.output and "atwari-secretary" in result.output
    # The demo tree's directorate, Barishal division and its two first districts were reused.
    assert _count(Office) == 131 + 16
    assert (
        _count(Memo)
        - db.session.scalar(
            select(func.count()).select_from(Memo).join(MemoFile).where(MemoFile.title != NATIONAL_FILE_TITLE)
        )
        == 300
    )

    again = runner.invoke(seed_demo_command, args)
    assert again.exit_code == 0, again.output
    assert "already present (300 memos); nothing was added" in again.output
    assert _count(Office) == 131 + 16


def test_cli_national_sizes_need_national(app):
    result = app.test_cli_runner().invoke(seed_demo_command, ["--national-memos", "10"])
    assert result.exit_code == 2
    assert "go with --national" in result.output
