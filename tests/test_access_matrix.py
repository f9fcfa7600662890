"""Every web route tried by users of the office itself, its supervisor, a sibling, a subordinate and an
anonymous visitor. A new route must be added here, or test_every_route_is_in_the_matrix fails."""

from __future__ import annotations

from datetime import date

import pytest

from app.org.models import Charge
from tests.committees.routes import COMMITTEE_POST_ONLY, COMMITTEE_ROUTES
from tests.conftest import login
from tests.factories import (
    BranchFactory,
    MemoFileFactory,
    OfficerFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
    draft_data,
    officer_user,
)
from tests.indicators.routes import INDICATOR_POST_ONLY, INDICATOR_ROUTES, indicator_objects
from tests.meetings.routes_meetings import MEETING_NOT_IN_MATRIX, MEETING_POST_ONLY, MEETING_ROUTES
from tests.meetings.routes_minutes import (
    MINUTES_EVIDENCE_ROUTES,
    MINUTES_POST_ONLY,
    MINUTES_ROUTES,
    MINUTES_UNSCOPED,
    evidence_note,
)
from tests.meetings.routes_papers import PAPER_ROUTES
from tests.memos.routes_compose import ATTACHMENT_ROUTE, COMPOSE_ROUTES
from tests.memos.routes_registers import REGISTER_ROUTES

# (endpoint, url template, kind). kind "view": office staff and supervisors may open it;
# "manage": only office administrators of the office or above; "own": only the office's own staff
# (drafts, which not even a supervising office sees); "seat": only a committee's convenor or member secretary
# (none of the matrix's users holds a seat, so every user who may see the office gets 403).
ROUTES = [
    ("org.office", "/offices/{office}", "view"),
    ("org.officer", "/officers/{officer}", "view"),
    ("org.edit_office", "/offices/{office}/edit", "manage"),
    ("org.new_office", "/offices/{district}/offices/new", "manage"),
    ("org.new_branch", "/offices/{office}/branches/new", "manage"),
    ("org.edit_branch", "/branches/{branch}/edit", "manage"),
    ("org.new_post", "/offices/{office}/posts/new", "manage"),
    ("org.edit_post", "/posts/{post}/edit", "manage"),
    ("org.appoint", "/posts/{post}/appoint", "manage"),
    ("org.new_officer", "/offices/{office}/officers/new", "manage"),
    ("org.edit_officer", "/officers/{officer}/edit", "manage"),
    ("org.transfer", "/officers/{officer}/transfer", "manage"),
    ("org.audit_log", "/offices/{office}/audit", "manage"),
    ("auth.users", "/offices/{office}/users", "manage"),
    ("auth.new_user", "/offices/{office}/users/new", "manage"),
    ("auth.edit_user", "/users/{user}/edit", "manage"),
    *COMPOSE_ROUTES,
    ATTACHMENT_ROUTE,
    *REGISTER_ROUTES,
    *COMMITTEE_ROUTES,
    *MEETING_ROUTES,
    *MINUTES_ROUTES,
    *PAPER_ROUTES,
    *MINUTES_EVIDENCE_ROUTES,
    *INDICATOR_ROUTES,
]

# Routes that answer POST only. A sibling office's POST must answer 404 and change nothing; an anonymous one
# is sent to sign in. (Who inside the office may take each step is tested per area.)
POST_ONLY = [
    ("memos.submit", "/memos/{draft}/submit"),
    ("memos.withdraw", "/memos/{draft}/withdraw"),
    ("memos.return_memo", "/memos/{draft}/return"),
    ("memos.issue", "/memos/{draft}/issue"),
    ("memos.discard", "/memos/{draft}/discard"),
    ("memos.correct", "/memos/{memo}/correct"),
    ("memos.attach", "/memos/{draft}/attachments"),
    ("memos.detach", "/memos/{draft}/attachments/{draft_attachment}/delete"),
    ("memos.retry_email", "/memo-emails/{email}/retry"),
    ("memos.receive", "/deliveries/{delivery}/receive"),
    ("memos.reply", "/deliveries/{delivery}/reply"),
    ("memos.delete_template", "/offices/{office}/memo-templates/letter/delete"),
    *COMMITTEE_POST_ONLY,
    *MEETING_POST_ONLY,
    *MINUTES_POST_ONLY,
    *INDICATOR_POST_ONLY,
]

# Routes that carry no office object: reachable by any signed-in user, or public.
UNSCOPED = {
    "static", "auth.login", "auth.logout", "auth.set_language", "auth.change_password", "org.home",
    "org.offices", "tokens.index", "tokens.create", "tokens.revoke", *MINUTES_UNSCOPED,
}  # fmt: skip


@pytest.fixture
def objects(tree):
    """Atwari's records, the target of every route (and Panchagarh for routes on a district)."""
    post = PostFactory(office=tree.atwari)
    officer = OfficerFactory(office=tree.atwari)
    PostHoldingFactory(post=post, officer=officer, start_date=date(2023, 1, 1), charge=Charge.REGULAR)
    from app.memos import services as memos

    signer = officer_user(tree.atwari, is_head=True)
    memo_file = MemoFileFactory(office=tree.atwari)
    to_panchagarh = [{"role": "to", "office_id": tree.panchagarh.id}]
    draft = memos.create_memo(
        tree.atwari, draft_data(memo_file, signer.post, recipients=to_panchagarh), by=signer
    )
    issued = memos.create_memo(
        tree.atwari, draft_data(memo_file, signer.post, recipients=to_panchagarh), by=signer
    )
    from tests.core.test_uploads import PDF

    attachment = memos.add_attachment(issued, "scan.pdf", PDF, by=signer)
    draft_attachment = memos.add_attachment(draft, "draft.pdf", PDF, by=signer)
    tree.panchagarh.email = "dco.panchagarh@coop.gov.bd"
    memos.issue_memo(issued, by=signer, send_email=True)
    # A letter from Panchagarh in Atwari's inbox.
    district_signer = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True)
    district_file = MemoFileFactory(office=tree.panchagarh)
    incoming = memos.create_memo(
        tree.panchagarh,
        draft_data(
            district_file, district_signer.post, recipients=[{"role": "to", "office_id": tree.atwari.id}]
        ),
        by=district_signer,
    )
    memos.issue_memo(incoming, by=district_signer)
    meeting_objects = _meeting_objects(tree)
    return {
        **meeting_objects,
        **indicator_objects(tree),
        "memo_file": memo_file.id,
        "draft": draft.id,
        "memo": issued.id,
        "attachment": attachment.id,
        "draft_attachment": draft_attachment.id,
        "delivery": incoming.deliveries[0].id,
        "email": _first_email(issued),
        "office": tree.atwari.id,
        "district": tree.panchagarh.id,
        "branch": BranchFactory(office=tree.atwari).id,
        "post": post.id,
        "officer": officer.id,
        "user": UserFactory(office=tree.atwari).id,
    }


def _meeting_objects(tree) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Atwari's committee with a held meeting whose minutes are approved (so it has action items), and a
    second meeting still in draft."""
    from datetime import time

    from app.meetings import services as meetings
    from tests.factories import committee_setup

    setup = committee_setup(tree.atwari)
    when = {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": "অফিস কক্ষ"}
    meeting = meetings.schedule_meeting(setup.committee, when, by=setup.secretary)
    meetings.issue_notice(meeting, by=setup.convenor)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    seat = setup.committee.seats[1]
    meetings.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "সিদ্ধান্ত", "implementers": [{"seat_id": seat.id}]}]}]}, by=setup.secretary)  # fmt: skip
    meetings.approve_minutes(meeting, by=setup.convenor)
    draft = meetings.schedule_meeting(
        setup.committee, {**when, "held_on": date(2023, 9, 20)}, by=setup.secretary
    )
    action_item = meeting.agenda[0].decisions[0].action_items[0]
    return {
        "committee": setup.committee.id,
        "seat": seat.id,
        "meeting": meeting.id,
        "draft_meeting": draft.id,
        "attendee": meeting.attendees[0].id,
        "action_item": action_item.id,
        "action_note": evidence_note(action_item, by=setup.secretary),
    }


def _first_email(memo) -> int:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.memos.models import MemoEmail

    return db.session.query(MemoEmail).filter_by(memo_id=memo.id).first().id


def _url(template: str, objects: dict[str, int]) -> str:
    return template.format(**objects)


def _expected(kind: str, who: str, endpoint: str) -> set[int]:
    if who in ("khulna_admin", "boda_admin", "khulna_district_staff"):
        return {404}  # a sibling never learns the record exists
    if endpoint == "org.new_office" and who.startswith("atwari"):
        return {404}  # the target there is Panchagarh, Atwari's supervisor, which Atwari does not see
    if kind == "own":
        return {200} if who.startswith("atwari") else {404}
    if kind == "seat":
        return {403}
    if kind == "view":
        return {200}
    if who in ("atwari_staff", "rangpur_staff"):
        return {403}
    return {200}


USERS = [
    "atwari_staff",
    "atwari_admin",
    "rangpur_admin",
    "rangpur_staff",
    "khulna_admin",
    "boda_admin",
    "khulna_district_staff",
]


@pytest.mark.parametrize("endpoint,template,kind", ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("who", USERS)
def test_route_access(client, tree, objects, endpoint, template, kind, who):
    login(client, tree.users[who])
    response = client.get(_url(template, objects))
    assert response.status_code in _expected(kind, who, endpoint), (who, endpoint, response.status_code)


@pytest.mark.parametrize("endpoint,template,kind", ROUTES, ids=[r[0] for r in ROUTES])
def test_route_sends_anonymous_to_sign_in(client, objects, endpoint, template, kind):
    response = client.get(_url(template, objects))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


READ_ONLY = {"org.audit_log", "auth.users"}
MANAGE_ROUTES = [r for r in ROUTES if r[2] == "manage" and r[0] not in READ_ONLY]


@pytest.mark.parametrize("endpoint,template,kind", MANAGE_ROUTES, ids=[r[0] for r in MANAGE_ROUTES])
def test_posting_to_a_sibling_changes_nothing(client, tree, objects, endpoint, template, kind):
    from app.core.audit import AuditLog
    from app.extensions import db

    login(client, tree.users["khulna_admin"])
    before = db.session.query(AuditLog).count()
    response = client.post(_url(template, objects), data={"name_bn": "x", "designation_bn": "x", "code": "x"})
    assert response.status_code == 404
    assert db.session.query(AuditLog).count() == before


def test_subordinate_cannot_open_its_supervisor(client, tree):
    login(client, tree.users["atwari_admin"])
    assert client.get(f"/offices/{tree.panchagarh.id}").status_code == 404
    assert client.get(f"/offices/{tree.rangpur.id}").status_code == 404


@pytest.mark.parametrize("endpoint,template", POST_ONLY, ids=[r[0] for r in POST_ONLY])
@pytest.mark.parametrize("who", ["khulna_admin", "boda_admin", "khulna_district_staff"])
def test_post_only_routes_hide_from_siblings_and_change_nothing(
    client, tree, objects, endpoint, template, who
):
    from app.core.audit import AuditLog
    from app.extensions import db

    login(client, tree.users[who])
    before = db.session.query(AuditLog).count()
    response = client.post(
        _url(template, objects), data={"comment": "x", "file_id": "1", "signatory_post_id": "1"}
    )
    assert response.status_code == 404, (who, endpoint, response.status_code)
    assert db.session.query(AuditLog).count() == before


@pytest.mark.parametrize("endpoint,template", POST_ONLY, ids=[r[0] for r in POST_ONLY])
def test_post_only_routes_send_anonymous_to_sign_in(client, objects, endpoint, template):
    response = client.post(_url(template, objects))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_route_is_in_the_matrix(app):
    # Tested in their own area's tests: the matrix's objects have nothing for them to return.
    covered = {r[0] for r in ROUTES} | UNSCOPED | {r[0] for r in POST_ONLY} | MEETING_NOT_IN_MATRIX
    web = {rule.endpoint for rule in app.url_map.iter_rules() if not rule.rule.startswith("/api/")}
    assert web - covered == set(), "add these routes to the access matrix"
