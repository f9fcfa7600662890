"""Office pages as officers use them: Bangla by default, forms that refuse bad input in the user's
language."""

from __future__ import annotations

from app.core.audit import AuditLog
from app.extensions import db
from app.org.models import Branch, Office
from tests.conftest import login


def test_office_page_shows_office_in_bangla_with_bengali_digits(client, tree):
    tree.atwari.name_bn = "উপজেলা সমবায় কার্যালয়, আটোয়ারী"
    tree.atwari.phone = "02589942842"
    login(client, tree.users["atwari_staff"])
    html = client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)
    assert 'lang="bn"' in html
    assert "উপজেলা সমবায় কার্যালয়, আটোয়ারী" in html
    assert "০২৫৮৯৯৪২৮৪২" in html


def test_home_redirects_to_own_office(client, tree):
    login(client, tree.users["boda_staff"])
    response = client.get("/")
    assert response.headers["Location"].endswith(f"/offices/{tree.boda.id}")


def test_supervisor_sees_offices_under_it_and_not_siblings(client, tree):
    login(client, tree.users["rangpur_staff"])
    html = client.get("/offices").get_data(as_text=True)
    assert tree.atwari.name_bn in html and tree.panchagarh.name_bn in html
    assert tree.khulna.name_bn not in html and tree.khulna_district.name_bn not in html


def test_office_search_matches_english_and_bangla(client, tree):
    login(client, tree.users["sysadmin"])
    html = client.get("/offices", query_string={"q": "atwari"}).get_data(as_text=True)
    assert tree.atwari.name_bn in html and tree.boda.name_bn not in html
    html = client.get("/offices", query_string={"q": tree.boda.name_bn}).get_data(as_text=True)
    assert tree.boda.name_bn in html and tree.atwari.name_bn not in html


def test_adding_a_branch_without_a_name_shows_a_bangla_message_and_saves_nothing(client, tree):
    login(client, tree.users["atwari_admin"])
    before = db.session.query(Branch).count()
    response = client.post(f"/offices/{tree.atwari.id}/branches/new", data={"name_bn": "  "})
    assert response.status_code == 200
    assert "এই ঘরটি পূরণ করা আবশ্যক" in response.get_data(as_text=True)
    assert db.session.query(Branch).count() == before


def test_editing_an_office_saves_and_audits(client, tree):
    login(client, tree.users["atwari_admin"])
    page = client.get(f"/offices/{tree.atwari.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{tree.atwari.version}"' in page
    data = {
        "code": tree.atwari.code,
        "name_bn": "আটোয়ারী কার্যালয়",
        "level": "upazila",
        "version": tree.atwari.version,
        "phone": "০২৫৮৯৯৪২৮৪২",
        "memo_geo_code": "৭৭০৪",
    }
    response = client.post(f"/offices/{tree.atwari.id}/edit", data=data)
    assert response.status_code == 302
    office = db.session.get(Office, tree.atwari.id)
    assert office.name_bn == "আটোয়ারী কার্যালয়"
    assert office.memo_geo_code == "7704"  # Bengali digits accepted, stored as ASCII
    assert db.session.query(AuditLog).filter_by(action="office.update", object_id=office.id).count() == 1


def test_stale_edit_is_refused_with_a_message_and_keeps_the_newer_save(client, tree):
    login(client, tree.users["atwari_admin"])
    old_version = tree.atwari.version
    base = {"code": tree.atwari.code, "level": "upazila"}
    client.post(f"/offices/{tree.atwari.id}/edit", data=base | {"name_bn": "প্রথম", "version": old_version})
    response = client.post(
        f"/offices/{tree.atwari.id}/edit", data=base | {"name_bn": "দ্বিতীয়", "version": old_version}
    )
    assert response.status_code == 200
    assert "অন্য কেউ" in response.get_data(as_text=True)
    assert db.session.get(Office, tree.atwari.id).name_bn == "প্রথম"


def test_control_characters_pasted_from_word_are_stripped(client, tree):
    login(client, tree.users["atwari_admin"])
    client.post(f"/offices/{tree.atwari.id}/branches/new", data={"name_bn": "অডিট\x0b শাখা\x00"})
    assert db.session.query(Branch).filter_by(office_id=tree.atwari.id).one().name_bn == "অডিট শাখা"


def test_english_interface_after_switching_language(client, tree):
    login(client, tree.users["atwari_staff"])
    client.post("/language", data={"lang": "en", "next": f"/offices/{tree.atwari.id}"})
    html = client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)
    assert 'lang="en"' in html and "Posts and their holders" in html
    assert tree.users["atwari_staff"].locale == "en"


def test_memo_serial_scope_is_an_office_setting(client, tree):
    login(client, tree.users["atwari_admin"])
    data = {"code": tree.atwari.code, "name_bn": tree.atwari.name_bn, "level": "upazila",
            "version": tree.atwari.version, "memo_serial_scope": "file_continuous"}  # fmt: skip
    assert client.post(f"/offices/{tree.atwari.id}/edit", data=data).status_code == 302
    assert db.session.get(Office, tree.atwari.id).memo_serial_scope == "file_continuous"
    refused = client.post(
        f"/offices/{tree.atwari.id}/edit",
        data=data | {"memo_serial_scope": "forever", "version": tree.atwari.version},
    )
    assert refused.status_code == 200
    assert db.session.get(Office, tree.atwari.id).memo_serial_scope == "file_continuous"
