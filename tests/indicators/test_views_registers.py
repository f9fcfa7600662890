"""The registers that feed indicators: web-portal updates with their screenshots, e-Nothi figures per branch
with the office's total row and the e-file percent, and digitized services; who may record and who only
reads."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.extensions import db
from app.indicators import services
from app.indicators.models import DigitizedService, ENothiFigures, PortalUpdate, Rule
from tests.conftest import login
from tests.core.test_uploads import PNG
from tests.factories import BranchFactory


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _english(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 302


# Web-portal updates -------------------------------------------------------------------------------


@pytest.mark.parametrize("english", [False, True])
def test_portal_updates_are_listed_by_quarter_in_both_languages(client, tree, english):
    admin = tree.users["atwari_admin"]
    update = services.record_portal_update(
        tree.atwari, {"updated_on": date(2023, 9, 27), "service_boxes": ["বাজেট", "তথ্য অধিকার"]}, by=admin
    )
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    if english:
        _english(client)
    page = client.get(f"/offices/{tree.atwari.id}/portal-updates?fy=2023&quarter=1").get_data(as_text=True)
    assert f'id="pu-{update.id}"' in page and "বাজেট, তথ্য অধিকার" in page
    assert ("27/09/2023" in page) if english else ("২৭/০৯/২০২৩" in page)
    page = client.get(f"/offices/{tree.atwari.id}/portal-updates?fy=2023&quarter=2").get_data(as_text=True)
    assert f'id="pu-{update.id}"' not in page


def test_staff_record_an_update_with_boxes_and_a_screenshot_and_delete_it(client, tree):
    login(client, tree.users["atwari_staff"])
    response = client.post(
        f"/offices/{tree.atwari.id}/portal-updates",
        data={"updated_on": "২৭/০৯/২০২৩", "service_boxes": ["বাজেট", "ইনোভেশন কর্ণার"],
              "other_boxes": "নোটিশ বোর্ড",
              "note": "", "screenshot": (io.BytesIO(PNG), "screen.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302
    update = db.session.scalar(select(PortalUpdate))
    assert update.updated_on == date(2023, 9, 27)
    assert update.service_boxes == ["বাজেট", "ইনোভেশন কর্ণার", "নোটিশ বোর্ড"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/portal-updates/{update.id}/screenshot"' in page
    assert client.get(f"/portal-updates/{update.id}/screenshot").data == PNG

    assert client.post(f"/portal-updates/{update.id}/delete").status_code == 302
    assert _count(PortalUpdate) == 0


def test_an_update_without_a_box_or_with_a_bad_date_shows_a_message_and_records_nothing(client, tree):
    login(client, tree.users["atwari_staff"])
    before = _count(AuditLog)
    response = client.post(f"/offices/{tree.atwari.id}/portal-updates",
                           data={"updated_on": "২৭/০৯/২০২৩"})  # fmt: skip
    assert response.status_code == 400
    assert 'data-testid="portal-boxes-error"' in response.get_data(as_text=True)
    response = client.post(f"/offices/{tree.atwari.id}/portal-updates",
                           data={"updated_on": "৩২/০৯/২০২৩", "service_boxes": ["বাজেট"]})  # fmt: skip
    assert response.status_code == 400
    assert 'data-testid="portal-date-error"' in response.get_data(as_text=True)
    assert _count(PortalUpdate) == 0 and _count(AuditLog) == before


def test_a_portal_update_counts_in_the_plan_and_the_plan_links_to_it(client, tree):
    admin = tree.users["atwari_admin"]
    plan = services.create_plan(tree.atwari, {"fiscal_year": 2023, "total_marks": 7}, by=admin)
    activity = services.add_activity(plan, {"number": "5.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকরণ"}, by=admin)
    services.add_indicator(activity, {"number": "5.1.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত", "unit": "count",
                                      "weight": 7, "target_number": 4, "rule": Rule.PORTAL_UPDATES},
                           by=admin)  # fmt: skip
    services.activate_plan(plan, by=admin)
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    client.post(f"/offices/{tree.atwari.id}/portal-updates",
                data={"updated_on": "27/09/2023", "service_boxes": ["বাজেট"]})  # fmt: skip
    update = db.session.scalar(select(PortalUpdate))
    page = client.get(f"/plans/{plan.id}?quarter=1").get_data(as_text=True)
    assert f"/offices/{tree.atwari.id}/portal-updates?fy=2023&amp;quarter=1#pu-{update.id}" in page
    assert "২৫%" in page  # 1 of 4


# e-Nothi figures ----------------------------------------------------------------------------------


def _seed_004(office, by):  # type: ignore[no-untyped-def]
    """Two of seed 004's branch rows (Khulna, Q1 2023-24), with paper-file notes for the percent."""
    save = services.save_enothi_figures
    save(office, {"branch_name": "প্রশাসন শাখা", "fiscal_year": 2023, "quarter": 1, "files_created": 13,
                  "disposed_dak": 162, "disposed_note": 27, "disposed_letter": 137, "letters_issued": 146,
                  "disposed_paper": 50}, by=by)  # fmt: skip
    save(office, {"branch_name": "বিচার শাখা", "fiscal_year": 2023, "quarter": 1, "disposed_dak": 102,
                  "disposed_letter": 19, "letters_issued": 18, "disposed_paper": 10}, by=by)  # fmt: skip


@pytest.mark.parametrize("english", [False, True])
def test_the_enothi_page_prints_each_branch_the_total_row_and_the_percent(client, tree, english):
    _seed_004(tree.atwari, tree.users["atwari_admin"])
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    if english:
        _english(client)
    page = client.get(f"/offices/{tree.atwari.id}/enothi?fy=2023&quarter=1").get_data(as_text=True)
    assert page.count('data-testid="enothi-row"') == 2
    # Total (a+b+c): 326 + 121 = 447; e-file: 447 ÷ (447 + 60) = 88.17%.
    if english:
        assert ">447<" in page and "88.17%" in page
    else:
        assert ">৪৪৭<" in page and "৮৮.১৭%" in page


def test_the_branch_choices_offer_the_branches_and_the_heads_desk(client, tree):
    BranchFactory(office=tree.atwari, name_bn="হিসাব শাখা")
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/offices/{tree.atwari.id}/enothi?fy=2023&quarter=1").get_data(as_text=True)
    assert '<option value="হিসাব শাখা">' in page and "দপ্তর" in page


def test_staff_save_a_branchs_figures_and_saving_again_replaces_them(client, tree):
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/enothi?fy=2023&quarter=1"
    data = {"branch_name": "অফিস প্রধানের দপ্তর", "other_branch": "", "files_created": "০", "disposed_dak": "১",
            "disposed_note": "২", "disposed_letter": "১১", "letters_issued": "১৪",
            "disposed_paper": "০"}  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data={**data, "disposed_note": "৩"}).status_code == 302
    rows = db.session.scalars(select(ENothiFigures)).all()
    assert len(rows) == 1 and rows[0].disposed_total == 15
    page = client.get(f"{url}&branch=অফিস প্রধানের দপ্তর").get_data(as_text=True)
    assert 'value="3"' in page


def test_a_bad_figure_shows_a_message_and_saves_nothing(client, tree):
    login(client, tree.users["atwari_staff"])
    before = _count(AuditLog)
    response = client.post(f"/offices/{tree.atwari.id}/enothi?fy=2023&quarter=1",
                           data={"branch_name": "প্রশাসন শাখা", "disposed_note": "অনেক"})  # fmt: skip
    assert response.status_code == 400
    assert 'data-testid="enothi-disposed_note-error"' in response.get_data(as_text=True)
    assert _count(ENothiFigures) == 0 and _count(AuditLog) == before


# Digitized services -------------------------------------------------------------------------------


@pytest.mark.parametrize("english", [False, True])
def test_digitized_services_are_listed_added_and_edited(client, tree, english):
    login(client, tree.users["atwari_staff"])
    if english:
        _english(client)
    response = client.post(f"/offices/{tree.atwari.id}/digitized-services", data={
        "name": "সিঙ্গেল এন্ট্রি অনলাইন রিটার্ন ম্যানেজমেন্ট", "innovator": "মোঃ মিজানুর রহমান", "started": "২০১৯-২০২০",
        "ministry": "সমবায় অধিদপ্তর", "time_before": "১৫-২০ দিন", "time_after": "০২ দিন",
        "is_running": "y"})  # fmt: skip
    assert response.status_code == 302
    service = db.session.scalar(select(DigitizedService))
    page = client.get(f"/offices/{tree.atwari.id}/digitized-services").get_data(as_text=True)
    assert f'href="/digitized-services/{service.id}"' in page and "১৫-২০ দিন" in page
    response = client.post(f"/digitized-services/{service.id}", data={
        "version": service.version, "name": service.name, "remarks": "সফলভাবে চালু আছে",
        "is_running": "y"})  # fmt: skip
    assert response.status_code == 302
    assert service.remarks == "সফলভাবে চালু আছে" and service.is_running


def test_a_service_without_a_name_or_an_old_form_changes_nothing(client, tree):
    service = services.save_digitized_service(
        tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=tree.users["atwari_admin"]
    )
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    before = _count(AuditLog)
    response = client.post(f"/offices/{tree.atwari.id}/digitized-services", data={"name": ""})
    assert response.status_code == 400 and 'data-testid="service-name-error"' in response.get_data(
        as_text=True
    )
    response = client.post(f"/digitized-services/{service.id}", data={"version": service.version + 5,
                                                                       "name": "নতুন নাম"})  # fmt: skip
    assert response.status_code == 400
    assert service.name == "অনলাইন রিটার্ন" and _count(AuditLog) == before and _count(DigitizedService) == 1


# Who may do what ----------------------------------------------------------------------------------


def test_a_supervisor_reads_the_registers_but_cannot_change_them(client, tree):
    admin = tree.users["atwari_admin"]
    update = services.record_portal_update(
        tree.atwari, {"updated_on": date(2023, 9, 27), "service_boxes": ["বাজেট"]}, by=admin
    )
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    db.session.commit()
    login(client, tree.users["panchagarh_admin"])
    for url in (
        f"/offices/{tree.atwari.id}/portal-updates?fy=2023",
        f"/offices/{tree.atwari.id}/enothi",
        f"/offices/{tree.atwari.id}/digitized-services",
        f"/digitized-services/{service.id}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert 'data-testid="portal-form"' not in page and 'data-testid="service-form"' not in page
        assert 'data-testid="enothi-form"' not in page
    before = _count(AuditLog)
    for url, data in [
        (
            f"/offices/{tree.atwari.id}/portal-updates",
            {"updated_on": "27/09/2023", "service_boxes": ["বাজেট"]},
        ),
        (f"/portal-updates/{update.id}/delete", {}),
        (f"/offices/{tree.atwari.id}/enothi", {"branch_name": "x", "disposed_note": "1"}),
        (f"/offices/{tree.atwari.id}/digitized-services", {"name": "x"}),
        (f"/digitized-services/{service.id}", {"name": "x"}),
    ]:
        assert client.post(url, data=data).status_code == 403, url
    assert _count(AuditLog) == before


def test_another_office_gets_404(client, tree):
    admin = tree.users["atwari_admin"]
    update = services.record_portal_update(
        tree.atwari, {"updated_on": date(2023, 9, 27), "service_boxes": ["বাজেট"]}, by=admin
    )
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    db.session.commit()
    login(client, tree.users["boda_admin"])
    for url in (
        f"/offices/{tree.atwari.id}/portal-updates",
        f"/offices/{tree.atwari.id}/enothi",
        f"/offices/{tree.atwari.id}/digitized-services",
        f"/digitized-services/{service.id}",
        f"/portal-updates/{update.id}/screenshot",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/portal-updates/{update.id}/delete").status_code == 404
    assert _count(PortalUpdate) == 1
