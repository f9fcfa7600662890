"""`seed_demo()`: the office tree (directorate, 8 divisions, 64 districts, Rangpur division's upazilas),
the people of the seed letters, a demo account for each role and the letters themselves (app.demo.letters).
Idempotent: offices are found by code, branches by (office, name), posts by (office, designation), officers
by (office, name), accounts by username and letters by number, so a second run adds nothing. Everything goes
through the org, auth and memo services (which check permissions and write the audit log); it flushes and
leaves the commit to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.auth.services import create_user
from app.core import audit
from app.core.errors import DomainError
from app.demo import geo, people
from app.demo.committees import seed_committees
from app.demo.letters import seed_letters
from app.demo.plans import seed_plans
from app.extensions import db
from app.org import services
from app.org.models import Branch, Office, OfficeLevel, Officer, Post, PostHolding

DEMO_PASSWORD = "sabha-demo-2024"
DIRECTORATE_CODE = "directorate"


@dataclass(frozen=True)
class DemoAccount:
    office_name: str
    role: str
    username: str
    password: str


def _common(level: OfficeLevel, code: str, geo_code: str) -> dict[str, Any]:
    return {
        "level": level.value,
        "code": code,
        "letterhead_bn": people.GOVERNMENT,
        "memo_ministry_code": people.MEMO_MINISTRY_CODE,
        "memo_department_code": people.MEMO_DEPARTMENT_CODE,
        "memo_geo_code": geo_code,
    }


def directorate_data() -> dict[str, Any]:
    return {
        **_common(OfficeLevel.DIRECTORATE, DIRECTORATE_CODE, people.HEADQUARTERS_GEO_CODE),
        "name_bn": "সমবায় অধিদপ্তর",
        "name_en": "Department of Cooperatives",
        "place_bn": "ঢাকা",
        "place_en": "Dhaka",
    }


def division_data(division: geo.Division) -> dict[str, Any]:
    code = geo.division_office_code(division)
    return {
        **_common(OfficeLevel.DIVISION, code, people.HEADQUARTERS_GEO_CODE),
        "name_bn": f"বিভাগীয় সমবায় কার্যালয়, {division.name_bn}",
        "name_en": f"Divisional Cooperative Office, {division.name_en}",
        "place_bn": division.name_bn,
        "place_en": division.name_en,
        **people.OFFICE_DETAILS.get(code, {}),
    }


def district_data(district: geo.District) -> dict[str, Any]:
    code = geo.district_office_code(district)
    return {
        **_common(OfficeLevel.DISTRICT, code, district.code + "00"),
        "name_bn": f"জেলা সমবায় কার্যালয়, {district.name_bn}",
        "name_en": f"District Cooperative Office, {district.name_en}",
        "place_bn": district.name_bn,
        "place_en": district.name_en,
        **people.OFFICE_DETAILS.get(code, {}),
    }


def upazila_data(upazila: geo.Upazila) -> dict[str, Any]:
    code = geo.upazila_office_code(upazila)
    district = geo.district_by_code(upazila.district_code)
    place_bn = f"{upazila.name_bn}, {district.name_bn}"
    place_en = f"{upazila.name_en}, {district.name_en}"
    return {
        **_common(OfficeLevel.UPAZILA, code, upazila.geo_code),
        "name_bn": f"উপজেলা সমবায় কার্যালয়, {place_bn}",
        "name_en": f"Upazila Cooperative Office, {place_en}",
        "place_bn": place_bn,
        "place_en": place_en,
        **people.OFFICE_DETAILS.get(code, {}),
    }


class _Seeder:
    def __init__(self) -> None:
        session = db.session
        self.offices: dict[str, Office] = {o.code.lower(): o for o in session.scalars(select(Office))}
        self.branches: dict[tuple[int, str], Branch] = {
            (b.office_id, b.name_bn): b for b in session.scalars(select(Branch))
        }
        self.posts: dict[tuple[int, str], Post] = {}
        for post in session.scalars(select(Post).order_by(Post.id)):
            self.posts.setdefault((post.office_id, post.designation_bn), post)
        self.officers: dict[tuple[int, str], Officer] = {}
        for officer in session.scalars(select(Officer).order_by(Officer.id)):
            self.officers.setdefault((officer.office_id, officer.name_bn), officer)
        self.held_posts: set[int] = set(session.scalars(select(PostHolding.post_id).distinct()))
        self.users: dict[str, User] = {u.username.lower(): u for u in session.scalars(select(User))}
        self.admin: User | None = None
        self.demo_offices: list[Office] = []  # the offices of the demo tree, in tree order

    # Offices ------------------------------------------------------------------------------------------

    def directorate_and_admin(self) -> None:
        """The directorate and the demo system administrator. The first office cannot be made through the
        service (it needs a system administrator, who needs an office), so it is made as `flask create-admin`
        makes it, and audited once the administrator exists."""
        directorate = self.offices.get(DIRECTORATE_CODE)
        made_here = directorate is None
        if directorate is None:
            directorate = Office(**{**directorate_data(), "level": OfficeLevel.DIRECTORATE})
            db.session.add(directorate)
            db.session.flush()
            directorate.path = f"/{directorate.id}/"
            self.offices[DIRECTORATE_CODE] = directorate
        admin = self.users.get("admin")
        if admin is None:
            admin = create_user(
                directorate, {"username": "admin", "role": Role.SYSADMIN}, DEMO_PASSWORD, by=None
            )
            self.users["admin"] = admin
        elif not admin.is_sysadmin:
            raise DomainError("The account 'admin' exists but is not a system administrator.")
        if made_here:
            audit.record(
                "office.create",
                directorate,
                by=admin,
                office_id=directorate.id,
                changes={"name_bn": [None, directorate.name_bn]},
            )
        self.admin = admin

    def office(self, parent: Office | None, data: dict[str, Any]) -> Office:
        office = self.offices.get(data["code"].lower())
        if office is None:
            office = services.create_office(parent, data, by=self.by)
            self.offices[office.code.lower()] = office
        self.demo_offices.append(office)
        return office

    def tree(self) -> None:
        directorate = self.offices[DIRECTORATE_CODE]
        self.demo_offices.append(directorate)
        for division in geo.DIVISIONS:
            division_office = self.office(directorate, division_data(division))
            for district in geo.districts_of(division):
                district_office = self.office(division_office, district_data(district))
                for upazila in geo.upazilas_of(district):
                    self.office(district_office, upazila_data(upazila))

    # Branches, posts, officers ------------------------------------------------------------------------

    @property
    def by(self) -> User:
        assert self.admin is not None
        return self.admin

    def branch(self, office: Office, name_bn: str, name_en: str, memo_code: str) -> Branch:
        branch = self.branches.get((office.id, name_bn))
        if branch is None:
            data = {"name_bn": name_bn, "name_en": name_en, "memo_code": memo_code}
            branch = services.create_branch(office, data, by=self.by)
            self.branches[(office.id, name_bn)] = branch
        return branch

    def post(self, office: Office, data: dict[str, Any]) -> Post:
        post = self.posts.get((office.id, data["designation_bn"]))
        if post is None:
            post = services.create_post(office, data, by=self.by)
            self.posts[(office.id, data["designation_bn"])] = post
        return post

    def head_posts(self) -> None:
        for office in self.demo_offices:
            head = people.HEAD_POSTS.get(office.level.value)
            if head is not None:
                data = {"designation_bn": head.designation_bn, "designation_en": head.designation_en}
                self.post(office, {**data, "rank": 1, "is_head": True})

    def seed_people(self) -> None:
        for spec in people.BRANCHES:
            self.branch(self.offices[spec.office_code], spec.name_bn, spec.name_en, spec.memo_code)
        for spec in people.POSTS:
            office = self.offices[spec.office_code]
            data: dict[str, Any] = {
                "designation_bn": spec.designation_bn,
                "designation_en": spec.designation_en,
                "rank": spec.rank,
            }
            if spec.branch_bn:
                data["branch_id"] = self.branches[(office.id, spec.branch_bn)].id
            self.post(office, data)
        for spec in people.OFFICERS:
            office = self.offices[spec.office_code]
            officer = self.officers.get((office.id, spec.name_bn))
            if officer is None:
                data = {"honorific_bn": spec.honorific_bn, "name_bn": spec.name_bn, "name_en": spec.name_en}
                officer = services.create_officer(office, data, by=self.by)
                self.officers[(office.id, spec.name_bn)] = officer
            post = self.posts[(office.id, spec.designation_bn)]
            # Only into a post nobody has held yet: a later appointment made in Sabha is left alone.
            if post.id not in self.held_posts:
                services.appoint(officer, post, spec.start_date, by=self.by)
                self.held_posts.add(post.id)

    # Accounts -----------------------------------------------------------------------------------------

    def accounts(self) -> list[DemoAccount]:
        result = []
        for spec in people.ACCOUNTS:
            office = self.offices[spec.office_code]
            user = self.users.get(spec.username)
            if user is None:
                data: dict[str, Any] = {"username": spec.username, "role": spec.role}
                officer = (
                    self.officers.get((office.id, spec.officer_name_bn)) if spec.officer_name_bn else None
                )
                if officer is not None and not self._has_account(officer):
                    data["officer_id"] = officer.id
                user = create_user(office, data, DEMO_PASSWORD, by=self.by)
                self.users[spec.username] = user
                password = DEMO_PASSWORD
            else:
                # An account made before (by an earlier run or by hand) keeps its password.
                password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(not the demo password)"
            office_name = user.office.name_en or user.office.name_bn
            result.append(DemoAccount(office_name, Role(user.role).value, user.username, password))
        return result

    @staticmethod
    def _has_account(officer: Officer) -> bool:
        return bool(
            db.session.scalar(select(func.count()).select_from(User).where(User.officer_id == officer.id))
        )


def seed_demo() -> list[DemoAccount]:
    """Seed the demo data (idempotent) and return the demo sign-ins. Flushes; the caller commits."""
    seeder = _Seeder()
    seeder.directorate_and_admin()
    seeder.tree()
    seeder.head_posts()
    seeder.seed_people()
    accounts = seeder.accounts()
    seed_letters()
    seed_committees()
    seed_plans()
    db.session.flush()
    return accounts
