"""`flask seed-demo`: the office tree, the people of the seed letters, the demo accounts, and a rerun that
changes nothing."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.core.audit import AuditLog
from app.demo import geo, people
from app.demo.cli import seed_demo_command
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.extensions import db
from app.org.models import Branch, Office, OfficeLevel, Officer, Post, current_holder_of

RANGPUR_UPAZILAS = 58  # Dinajpur 13, Gaibandha 7, Kurigram 9, Lalmonirhat 5, Nilphamari 6, Panchagarh 5,
# Rangpur 8, Thakurgaon 5
USERNAMES = [
    "admin",
    "rangpur-admin",
    "khulna-admin",
    "rajshahi-admin",
    "panchagarh-admin",
    "atwari-uco",
    "atwari-secretary",
    "khulna-secretary",
    "khulna-dco",
]


# What app/demo/plans.py audits: plans, indicators, reports and the registers that feed them.
PLAN_WORK = ("Plan", "Indicator", "Report", "PortalUpdate", "ENothiFigures", "DigitizedService")


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _levels() -> dict[OfficeLevel, int]:
    rows = db.session.execute(select(Office.level, func.count()).group_by(Office.level))
    return {OfficeLevel(level): n for level, n in rows}


def _office(code: str) -> Office:
    return db.session.scalar(select(Office).where(Office.code == code))


def _table_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _current_holder(office: Office, designation_bn: str) -> Officer | None:
    post = db.session.scalar(
        select(Post).where(Post.office_id == office.id, Post.designation_bn == designation_bn)
    )
    assert post is not None, designation_bn
    return current_holder_of(post)


# The tree --------------------------------------------------------------------------------------------------


def test_seed_builds_the_office_tree():
    seed_demo()
    assert _levels() == {
        OfficeLevel.DIRECTORATE: 1,
        OfficeLevel.DIVISION: 8,
        OfficeLevel.DISTRICT: 64,
        OfficeLevel.UPAZILA: RANGPUR_UPAZILAS,
    }
    assert _count(Office) == 1 + 8 + 64 + 58
    # Every office has exactly one head post.
    heads = db.session.execute(
        select(Post.office_id, func.count()).where(Post.is_head).group_by(Post.office_id)
    )
    assert sorted(n for _, n in heads) == [1] * _count(Office)


def test_atwari_sits_under_panchagarh_under_rangpur():
    seed_demo()
    atwari, panchagarh, rangpur = _office("upz-atwari"), _office("dist-panchagarh"), _office("div-rangpur")
    directorate = _office("directorate")
    assert atwari.parent == panchagarh and panchagarh.parent == rangpur and rangpur.parent == directorate
    assert atwari.is_within(rangpur) and not atwari.is_within(_office("div-khulna"))
    assert atwari.name_bn == "উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়"
    assert atwari.name_en == "Upazila Cooperative Office, Atwari, Panchagarh"
    assert atwari.place_bn == "আটোয়ারী, পঞ্চগড়"
    assert (atwari.memo_ministry_code, atwari.memo_department_code, atwari.memo_geo_code) == (
        "47",
        "61",
        "7704",
    )
    assert panchagarh.memo_geo_code == "7700" and panchagarh.name_bn == "জেলা সমবায় কার্যালয়, পঞ্চগড়"
    assert rangpur.memo_geo_code == "0000" and directorate.memo_geo_code == "0000"
    assert rangpur.name_bn == "বিভাগীয় সমবায় কার্যালয়, রংপুর"
    assert rangpur.name_en == "Divisional Cooperative Office, Rangpur"
    assert all(
        o.letterhead_bn.startswith("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার") for o in db.session.scalars(select(Office))
    )


def test_seed_office_contacts_and_motto_as_printed():
    seed_demo()
    atwari, rangpur, khulna = _office("upz-atwari"), _office("div-rangpur"), _office("div-khulna")
    assert atwari.email == "ucoatwari@gmail.com" and atwari.phone == "02589942842"
    assert atwari.website == "www.cooperative.atwari.panchagarh.gov.bd"
    assert rangpur.fax == "02588-810395" and rangpur.email == "jr.rangpur@coop.gov.bd"
    assert khulna.letterhead_bn.splitlines()[1] == "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়"
    # The motto is configuration of the offices whose letters print it, and of no other office.
    assert "বঙ্গবন্ধুর দর্শন" in atwari.motto_bn and "বঙ্গবন্ধুর দর্শন" in rangpur.motto_bn
    assert _office("div-rajshahi").motto_bn == "" and _office("dist-panchagarh").motto_bn == ""
    with_motto = {o.code for o in db.session.scalars(select(Office).where(Office.motto_bn != ""))}
    assert with_motto == {"upz-atwari", "div-rangpur", "div-khulna"}
    khulna_branches = {
        b.name_bn for b in db.session.scalars(select(Branch).where(Branch.office_id == khulna.id))
    }
    assert {"প্রশাসন শাখা", "অডিট, আইন ও সমিতি শাখা", "বিচার শাখা"} <= khulna_branches


# The people ------------------------------------------------------------------------------------------------


def test_seed_people_hold_their_posts():
    seed_demo()
    atwari = _office("upz-atwari")
    head = db.session.scalar(select(Post).where(Post.office_id == atwari.id, Post.is_head))
    assert head.designation_bn == "উপজেলা সমবায় অফিসার" and head.rank == 1
    faruk = current_holder_of(head)
    assert faruk is not None and faruk.name_bn == "মো: ফারুক হোসেন"
    assert faruk.honorific_bn == "জনাব"  # printed "জনাব মো: ফারুক হোসেন"
    paritosh = _current_holder(atwari, "সহকারী পরিদর্শক")
    assert paritosh is not None and paritosh.name_bn == "পরিতোষ চন্দ্র রায়" and paritosh.office == atwari
    assert paritosh.holdings[0].post.designation_en == "Assistant Inspector"
    assert str(paritosh.holdings[0].start_date) == "2022-07-01"
    assert _current_holder(_office("div-rangpur"), "যুগ্ম-নিবন্ধক").name_bn == "মুনাল কান্তি বিশ্বাস"
    assert _current_holder(_office("div-khulna"), "যুগ্ম-নিবন্ধক").name_bn == "মোঃ মিজানুর রহমান"
    assert _current_holder(_office("div-rajshahi"), "যুগ্ম-নিবন্ধক").name_bn == "মোঃ মোখলেছুর রহমান"
    # Issue 3's walk-through: Khulna district's officer receives seed 004's directive and forwards it to an
    # inspector of the same office (demo people, not in the seeds).
    khulna_district = _office("dist-khulna")
    assert _current_holder(khulna_district, "জেলা সমবায় অফিসার").name_bn == "মোঃ আব্দুল করিম"
    inspector = _current_holder(khulna_district, "পরিদর্শক")
    assert inspector is not None and inspector.office == khulna_district
    # Posts the seeds name without a holder stay vacant rather than get an invented name.
    assert _current_holder(atwari, "অফিস সহকারী কাম কম্পিউটার অপারেটর") is None
    assert _current_holder(_office("dist-panchagarh"), "জেলা সমবায় অফিসার") is None


def test_seeding_goes_through_the_services_and_is_audited():
    seed_demo()
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    actions = dict(db.session.execute(select(AuditLog.action, func.count()).group_by(AuditLog.action)).all())
    assert actions["office.create"] == _count(Office)
    assert actions["post.create"] == _count(Post)
    assert actions["officer.create"] == _count(Officer)
    assert actions["user.create"] == len(USERNAMES)
    makers = set(
        db.session.scalars(
            select(AuditLog.user_id).where(
                AuditLog.action != "user.create",
                ~AuditLog.action.startswith("memo"),
                ~AuditLog.action.startswith("delivery"),
                # The committee and its meeting are set up by Atwari's own accounts (test_committees.py), the
                # action plans and their registers by each office's own account (test_plans.py).
                ~AuditLog.object_type.in_(("Committee", "Seat", "Meeting", "ActionItem", *PLAN_WORK)),
            )
        )
    )
    assert makers == {admin.id}


# Accounts --------------------------------------------------------------------------------------------------


def test_accounts_are_returned_with_roles_and_officers():
    accounts = seed_demo()
    assert [a.username for a in accounts] == USERNAMES
    assert {a.password for a in accounts} == {DEMO_PASSWORD}
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert users["admin"].role == Role.SYSADMIN and users["admin"].office.code == "directorate"
    assert (
        users["atwari-uco"].role == Role.OFFICE_ADMIN
        and users["atwari-uco"].officer.name_bn == "মো: ফারুক হোসেন"
    )
    assert users["atwari-secretary"].role == Role.STAFF
    assert users["atwari-secretary"].officer.name_bn == "পরিতোষ চন্দ্র রায়"
    assert users["rangpur-admin"].officer.name_bn == "মুনাল কান্তি বিশ্বাস"
    assert users["khulna-admin"].officer.name_bn == "মোঃ মিজানুর রহমান"
    assert (
        users["panchagarh-admin"].officer is None
        and users["panchagarh-admin"].office.code == "dist-panchagarh"
    )
    assert (
        users["khulna-secretary"].office.code == "div-khulna" and users["khulna-secretary"].role == Role.STAFF
    )
    dco = users["khulna-dco"]
    assert dco.office.code == "dist-khulna" and dco.role == Role.OFFICE_ADMIN
    assert dco.officer.name_bn == "মোঃ আব্দুল করিম"
    by_username = {a.username: a for a in accounts}
    assert by_username["atwari-uco"].office_name == "Upazila Cooperative Office, Atwari, Panchagarh"
    assert by_username["atwari-uco"].role == "office_admin"


@pytest.mark.parametrize("username", USERNAMES)
def test_demo_accounts_sign_in(app, username):
    seed_demo()
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert "/login" not in response.headers["Location"]


# Idempotence -----------------------------------------------------------------------------------------------


def test_second_run_adds_nothing():
    first = seed_demo()
    counts = _table_counts()
    assert counts["offices"] == 131 and counts["users"] == len(USERNAMES)
    second = seed_demo()
    assert _table_counts() == counts
    assert second == first


def test_rerun_leaves_later_changes_alone():
    seed_demo()
    atwari = _office("upz-atwari")
    atwari.motto_bn = ""  # a new government: the office clears its motto
    head = db.session.scalar(select(Post).where(Post.office_id == atwari.id, Post.is_head))
    head.designation_en = "UCO"
    db.session.flush()
    counts = _table_counts()
    seed_demo()
    assert _table_counts() == counts
    assert _office("upz-atwari").motto_bn == "" and head.designation_en == "UCO"


def test_cli_seeds_commits_and_prints_sign_ins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(seed_demo_command)
    assert result.exit_code == 0, result.output
    assert "atwari-secretary" in result.output and DEMO_PASSWORD in result.output
    assert _count(Office) == 131
    again = runner.invoke(seed_demo_command)
    assert again.exit_code == 0, again.output
    assert _count(Office) == 131


def _all_names() -> list[str]:
    names = [n for d in geo.DIVISIONS for n in (d.name_bn, d.name_en)]
    names += [n for d in geo.DISTRICTS for n in (d.name_bn, d.name_en)]
    return names + [n for u in geo.UPAZILAS for n in (u.name_bn, u.name_en)]


def test_geo_codes_are_complete_and_unique():
    assert len(geo.DIVISIONS) == 8 and len({d.code for d in geo.DIVISIONS}) == 8
    assert {d.name_en for d in geo.DIVISIONS} == {
        "Barishal", "Chattogram", "Dhaka", "Khulna", "Mymensingh", "Rajshahi", "Rangpur", "Sylhet",
    }  # fmt: skip
    assert len(geo.DISTRICTS) == 64 and len({d.code for d in geo.DISTRICTS}) == 64
    division_codes = {d.code for d in geo.DIVISIONS}
    assert all(d.division_code in division_codes for d in geo.DISTRICTS)
    assert all(len(c) == 2 and c.isascii() and c.isdigit() for c in [d.code for d in geo.DISTRICTS])
    assert geo.division_by_code("55").name_bn == "রংপুর" and geo.district_by_code("77").name_bn == "পঞ্চগড়"
    assert (geo.division_by_code("40").name_en, geo.division_by_code("50").name_en) == ("Khulna", "Rajshahi")


def test_geo_upazilas_cover_rangpur_division():
    rangpur = geo.division_by_code("55")
    districts = geo.districts_of(rangpur)
    assert len(districts) == 8
    assert {d.code for d in districts} == {u.district_code for u in geo.UPAZILAS}
    per_district = {d.name_en: len(geo.upazilas_of(d)) for d in districts}
    assert per_district == {
        "Dinajpur": 13, "Gaibandha": 7, "Kurigram": 9, "Lalmonirhat": 5,
        "Nilphamari": 6, "Panchagarh": 5, "Rangpur": 8, "Thakurgaon": 5,
    }  # fmt: skip
    assert len(geo.UPAZILAS) == RANGPUR_UPAZILAS
    assert len({u.geo_code for u in geo.UPAZILAS}) == RANGPUR_UPAZILAS
    atwari = next(u for u in geo.UPAZILAS if u.name_en == "Atwari")
    assert (atwari.name_bn, atwari.geo_code) == ("আটোয়ারী", "7704")
    codes = [geo.upazila_office_code(u) for u in geo.UPAZILAS]
    assert len(set(codes)) == len(codes) and "upz-atwari" in codes


def test_geo_names_are_nfc_and_bangla_where_bangla():
    for name in _all_names():
        assert name == unicodedata.normalize("NFC", name), name
        assert name == name.strip() and name
    for place in (*geo.DIVISIONS, *geo.DISTRICTS, *geo.UPAZILAS):
        assert all("\u0980" <= ch <= "\u09ff" or ch == " " for ch in place.name_bn), place
        assert place.name_en.isascii(), place


def test_people_data_is_nfc():
    texts = [s.name_bn for s in people.OFFICERS] + [s.designation_bn for s in people.POSTS]
    texts += [s.name_bn for s in people.BRANCHES] + [
        v for d in people.OFFICE_DETAILS.values() for v in d.values()
    ]
    for text in texts:
        assert text == unicodedata.normalize("NFC", text), text
    assert geo.slug("Cox's Bazar") == "coxs-bazar" and geo.slug("Panchagarh Sadar") == "panchagarh-sadar"
