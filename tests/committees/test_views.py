"""The committee pages as an office sets up seed 003's committee: the list with today's holders and the
quarterly record, the committee's page, the committee and seat forms with their refusals, and who may do
what."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import event, func, select

from app.auth.models import User
from app.committees import queries
from app.committees.models import Committee, QuorumRule, Seat, SeatRole
from app.core.audit import AuditLog
from app.core.bangla import fiscal_year_start
from app.extensions import db
from app.meetings.models import Meeting
from app.org import services as org
from app.org.models import Officer, Post
from tests.conftest import login
from tests.factories import MemoFileFactory, OfficerFactory, committee_setup, officer_user
from workflows.meeting import MeetingState

NAME = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"


@dataclass
class Atwari:
    admin: User
    convenor: User  # holds the উপজেলা সমবায় অফিসার post
    secretary: User  # holds the সহকারী পরিদর্শক post
    memo_file_id: int


@pytest.fixture
def atwari(tree) -> Atwari:
    convenor = officer_user(tree.atwari, "উপজেলা সমবায় অফিসার", is_head=True)
    convenor.post.designation_en = "Upazila Cooperative Officer"
    secretary = officer_user(tree.atwari, "সহকারী পরিদর্শক")
    memo_file = MemoFileFactory(office=tree.atwari)
    admin = tree.users["atwari_admin"]
    admin.locale = "en"
    db.session.commit()  # a refused request rolls its own work back, never the test's setup
    return Atwari(admin, convenor, secretary, memo_file.id)


def _committee_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "egov_implementation",
        "name_bn": NAME,
        "name_en": "e-Governance and Innovation Action Plan Implementation Committee",
        "formation_reference": "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১০২ তারিখ: ০২/০৮/২০২২",
        "formation_date": "২০২২-০৮-০২",
        "meetings_per_quarter": "১",
        "quorum_rule": "majority",
        "quorum_count": "",
        "is_active": "y",
    }
    data.update(overrides)
    return data


def _seat_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"post_id": "None", "outsider_name": "", "outsider_designation": "",
                               "outsider_organisation": "", "outsider_email": "", "role": "member",
                               "second_role": ""}  # fmt: skip
    data.update(overrides)
    return data


def _create(client, office_id: int, memo_file_id: int, **overrides: object) -> Committee:  # type: ignore[no-untyped-def]
    data = _committee_data(memo_file_id=memo_file_id, **overrides)
    response = client.post(f"/offices/{office_id}/committees/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    committee = db.session.scalar(select(Committee).order_by(Committee.id.desc()))
    assert response.headers["Location"].endswith(f"/committees/{committee.id}")
    return committee


def _seed_003(client, tree, atwari: Atwari) -> Committee:  # type: ignore[no-untyped-def]
    """Seed 003's committee through the pages: convenor, and member secretary & focal point."""
    committee = _create(client, tree.atwari.id, atwari.memo_file_id)
    for data in (
        _seat_data(post_id=atwari.convenor.post.id, role="convenor"),
        _seat_data(post_id=atwari.secretary.post.id, role="member_secretary", second_role="focal_point"),
    ):
        response = client.post(f"/committees/{committee.id}/seats/new", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return committee


def _active_seats(committee: Committee) -> list[Seat]:
    return list(db.session.scalars(select(Seat).where(Seat.committee_id == committee.id, Seat.is_active)))


# Setting a committee up -------------------------------------------------------------------------------------


def test_office_admin_sets_up_seed_003_committee_and_the_list_shows_todays_holders(client, tree, atwari):
    login(client, atwari.admin)
    form = client.get(f"/offices/{tree.atwari.id}/committees/new").get_data(as_text=True)
    assert "/memo-files" in form  # a link to the files page next to the file's select
    committee = _seed_003(client, tree, atwari)
    assert committee.formation_date == date(2022, 8, 2) and committee.meetings_per_quarter == 1
    assert committee.memo_file_id == atwari.memo_file_id

    page = client.get(f"/committees/{committee.id}").get_data(as_text=True)
    assert NAME in page or committee.name_en in page
    assert "সদস্য সচিব ও ফোকাল পয়েন্ট" in page
    assert "আহ্বায়ক" in page
    assert atwari.convenor.officer.name_en in page and atwari.secretary.officer.name_en in page
    assert 'data-testid="missing-roles"' not in page

    listing = client.get(f"/offices/{tree.atwari.id}/committees").get_data(as_text=True)
    assert 'data-testid="committee-row"' in listing
    assert committee.name_en in listing
    assert atwari.convenor.officer.name_en in listing and atwari.secretary.officer.name_en in listing
    assert "Upazila Cooperative Officer" in listing
    assert 'data-testid="seat-count">2<' in listing


def test_committee_page_warns_of_missing_single_roles_in_the_users_language(client, tree, atwari):
    login(client, atwari.admin)
    committee = _create(client, tree.atwari.id, atwari.memo_file_id)
    page = client.get(f"/committees/{committee.id}").get_data(as_text=True)
    assert "exactly one convenor and one member secretary" in page
    assert "Missing: Convenor, Member secretary." in page
    atwari.admin.locale = "bn"
    db.session.commit()
    page = client.get(f"/committees/{committee.id}").get_data(as_text=True)
    assert 'data-testid="missing-roles"' in page and 'lang="bn"' in page


def test_a_second_convenor_is_refused_on_the_form_and_no_seat_is_added(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    other = officer_user(tree.atwari, "অফিস সহকারী")
    db.session.commit()
    response = client.post(
        f"/committees/{committee.id}/seats/new", data=_seat_data(post_id=other.post.id, role="convenor")
    )
    assert response.status_code == 200
    assert "The committee already has a Convenor; change that seat first." in response.get_data(as_text=True)
    assert len(_active_seats(committee)) == 2


def test_the_same_post_twice_is_refused_on_the_form(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    response = client.post(
        f"/committees/{committee.id}/seats/new", data=_seat_data(post_id=atwari.secretary.post.id)
    )
    assert "This post already has a seat on the committee." in response.get_data(as_text=True)
    assert len(_active_seats(committee)) == 2


def test_an_outsider_takes_a_seat_with_designation_and_organisation(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    data = _seat_data(outsider_name="মোছা: রোকেয়া বেগম", outsider_designation="সভাপতি",
                      outsider_organisation="আটোয়ারী মহিলা সমবায় সমিতি লি:", outsider_email="rokeya@example.org",
                      role="member")  # fmt: skip
    assert client.post(f"/committees/{committee.id}/seats/new", data=data).status_code == 302
    seat = next(s for s in _active_seats(committee) if s.post_id is None)
    assert (seat.outsider_name, seat.outsider_email) == ("মোছা: রোকেয়া বেগম", "rokeya@example.org")
    page = client.get(f"/committees/{committee.id}").get_data(as_text=True)
    assert "মোছা: রোকেয়া বেগম" in page and "আটোয়ারী মহিলা সমবায় সমিতি লি:" in page


def test_a_seat_needs_a_post_or_a_name_but_not_both(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    page = client.post(f"/committees/{committee.id}/seats/new", data=_seat_data()).get_data(as_text=True)
    assert "Choose a post of the office, or write the name of a member from outside." in page
    member = officer_user(tree.atwari, "অফিস সহকারী")
    db.session.commit()
    both = _seat_data(post_id=member.post.id, outsider_name="কেউ একজন")
    page = client.post(f"/committees/{committee.id}/seats/new", data=both).get_data(as_text=True)
    assert "not both" in page
    assert len(_active_seats(committee)) == 2


def test_editing_a_seat_gives_it_a_second_role(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    member = officer_user(tree.atwari, "অফিস সহকারী")
    db.session.commit()
    client.post(f"/committees/{committee.id}/seats/new", data=_seat_data(post_id=member.post.id))
    seat = next(s for s in _active_seats(committee) if s.post_id == member.post.id)
    form = client.get(f"/seats/{seat.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{seat.version}"' in form
    data = _seat_data(
        post_id=member.post.id, role="member", second_role="alternate_focal_point", version=seat.version
    )
    assert client.post(f"/seats/{seat.id}/edit", data=data).status_code == 302
    assert db.session.get(Seat, seat.id).roles_bn == "সদস্য ও বিকল্প ফোকাল পয়েন্ট"


def test_removing_the_member_secretarys_seat_is_refused(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    secretary_seat = committee.seat_with(SeatRole.MEMBER_SECRETARY)
    response = client.post(f"/seats/{secretary_seat.id}/remove", data={"version": secretary_seat.version},
                           follow_redirects=True)  # fmt: skip
    assert "Give the convenor's or member secretary's role to another seat before removing this one." in (
        html.unescape(response.get_data(as_text=True))
    )
    assert db.session.get(Seat, secretary_seat.id).is_active


def test_removing_a_members_seat_keeps_it_as_a_former_seat(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    client.post(f"/committees/{committee.id}/seats/new", data=_seat_data(outsider_name="বহিরাগত সদস্য"))
    seat = next(s for s in _active_seats(committee) if s.post_id is None)
    response = client.post(f"/seats/{seat.id}/remove", data={"version": seat.version}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The seat has been removed from the committee." in page and "Former seats" in page
    assert not db.session.get(Seat, seat.id).is_active
    assert len(_active_seats(committee)) == 2
    # A removed seat is not edited any more.
    assert client.get(f"/seats/{seat.id}/edit").status_code == 302


def test_a_transfer_hands_the_seat_to_the_posts_next_holder(client, tree, atwari):
    login(client, atwari.admin)
    committee = _seed_003(client, tree, atwari)
    newcomer = OfficerFactory(office=tree.atwari, name_en="Newly Posted Officer")
    old = atwari.convenor.officer.name_en
    org.appoint(newcomer, atwari.convenor.post, date(2024, 7, 1), by=atwari.admin)
    db.session.commit()
    page = client.get(f"/committees/{committee.id}").get_data(as_text=True)
    seat_table = page[page.index('data-testid="seats"') : page.index('id="meetings"')]
    assert "Newly Posted Officer" in seat_table and old not in seat_table
    listing = client.get(f"/offices/{tree.atwari.id}/committees").get_data(as_text=True)
    assert "Newly Posted Officer" in listing and old not in listing


# Who may do what --------------------------------------------------------------------------------------------


def _signed_in(app, user: User):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, user)
    return client


def test_plain_staff_gets_403_on_edit_pages_a_sibling_404_and_a_supervisor_reads(app, tree):
    setup = committee_setup(tree.atwari)
    committee = setup.committee
    seat = committee.seats[2]
    db.session.commit()
    edit_pages = [f"/offices/{tree.atwari.id}/committees/new", f"/committees/{committee.id}/edit",
                  f"/committees/{committee.id}/seats/new", f"/seats/{seat.id}/edit"]  # fmt: skip
    read_pages = [f"/offices/{tree.atwari.id}/committees", f"/committees/{committee.id}"]

    staff = _signed_in(app, tree.users["atwari_staff"])
    for url in edit_pages:
        assert staff.get(url).status_code == 403, url
    assert staff.post(f"/seats/{seat.id}/remove").status_code == 403
    for url in read_pages:
        assert staff.get(url).status_code == 200, url

    sibling = _signed_in(app, tree.users["boda_admin"])
    for url in edit_pages + read_pages:
        assert sibling.get(url).status_code == 404, url
    assert sibling.post(f"/seats/{seat.id}/remove").status_code == 404

    supervisor = _signed_in(app, tree.users["panchagarh_staff"])
    for url in read_pages:
        assert supervisor.get(url).status_code == 200, url
    page = supervisor.get(f"/committees/{committee.id}").get_data(as_text=True)
    assert 'data-testid="edit-committee"' not in page and 'data-testid="remove-seat"' not in page
    assert db.session.get(Seat, seat.id).is_active
    # A supervising office's administrator may set the committee up.
    assert (
        _signed_in(app, tree.users["panchagarh_admin"]).get(f"/committees/{committee.id}/edit").status_code
        == 200
    )


def test_the_convenor_and_member_secretary_edit_their_committee_without_being_admins(app, tree):
    setup = committee_setup(tree.atwari)
    db.session.commit()
    for user in (setup.convenor, setup.secretary):
        client = _signed_in(app, user)
        assert client.get(f"/committees/{setup.committee.id}/edit").status_code == 200
        page = client.get(f"/committees/{setup.committee.id}").get_data(as_text=True)
        assert 'data-testid="edit-committee"' in page
        # Holding a seat gives no right to start a committee of one's own.
        assert client.get(f"/offices/{tree.atwari.id}/committees/new").status_code == 403
    assert _signed_in(app, setup.member).get(f"/committees/{setup.committee.id}/edit").status_code == 403


def test_an_edit_opened_before_someone_else_saved_is_refused(client, tree, atwari):
    login(client, atwari.admin)
    committee = _create(client, tree.atwari.id, atwari.memo_file_id)
    opened = committee.version
    first = _committee_data(memo_file_id=atwari.memo_file_id, name_en="First save", version=opened)
    assert client.post(f"/committees/{committee.id}/edit", data=first).status_code == 302
    second = _committee_data(memo_file_id=atwari.memo_file_id, name_en="Second save", version=opened)
    response = client.post(f"/committees/{committee.id}/edit", data=second)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it." in response.get_data(as_text=True)
    assert db.session.get(Committee, committee.id).name_en == "First save"


def test_a_fixed_quorum_without_a_count_is_refused(client, tree, atwari):
    login(client, atwari.admin)
    committee = _create(client, tree.atwari.id, atwari.memo_file_id)
    data = _committee_data(memo_file_id=atwari.memo_file_id, quorum_rule="fixed", quorum_count="",
                           version=committee.version)  # fmt: skip
    response = client.post(f"/committees/{committee.id}/edit", data=data)
    assert response.status_code == 200
    assert "Give the number of members needed for a quorum." in response.get_data(as_text=True)
    assert db.session.get(Committee, committee.id).quorum_rule == QuorumRule.MAJORITY
    data.update(quorum_count="৩")
    assert client.post(f"/committees/{committee.id}/edit", data=data).status_code == 302
    saved = db.session.get(Committee, committee.id)
    assert (saved.quorum_rule, saved.quorum_count, saved.quorum_needed()) == (QuorumRule.FIXED, 3, 3)


def test_a_committee_without_a_bangla_name_is_refused_and_nothing_saved(client, tree, atwari):
    login(client, atwari.admin)
    before = db.session.scalar(select(func.count()).select_from(Committee))
    response = client.post(f"/offices/{tree.atwari.id}/committees/new",
                           data=_committee_data(name_bn=" ", memo_file_id=atwari.memo_file_id))  # fmt: skip
    assert response.status_code == 200 and "This field is required." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Committee)) == before


def test_a_memo_file_of_another_office_is_not_offered_and_refused(client, tree, atwari):
    login(client, atwari.admin)
    boda_file = MemoFileFactory(office=tree.boda)
    db.session.commit()
    form = client.get(f"/offices/{tree.atwari.id}/committees/new").get_data(as_text=True)
    assert boda_file.title not in form
    response = client.post(
        f"/offices/{tree.atwari.id}/committees/new", data=_committee_data(memo_file_id=boda_file.id)
    )
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.query(AuditLog).filter_by(action="committee.create").count() == 0


# The quarterly record ---------------------------------------------------------------------------------------


def _meeting(
    committee: Committee, held_on: date, number: int, state: MeetingState = MeetingState.HELD
) -> Meeting:
    meeting = Meeting(
        committee=committee, office_id=committee.office_id, fiscal_year=fiscal_year_start(held_on),
        number=number, held_on=held_on, start_time=time(10), state=state,
    )  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    return meeting


def test_a_quarter_without_a_held_meeting_is_missed(tree):
    setup = committee_setup(tree.atwari)
    committee = setup.committee
    committee.formation_date = date(2022, 8, 2)
    _meeting(committee, date(2022, 9, 15), 1)  # Q1 held
    _meeting(committee, date(2022, 11, 20), 2, MeetingState.NOTICE_ISSUED)  # Q2 never held: missed
    _meeting(committee, date(2023, 2, 10), 3, MeetingState.MINUTES_ISSUED)  # Q3 held
    _meeting(committee, date(2023, 6, 25), 4, MeetingState.CANCELLED)  # Q4, still open on 2023-05-01
    rows = queries.office_committees(tree.atwari, on=date(2023, 5, 1))
    [row] = [r for r in rows if r.committee.id == committee.id]
    assert [q.status.value for q in row.quarters] == ["met", "missed", "met", "open"]
    assert (row.held_this_year, row.missed) == (2, 1)
    assert [q.status.value for q in queries.quarters_of(committee, [], date(2023, 7, 10))] == [
        "open",
        "ahead",
        "ahead",
        "ahead",
    ]
    # Quarters that ended before the committee was formed owe nothing.
    committee.formation_date = date(2023, 1, 5)
    assert [q.status.value for q in queries.quarters_of(committee, [], date(2023, 5, 1))] == [
        "before",
        "before",
        "missed",
        "open",
    ]
    # Without a formation date, the day the committee was recorded in Sabha counts.
    committee.formation_date = None
    committee.created_at = datetime(2023, 1, 4, 20, 0, tzinfo=UTC)  # 5 January in Dhaka
    assert queries.formed_on(committee) == date(2023, 1, 5)
    assert [q.status.value for q in queries.quarters_of(committee, [], date(2023, 5, 1))] == [
        "before",
        "before",
        "missed",
        "open",
    ]
    committee.meetings_per_quarter = 0
    assert {q.status.value for q in queries.quarters_of(committee, [], date(2023, 5, 1))} == {"met"}


def test_the_list_shows_this_years_quarters_and_the_meetings_on_the_committee_page(client, tree):
    setup = committee_setup(tree.atwari)
    today = queries.today()
    _meeting(setup.committee, today, 1)
    db.session.commit()
    setup.secretary.locale = "en"
    login(client, setup.secretary)
    listing = client.get(f"/offices/{tree.atwari.id}/committees").get_data(as_text=True)
    assert listing.count('data-testid="quarter"') == 4 and "1 held" in listing
    page = client.get(f"/committees/{setup.committee.id}").get_data(as_text=True)
    assert 'data-testid="meeting-row"' in page and "1st meeting of" in page


def test_the_list_takes_a_bounded_number_of_queries_whatever_the_number_of_committees(client, tree, app):
    admin = tree.users["atwari_admin"]

    def count_queries() -> int:
        statements: list[str] = []

        def before(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            statements.append(statement)

        db.session.commit()  # both counts start from a fresh transaction with nothing loaded
        engine = db.session.get_bind()
        event.listen(engine, "before_cursor_execute", before)
        try:
            assert client.get(f"/offices/{tree.atwari.id}/committees").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements)

    committee_setup(tree.atwari, name="প্রথম কমিটি")
    db.session.commit()
    login(client, admin)
    one = count_queries()
    assert one <= 10
    for n in range(4):
        setup = committee_setup(tree.atwari, name=f"কমিটি {n}")
        _meeting(setup.committee, queries.today(), 1)
    db.session.commit()
    assert count_queries() == one


def test_the_navigation_and_the_office_page_link_to_committees(client, tree):
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)
    assert f'href="/offices/{tree.atwari.id}/committees"' in page
    assert 'data-testid="nav-committees"' in page and 'data-testid="office-committees"' in page


def test_holder_of_prefers_the_regular_holder_to_an_additional_charge(tree):
    admin = tree.users["atwari_admin"]
    from app.org.models import Charge

    user = officer_user(tree.atwari, "সহকারী পরিদর্শক")
    acting = OfficerFactory(office=tree.atwari)
    org.appoint(acting, user.post, date(2024, 1, 1), by=admin, charge=Charge.ADDITIONAL)
    post = db.session.get(Post, user.post.id)
    assert queries.holder_of(post) == db.session.get(Officer, user.officer_id)
