"""Factories for Sabha's models, and a small office tree for access tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.extensions import db
from app.org.models import Branch, Office, OfficeLevel, Officer, Post, PostHolding

PASSWORD = "correct-horse-42"
_codes = count(1)


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OfficeFactory(_Base):
    class Meta:
        model = Office

    level = OfficeLevel.DIRECTORATE
    parent = None
    code = factory.LazyFunction(lambda: f"office-{next(_codes)}")
    name_bn = factory.Sequence(lambda n: f"সমবায় কার্যালয় {n}")
    name_en = factory.Sequence(lambda n: f"Cooperative Office {n}")

    @factory.post_generation
    def _path(obj: Office, create: bool, extracted: object, **kwargs: object) -> None:
        db.session.flush()
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.id}/"
        db.session.flush()


class BranchFactory(_Base):
    class Meta:
        model = Branch

    office = factory.SubFactory(OfficeFactory)
    name_bn = factory.Sequence(lambda n: f"শাখা {n}")
    name_en = factory.Sequence(lambda n: f"Branch {n}")


class OfficerFactory(_Base):
    class Meta:
        model = Officer

    office = factory.SubFactory(OfficeFactory)
    name_bn = factory.Sequence(lambda n: f"কর্মকর্তা {n}")
    name_en = factory.Sequence(lambda n: f"Officer {n}")
    email = factory.Sequence(lambda n: f"officer{n}@example.org")


class PostFactory(_Base):
    class Meta:
        model = Post

    office = factory.SubFactory(OfficeFactory)
    designation_bn = "সহকারী পরিদর্শক"
    designation_en = "Assistant Inspector"


class PostHoldingFactory(_Base):
    class Meta:
        model = PostHolding

    post = factory.SubFactory(PostFactory)
    officer = factory.SubFactory(OfficerFactory, office=factory.SelfAttribute("..post.office"))
    start_date = date(2023, 1, 1)


class UserFactory(_Base):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    office = factory.SubFactory(OfficeFactory)
    role = Role.STAFF
    locale = "bn"
    # A cheap hash: the factories make many users, and strength is not what these tests look at.
    password_hash = factory.LazyFunction(
        lambda: generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    )


@dataclass
class Tree:
    directorate: Office
    rangpur: Office
    khulna: Office
    panchagarh: Office
    atwari: Office
    boda: Office
    khulna_district: Office
    users: dict[str, User] = field(default_factory=dict)


def build_tree() -> Tree:
    d = OfficeFactory(level=OfficeLevel.DIRECTORATE, name_en="Directorate")
    rangpur = OfficeFactory(parent=d, level=OfficeLevel.DIVISION, name_en="Rangpur Division")
    khulna = OfficeFactory(parent=d, level=OfficeLevel.DIVISION, name_en="Khulna Division")
    panchagarh = OfficeFactory(parent=rangpur, level=OfficeLevel.DISTRICT, name_en="Panchagarh")
    atwari = OfficeFactory(parent=panchagarh, level=OfficeLevel.UPAZILA, name_en="Atwari")
    boda = OfficeFactory(parent=panchagarh, level=OfficeLevel.UPAZILA, name_en="Boda")
    khulna_district = OfficeFactory(parent=khulna, level=OfficeLevel.DISTRICT, name_en="Khulna District")
    tree = Tree(d, rangpur, khulna, panchagarh, atwari, boda, khulna_district)
    tree.users["sysadmin"] = UserFactory(office=d, role=Role.SYSADMIN, username="sys")
    for name in ("rangpur", "khulna", "panchagarh", "atwari", "boda", "khulna_district"):
        office = getattr(tree, name)
        tree.users[f"{name}_admin"] = UserFactory(
            office=office, role=Role.OFFICE_ADMIN, username=f"{name}-admin"
        )
        tree.users[f"{name}_staff"] = UserFactory(office=office, role=Role.STAFF, username=f"{name}-staff")
    return tree


# Memos ------------------------------------------------------------------------------------------------------

from app.memos.models import MemoFile  # noqa: E402


class MemoFileFactory(_Base):
    class Meta:
        model = MemoFile

    office = factory.SubFactory(OfficeFactory)
    title = factory.Sequence(lambda n: f"ই-গভর্ন্যান্স নথি {n}")
    number_prefix = factory.Sequence(lambda n: f"47.61.0000.261.80.{n:03d}.14")


def officer_user(office: Office, designation: str = "উপজেলা সমবায় অফিসার", *, is_head: bool = False,
                 role: Role = Role.STAFF, username: str | None = None) -> User:  # fmt: skip
    """A user of `office` linked to an officer who holds a post there today (so they may sign)."""
    post = PostFactory(office=office, designation_bn=designation, is_head=is_head)
    officer = OfficerFactory(office=office)
    PostHoldingFactory(post=post, officer=officer, start_date=date(2023, 1, 1))
    kwargs = {"username": username} if username else {}
    user = UserFactory(office=office, role=role, officer=officer, **kwargs)
    user.post = post  # handy in tests: the post this user signs for
    return user


def draft_data(memo_file: MemoFile, signatory_post: Post, **overrides: object) -> dict:
    """A complete draft for app.memos.services.create_memo: addressed to one office in Sabha."""
    data: dict = {
        "kind": "directive",
        "file_id": memo_file.id,
        "subject": "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।",
        "body": "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, ...\n\nএমতাবস্থায়, প্রতিবেদন প্রেরণের জন্য অনুরোধ করা হলো।",
        "signatory_post_id": signatory_post.id,
        "recipients": [],
    }
    data.update(overrides)
    return data


# Committees and meetings ------------------------------------------------------------------------------------


@dataclass
class CommitteeSetup:
    committee: object
    convenor: User  # holds the convenor's post (the head of office): signs notices and minutes
    secretary: User  # member secretary and focal point
    member: User
    memo_file: MemoFile


def committee_setup(
    office: Office, *, name: str = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"
) -> CommitteeSetup:
    """Seed 003's committee in small: convenor (the head), member secretary & focal point, one member."""
    from app.committees import services as committees
    from app.committees.models import SeatRole

    convenor = officer_user(office, "উপজেলা সমবায় অফিসার", is_head=True)
    secretary = officer_user(office, "সহকারী পরিদর্শক")
    member = officer_user(office, "অফিস সহকারী কাম কম্পিউটার অপারেটর")
    memo_file = MemoFileFactory(office=office)
    admin = UserFactory(office=office, role=Role.OFFICE_ADMIN)
    committee = committees.create_committee(office, {"name_bn": name, "memo_file_id": memo_file.id}, by=admin)
    committees.add_seat(committee, {"post_id": convenor.post.id, "role": SeatRole.CONVENOR}, by=admin)
    committees.add_seat(committee, {"post_id": secretary.post.id, "role": SeatRole.MEMBER_SECRETARY,
                                    "second_role": SeatRole.FOCAL_POINT}, by=admin)  # fmt: skip
    committees.add_seat(committee, {"post_id": member.post.id, "role": SeatRole.MEMBER}, by=admin)
    return CommitteeSetup(committee, convenor, secretary, member, memo_file)
