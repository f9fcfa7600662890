"""Office, branch, post, officer, appointment and transfer rules."""

from __future__ import annotations

from datetime import date

import pytest

from app.auth.models import User
from app.core.audit import AuditLog
from app.core.errors import DomainError, StaleObjectError
from app.extensions import db
from app.org import services
from app.org.models import Charge, OfficeLevel
from tests.factories import OfficerFactory, PostFactory, UserFactory


def _audit(action: str) -> list[AuditLog]:
    return db.session.query(AuditLog).filter_by(action=action).all()


def test_create_office_sets_path_under_parent_and_audits(tree):
    admin = tree.users["panchagarh_admin"]
    office = services.create_office(
        tree.panchagarh,
        {"level": "upazila", "code": "upz-tetulia", "name_bn": "উপজেলা সমবায় কার্যালয়, তেঁতুলিয়া"},
        by=admin,
    )
    assert office.path == f"{tree.panchagarh.path}{office.id}/"
    assert office.is_within(tree.rangpur)
    assert not office.is_within(tree.khulna)
    assert [a.object_id for a in _audit("office.create")] == [office.id]


def test_office_level_must_fit_under_parent(tree):
    with pytest.raises(DomainError) as error:
        services.create_office(
            tree.panchagarh, {"level": "division", "code": "bad", "name_bn": "ভুল"}, by=tree.users["sysadmin"]
        )
    assert error.value.field == "level"


def test_only_a_sysadmin_adds_a_top_level_office(tree):
    with pytest.raises(DomainError):
        services.create_office(
            None, {"level": "directorate", "code": "d2", "name_bn": "দ"}, by=tree.users["rangpur_admin"]
        )


def test_office_code_is_unique_regardless_of_case(tree):
    tree.atwari.code = "upz-atwari"
    with pytest.raises(DomainError) as error:
        services.create_office(
            tree.panchagarh,
            {"level": "upazila", "code": "UPZ-ATWARI", "name_bn": "অ"},
            by=tree.users["sysadmin"],
        )
    assert error.value.field == "code"


def test_sibling_admin_cannot_change_an_office(tree):
    with pytest.raises(DomainError):
        services.update_office(tree.atwari, {"phone": "01"}, by=tree.users["khulna_admin"])
    with pytest.raises(DomainError):
        services.update_office(tree.atwari, {"phone": "01"}, by=tree.users["atwari_staff"])


def test_update_office_records_each_changed_field_and_bumps_version(tree):
    version = tree.atwari.version
    changes = services.update_office(
        tree.atwari,
        {"phone": "02589942842", "name_en": tree.atwari.name_en},
        by=tree.users["rangpur_admin"],
        expected_version=version,
    )
    assert changes == {"phone": ["", "02589942842"]}
    assert tree.atwari.version == version + 1
    [row] = _audit("office.update")
    assert row.changes == {"phone": ["", "02589942842"]}
    assert row.user_id == tree.users["rangpur_admin"].id


def test_update_with_an_old_version_is_refused_and_changes_nothing(tree):
    services.update_office(tree.atwari, {"phone": "1"}, by=tree.users["atwari_admin"])
    with pytest.raises(StaleObjectError):
        services.update_office(tree.atwari, {"phone": "2"}, by=tree.users["atwari_admin"], expected_version=1)
    assert tree.atwari.phone == "1"


def test_branch_names_are_unique_within_an_office(tree):
    admin = tree.users["atwari_admin"]
    services.create_branch(tree.atwari, {"name_bn": "প্রশাসন শাখা"}, by=admin)
    with pytest.raises(DomainError):
        services.create_branch(tree.atwari, {"name_bn": "প্রশাসন শাখা"}, by=admin)
    services.create_branch(tree.boda, {"name_bn": "প্রশাসন শাখা"}, by=tree.users["boda_admin"])


def test_post_branch_must_belong_to_the_same_office(tree):
    other = services.create_branch(tree.boda, {"name_bn": "অডিট"}, by=tree.users["boda_admin"])
    with pytest.raises(DomainError) as error:
        services.create_post(
            tree.atwari, {"designation_bn": "পরিদর্শক", "branch_id": other.id}, by=tree.users["atwari_admin"]
        )
    assert error.value.field == "branch_id"


def test_appointing_a_new_regular_holder_ends_the_previous_holding(tree):
    admin = tree.users["atwari_admin"]
    post = PostFactory(office=tree.atwari, designation_bn="উপজেলা সমবায় অফিসার")
    first = OfficerFactory(office=tree.atwari)
    second = OfficerFactory(office=tree.atwari)
    h1 = services.appoint(first, post, date(2022, 7, 1), by=admin)
    h2 = services.appoint(second, post, date(2023, 8, 15), by=admin)
    assert h1.end_date == date(2023, 8, 14)
    assert h2.end_date is None
    db.session.expire(post)
    assert [h.officer_id for h in post.current_holdings] == [second.id]
    assert len(post.holdings) == 2  # history keeps who held it when


def test_additional_charge_does_not_end_the_regular_holding(tree):
    admin = tree.users["atwari_admin"]
    post = PostFactory(office=tree.atwari)
    regular, extra = OfficerFactory(office=tree.atwari), OfficerFactory(office=tree.atwari)
    services.appoint(regular, post, date(2023, 1, 1), by=admin)
    services.appoint(extra, post, date(2023, 2, 1), by=admin, charge=Charge.ADDITIONAL)
    db.session.expire(post)
    assert {h.officer_id for h in post.current_holdings} == {regular.id, extra.id}


def test_officer_of_another_office_cannot_be_appointed(tree):
    post = PostFactory(office=tree.atwari)
    with pytest.raises(DomainError):
        services.appoint(OfficerFactory(office=tree.boda), post, date(2023, 1, 1), by=tree.users["sysadmin"])


def test_transfer_moves_the_officer_their_account_and_keeps_history(tree):
    admin = tree.users["panchagarh_admin"]
    old_post = PostFactory(office=tree.atwari)
    new_post = PostFactory(office=tree.boda)
    officer = OfficerFactory(office=tree.atwari)
    account = UserFactory(office=tree.atwari, officer=officer)
    services.appoint(officer, old_post, date(2022, 7, 1), by=admin)
    holding = services.transfer_officer(officer, new_post, date(2024, 3, 1), by=admin)
    db.session.expire_all()
    assert officer.office_id == tree.boda.id
    assert db.session.get(User, account.id).office_id == tree.boda.id
    assert holding.post_id == new_post.id and holding.start_date == date(2024, 3, 1)
    ended = [h for h in officer.holdings if h.post_id == old_post.id]
    assert ended[0].end_date == date(2024, 2, 29)
    assert _audit("officer.transfer")[0].changes == {"office_id": [tree.atwari.id, tree.boda.id]}


def test_transfer_needs_authority_over_both_offices(tree):
    officer = OfficerFactory(office=tree.atwari)
    with pytest.raises(DomainError):
        services.transfer_officer(
            officer, PostFactory(office=tree.boda), date(2024, 3, 1), by=tree.users["atwari_admin"]
        )
    assert officer.office_id == tree.atwari.id


def test_levels_are_the_five_office_kinds():
    assert [lv.value for lv in OfficeLevel] == [
        "directorate",
        "division",
        "district",
        "upazila",
        "metro_thana",
    ]


def test_current_holder_is_the_regular_holder_even_with_someone_on_additional_charge(tree):
    from app.org.models import Charge, current_holder_of
    from tests.factories import OfficerFactory, PostFactory, PostHoldingFactory

    post = PostFactory(office=tree.atwari)
    regular = OfficerFactory(office=tree.atwari)
    extra = OfficerFactory(office=tree.atwari)
    PostHoldingFactory(post=post, officer=regular, start_date=date(2023, 1, 1), charge=Charge.REGULAR)
    PostHoldingFactory(post=post, officer=extra, start_date=date(2023, 6, 1), charge=Charge.ADDITIONAL)
    assert current_holder_of(post).id == regular.id
