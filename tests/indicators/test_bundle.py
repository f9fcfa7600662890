"""The evidence bundle: a training held in Sabha brings its notice, attendance sheet and signed scan and
its minutes; a letter its DOCX and attachments; a portal update its screenshot; uploaded evidence itself; an
index DOCX lists every item in Bengali digits, and a file lost from disk is listed as missing."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from app.core import uploads
from app.core.bangla import to_bn_digits
from app.indicators import bundle, evidence, services
from app.indicators.models import Rule
from app.meetings import documents as meeting_documents
from app.meetings import services as meetings
from app.memos import documents as memo_documents
from app.memos import services as memos
from tests.conftest import login
from tests.core.test_uploads import PDF, PNG
from tests.factories import committee_setup, draft_data
from tests.indicators.test_services import _held

PAPERS = "[৫.১.১]/১ম ত্রৈমাসিক"


class Records:
    """Atwari's 2022-23 plan and the records behind its first quarter."""

    def __init__(self, tree):  # type: ignore[no-untyped-def]
        self.admin = admin = tree.users["atwari_admin"]
        self.setup = setup = committee_setup(tree.atwari)
        self.plan = plan = services.create_plan(
            tree.atwari, {"fiscal_year": 2022, "total_marks": 15}, by=admin
        )
        portal = services.add_activity(plan, {"number": "3.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকরণ"}, by=admin)
        work = services.add_activity(plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=admin)
        self.portal = services.add_indicator(portal, {
            "number": "3.1.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত", "unit": "count", "weight": 5,
            "target_number": 4, "rule": Rule.PORTAL_UPDATES}, by=admin)  # fmt: skip
        self.training = services.add_indicator(work, {
            "number": "5.1.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত", "unit": "count",
            "weight": 5, "target_number": 4, "rule": Rule.MEETINGS_HELD,
            "rule_params": {"meeting_kinds": ["training"]}}, by=admin)  # fmt: skip
        self.letter = services.add_indicator(work, {
            "number": "5.1.2", "title_bn": "তথ্য বাতায়ন হালনাগাদের নির্দেশনা জারিকৃত", "unit": "date",
            "weight": 5, "target_date": date(2022, 10, 15), "rule": Rule.MEMO_ISSUED_DATE,
            "rule_params": {"memo_kind": "directive"}}, by=admin)  # fmt: skip
        services.activate_plan(plan, by=admin)

        # The training: notice, attendance with the signed sheet, minutes approved and issued.
        self.meeting = _held(setup, date(2022, 9, 20), approve=False)
        meetings.attach_attendance_scan(self.meeting, "হাজিরা.pdf", PDF, by=setup.secretary)
        meetings.approve_minutes(self.meeting, by=setup.convenor)
        self.minutes_memo = meetings.issue_minutes(self.meeting, by=setup.convenor, on=date(2022, 9, 22))
        self.update = services.record_portal_update(
            tree.atwari, {"updated_on": date(2022, 9, 27), "service_boxes": ["বাজেট", "তথ্য অধিকার"]},
            by=admin, evidence=("বাতায়ন.png", PNG),
        )  # fmt: skip
        to_district = [{"role": "to", "office_id": tree.panchagarh.id}]
        self.memo = memos.create_memo(
            tree.atwari,
            draft_data(setup.memo_file, setup.convenor.post, recipients=to_district),
            by=setup.convenor,
        )
        memos.add_attachment(self.memo, "তালিকা.pdf", PDF, by=setup.convenor)
        memos.issue_memo(self.memo, by=setup.convenor, on=date(2022, 9, 28))
        self.evidence = evidence.add_evidence(
            self.training, 1, "ছবি.png", PNG, by=admin, description="প্রশিক্ষণের ছবি"
        )


@pytest.fixture
def records(tree):
    return Records(tree)


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _index_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    table = Document(io.BytesIO(archive.read(bundle.INDEX_NAME))).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_an_indicator_quarter_bundle_holds_the_training_papers_and_the_uploaded_evidence(records):
    archive = _zip(bundle.build_bundle(records.plan, records.training, 1))
    names = archive.namelist()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted([
        bundle.INDEX_NAME,
        f"{PAPERS}/০১-নোটিশ-২০-০৯-২০২২.docx",
        f"{PAPERS}/০২-হাজিরা-২০-০৯-২০২২.docx",
        f"{PAPERS}/০৩-হাজিরা-স্বাক্ষরিত-২০-০৯-২০২২.pdf",
        f"{PAPERS}/০৪-কার্যবিবরণী-২০-০৯-২০২২.docx",
        f"{PAPERS}/০৫-প্রমাণক-ছবি.png",
    ])  # fmt: skip
    meeting = records.meeting
    # The papers are the download pages' own: same text as the notice, attendance and minutes DOCX.
    notice = _text(archive.read(f"{PAPERS}/০১-নোটিশ-২০-০৯-২০২২.docx"))
    assert notice == _text(meeting_documents.render_notice_docx(meeting))
    assert "নোটিশ" in notice and to_bn_digits(meeting.notice_memo.number) in notice
    attendance = _text(archive.read(f"{PAPERS}/০২-হাজিরা-২০-০৯-২০২২.docx"))
    assert attendance == _text(meeting_documents.render_attendance_docx(meeting))
    minutes = _text(archive.read(f"{PAPERS}/০৪-কার্যবিবরণী-২০-০৯-২০২২.docx"))
    assert minutes == _text(meeting_documents.render_minutes_docx(meeting))
    assert to_bn_digits(records.minutes_memo.number) in minutes
    assert archive.read(f"{PAPERS}/০৩-হাজিরা-স্বাক্ষরিত-২০-০৯-২০২২.pdf") == PDF
    assert archive.read(f"{PAPERS}/০৫-প্রমাণক-ছবি.png") == PNG
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())


def test_the_index_lists_every_item_with_its_kind_source_and_file_in_bengali_digits(records, app):
    archive = _zip(bundle.build_bundle(records.plan, records.training, 1))
    heading, *rows = _index_rows(archive)
    assert heading == list(bundle.INDEX_HEADINGS)
    assert [row[0] for row in rows] == ["১।", "২।", "৩।", "৪।", "৫।"]
    assert {row[1] for row in rows} == {"[৫.১.১] কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত"}
    assert {row[2] for row in rows} == {"১ম ত্রৈমাসিক"}
    assert [row[4] for row in rows] == ["নোটিশ", "হাজিরা", "হাজিরা", "কার্যবিবরণী", "প্রমাণক"]
    # Every file in the ZIP is listed, and nothing listed is absent.
    assert sorted(row[6] for row in rows) == sorted(n for n in archive.namelist() if n != bundle.INDEX_NAME)
    notice, sheet, scan, minutes, upload = rows
    assert to_bn_digits(records.meeting.notice_memo.number) in notice[5] and "২০/০৯/২০২২" in notice[5]
    assert records.setup.committee.name_bn in sheet[5]
    assert "স্ক্যান" in scan[3] and "হাজিরা.pdf" in scan[3]
    assert to_bn_digits(records.minutes_memo.number) in minutes[5] and "২২/০৯/২০২২" in minutes[5]
    assert upload[3] == "প্রশিক্ষণের ছবি" and upload[5].startswith("আপলোডকৃত প্রমাণক")
    assert not any(re.search(r"[0-9]", cell) for row in rows for cell in row), rows
    text = _text(archive.read(bundle.INDEX_NAME))
    assert "প্রমাণকের সূচিপত্র" in text and "২০২২-২৩" in text and "মোট বিবরণ ৫টি, ZIP-এ ফাইল ৫টি" in text
    # Bangla in the complex-script slot of the defaults and the Normal style, with no theme font over it.
    styles = Document(io.BytesIO(archive.read(bundle.INDEX_NAME))).styles
    for rpr in (styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")), styles["Normal"].element):
        fonts = rpr.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts.get(qn("w:cs")) == app.config["DOCX_BANGLA_FONT"]
        assert not [name for name in fonts.attrib if name.lower().endswith("theme")]


def test_the_whole_plan_bundle_has_a_folder_per_indicator_with_the_letter_and_the_screenshot(records):
    archive = _zip(bundle.build_bundle(records.plan))
    names = archive.namelist()
    assert len(names) == len(set(names)) and not any("\\" in n or "//" in n for n in names)
    assert archive.read("[৩.১.১]/১ম ত্রৈমাসিক/০১-স্ক্রিনশট-২৭-০৯-২০২২.png") == PNG
    letters = sorted(n for n in names if n.startswith("[৫.১.২]/১ম ত্রৈমাসিক/"))
    number = to_bn_digits(records.memo.number)
    assert letters == [f"[৫.১.২]/১ম ত্রৈমাসিক/০১-পত্র-{number}.docx",
                       "[৫.১.২]/১ম ত্রৈমাসিক/০২-পত্র-সংযুক্তি-তালিকা.pdf"]  # fmt: skip
    assert _text(archive.read(letters[0])) == _text(memo_documents.render_memo_docx(records.memo))
    assert archive.read(letters[1]) == PDF
    assert sum(n.startswith(PAPERS) for n in names) == 5
    rows = _index_rows(archive)[1:]
    assert [row[0] for row in rows] == [f"{to_bn_digits(i)}।" for i in range(1, len(rows) + 1)]
    screenshot = next(row for row in rows if row[4] == "স্ক্রিনশট")
    assert "বাজেট, তথ্য অধিকার" in screenshot[3] and "২৭/০৯/২০২২" in screenshot[5]
    letter = next(row for row in rows if row[6].endswith(".docx") and row[4] == "পত্র")
    assert letter[3] == records.memo.subject and number in letter[5] and "২৮/০৯/২০২২" in letter[5]


def test_a_file_lost_from_disk_is_listed_as_missing_and_the_bundle_is_still_made(records, tree):
    scan = PDF + b"% the only copy\n"  # content of its own: the file deleted below is no other test's
    lost = evidence.add_evidence(records.training, 1, "স্ক্যান.pdf", scan, by=tree.users["atwari_admin"],
                                 description="হারানো স্ক্যান")  # fmt: skip
    (uploads.upload_root() / lost.file_path).unlink()
    archive = _zip(bundle.build_bundle(records.plan, records.training, 1))
    rows = _index_rows(archive)[1:]
    missing = next(row for row in rows if row[3] == "হারানো স্ক্যান")
    assert missing[6] == bundle.MISSING == "ফাইল পাওয়া যায়নি"
    assert not any("স্ক্যান.pdf" in n for n in archive.namelist())
    assert f"{PAPERS}/০৪-কার্যবিবরণী-২০-০৯-২০২২.docx" in archive.namelist()  # the rest is all there


def test_minutes_approved_but_not_issued_are_listed_without_a_file(records):
    second = _held(records.setup, date(2022, 11, 10))  # approved, not issued: Q2
    archive = _zip(bundle.build_bundle(records.plan, records.training, 2))
    rows = _index_rows(archive)[1:]
    assert [row[4] for row in rows] == ["নোটিশ", "হাজিরা", "কার্যবিবরণী"]
    assert rows[2][6] == bundle.NOT_ISSUED
    assert second.minutes_memo is None
    assert sorted(archive.namelist()) == sorted([
        bundle.INDEX_NAME, "[৫.১.১]/২য় ত্রৈমাসিক/০১-নোটিশ-১০-১১-২০২২.docx",
        "[৫.১.১]/২য় ত্রৈমাসিক/০২-হাজিরা-১০-১১-২০২২.docx",
    ])  # fmt: skip


def test_a_quarter_without_evidence_gives_an_index_that_says_so(records):
    archive = _zip(bundle.build_bundle(records.plan, records.letter, 4))
    assert archive.namelist() == [bundle.INDEX_NAME]
    assert "কোনো প্রমাণক পাওয়া যায়নি" in _text(archive.read(bundle.INDEX_NAME))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("৪৭.৬১/১ (১)", "৪৭.৬১-১ (১)"), ('..\\..\\a:b*c?"<>|', "a-b-c"), ("", "ফাইল"), ("  . ", "ফাইল")],
)
def test_names_in_the_zip_never_carry_a_path(text, expected):
    assert bundle.safe_name(text) == expected


# The route --------------------------------------------------------------------------------------------------


def test_the_office_and_its_supervisor_download_the_bundle(client, tree, records):
    url = f"/plans/{records.plan.id}/evidence.zip?indicator={records.training.id}&quarter=1"
    for who in ("atwari_staff", "rangpur_admin"):
        login(client, tree.users[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert response.mimetype == "application/zip"
        assert "evidence-2022-23-5.1.1-q1.zip" in response.headers["Content-Disposition"]
        archive = _zip(response.data)
        assert f"{PAPERS}/০৫-প্রমাণক-ছবি.png" in archive.namelist()
        client.get("/logout")


def test_a_sibling_office_gets_404(client, tree, records):
    login(client, tree.users["khulna_admin"])
    assert client.get(f"/plans/{records.plan.id}/evidence.zip").status_code == 404


@pytest.mark.parametrize(
    "query", ["indicator={other}", "indicator=x", "indicator=১", "quarter=5", "quarter=১"]
)
def test_an_indicator_of_another_plan_or_a_quarter_that_does_not_exist_is_404(client, tree, records, query):
    admin = tree.users["atwari_admin"]
    other_plan = services.create_plan(tree.atwari, {"fiscal_year": 2023}, by=admin)
    activity = services.add_activity(other_plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা"}, by=admin)
    other = services.add_indicator(
        activity, {"number": "5.1.1", "title_bn": "প্রশিক্ষণ", "weight": 50, "target_number": 4}, by=admin
    )
    login(client, tree.users["atwari_staff"])
    url = f"/plans/{records.plan.id}/evidence.zip?{query.format(other=other.id)}"
    assert client.get(url).status_code == 404
