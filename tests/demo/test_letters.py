"""`flask seed-demo` issues the letters of seeds 000, 001 and 004 through the memo services: their numbers,
dates and recipients as printed, their DOCX read back with python-docx, their deliveries, and a rerun that
adds nothing."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from sqlalchemy import func, select

from app.auth.models import User
from app.core.audit import AuditLog
from app.demo.letters import LETTERS
from app.demo.seed import seed_demo
from app.extensions import db
from app.memos import queries
from app.memos.documents import render_memo_docx
from app.memos.models import Delivery, Memo, MemoCounter, MemoKind, RecipientRole
from app.org.models import Office, OfficeLevel
from workflows.memo import MemoState

KHULNA_DIRECTIVE = "47.61.0000.261.80.008.14.894"
KHULNA_Q1 = "47.61.0000.261.06.006.16-302"
RANGPUR_SELF_ASSESSMENT = "47.61.0000.321.05.001.22.47"
RAJSHAHI_DIRECTIVE = "47.61.0000.242.05.001.21.782"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _office(code: str) -> Office:
    return db.session.scalar(select(Office).where(Office.code == code))


def _memo(number: str) -> Memo:
    memo = db.session.scalar(select(Memo).where(Memo.number == number))
    assert memo is not None, number
    return memo


def _docx_lines(memo: Memo) -> list[str]:
    """Every paragraph of the rendered letter, including those inside layout tables, NFC-normalised."""
    document = Document(io.BytesIO(render_memo_docx(memo)))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return [_nfc(line.strip()) for line in lines if line.strip()]


def _contains(lines: list[str], text: str) -> bool:
    return any(_nfc(text) in line for line in lines)


@pytest.fixture
def seeded():
    seed_demo()


@pytest.mark.parametrize(
    "office_code,number,issued_on,kind",
    [
        ("div-rangpur", RANGPUR_SELF_ASSESSMENT, date(2024, 1, 15), MemoKind.FORWARDING),
        ("div-rajshahi", RAJSHAHI_DIRECTIVE, date(2024, 8, 29), MemoKind.DIRECTIVE),
        ("div-khulna", KHULNA_Q1, date(2023, 10, 3), MemoKind.FORWARDING),
        ("div-khulna", KHULNA_DIRECTIVE, date(2023, 9, 25), MemoKind.DIRECTIVE),
    ],
)
def test_seed_letters_are_issued_with_their_printed_numbers_and_dates(
    seeded, office_code, number, issued_on, kind
):
    memo = _memo(number)
    assert memo.office == _office(office_code)
    assert memo.status == MemoState.ISSUED and memo.issued_on == issued_on and memo.kind == kind
    assert memo.number.isascii()  # stored in ASCII digits, printed in Bengali digits
    assert memo.signatory_officer is not None


# Notices and minutes of the demo committee (app/demo/committees.py) are memos too, and so is Atwari's
# forwarding letter of its half-yearly self-assessment (app/demo/plans.py); the letters are the rest.
LETTER_KINDS = Memo.kind.notin_((MemoKind.NOTICE, MemoKind.MINUTES_DISTRIBUTION)) & ~Memo.number.startswith(
    "47.61.7704."
)


def test_every_seed_letter_is_seeded_and_nothing_else(seeded):
    numbers = db.session.scalars(select(Memo.number).where(LETTER_KINDS).order_by(Memo.number)).all()
    assert numbers == sorted(spec.number for spec in LETTERS)


# Khulna (seed 004) ------------------------------------------------------------------------------------------


def test_khulna_directive_goes_to_district_officers_with_one_copy_signed_by_the_deputy_registrar(seeded):
    memo = _memo(KHULNA_DIRECTIVE)
    khulna = _office("div-khulna")
    (to,) = memo.recipients_in(RecipientRole.TO)
    assert (to.label, to.office_id, to.group_level) == (
        _nfc("জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।"),
        khulna.id,
        OfficeLevel.DISTRICT.value,
    )
    (copy,) = memo.recipients_in(RecipientRole.COPY)
    assert (copy.label, copy.office_id, copy.group_level) == (
        _nfc("উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।"),
        khulna.id,
        OfficeLevel.UPAZILA.value,
    )
    assert memo.office_copy is False and memo.copy_number == f"{KHULNA_DIRECTIVE}/1 (1)"
    assert memo.signatory_officer.name_bn == _nfc("মোঃ মিজানুর রহমান")
    assert memo.copy_signatory_officer.name_bn == _nfc("মোহাম্মদ জাহাঙ্গীর আলম")
    assert memo.copy_signatory_post.designation_bn == "উপ-নিবন্ধক (প্রশাসন)"
    assert memo.references[0].text == _nfc("বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]")


def test_khulna_directive_docx_reads_as_the_printed_letter(seeded):
    lines = _docx_lines(_memo(KHULNA_DIRECTIVE))
    for text in [
        "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪",
        "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ",
        "২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ",
        "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)",
        "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২] অনুসারে আওতাধীন অফিসসমূহের তথ্য বাতায়ন",
        "০২। এমতাবস্থায়, নির্ধারিত সময়ের মধ্যে",
        "বর্ণনামতে ছক ০২ (দুই) প্রস্থ",
        "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।",
        "১। উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।",
        "মোহাম্মদ জাহাঙ্গীর আলম",
        "২৫-০৯-২০২৩",
        "www.coop.khulnadiv.gov.bd",
        "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়",
        "jr.khulna@coop.gov.bd",
    ]:
        assert _contains(lines, text), text
    assert not _contains(lines, "অফিস কপি")
    assert not _contains(lines, "47.61")  # no ASCII digits on paper


def test_khulna_district_offices_find_the_directive_in_their_inbox(seeded):
    memo = _memo(KHULNA_DIRECTIVE)
    khulna_districts = {
        o.id for o in db.session.scalars(select(Office).where(Office.parent_id == _office("div-khulna").id))
    }
    assert len(khulna_districts) == 10
    assert {d.office_id for d in memo.deliveries} == khulna_districts
    inbox = db.session.scalars(queries.inbox_query(_office("dist-khulna"))).all()
    assert [d.memo.number for d in inbox] == [KHULNA_DIRECTIVE]
    assert inbox[0].role == RecipientRole.TO


def test_khulna_q1_forwarding_letter_keeps_the_dash_and_the_committee_line(seeded):
    memo = _memo(KHULNA_Q1)
    assert memo.file.serial_separator == "-" and memo.serial == 302
    assert memo.signatory_extra == _nfc("ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত কমিটি")
    (to,) = memo.recipients_in(RecipientRole.TO)
    assert to.office == _office("directorate")
    assert [r.label for r in memo.recipients_in(RecipientRole.ATTENTION)] == [
        _nfc("যুগ্ম নিবন্ধক (মাঃ ক্রেঃ মঃ ও বি দল)")
    ]
    lines = _docx_lines(memo)
    for text in [
        "৪৭.৬১.০০০০.২৬১.০৬.০০৬.১৬-৩০২",
        "৩ অক্টোবর ২০২৩ খ্রিস্টাব্দ",
        "ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত কমিটি",
        "যুগ্ম নিবন্ধক (মাঃ ক্রেঃ মঃ ও বি দল)",
        "বর্ণনামতে ০১ (এক) পাতা।",
    ]:
        assert _contains(lines, text), text
    assert [d.office for d in memo.deliveries] == [_office("directorate")]


def test_khulna_counts_serials_per_file(seeded):
    """Its two 2023 letters carry unrelated serials (৮৯৪ in one file, ৩০২ a week later in another)."""
    counters = dict(db.session.execute(select(MemoCounter.scope_key, MemoCounter.last_serial)).all())
    assert counters[_memo(KHULNA_DIRECTIVE).serial_scope_key] == 894
    assert counters[_memo(KHULNA_Q1).serial_scope_key] == 302
    assert _memo(KHULNA_DIRECTIVE).serial_scope_key != _memo(KHULNA_Q1).serial_scope_key


# Rangpur (seed 000) -----------------------------------------------------------------------------------------


def test_rangpur_forwarding_letter_reads_as_the_printed_letter(seeded):
    memo = _memo(RANGPUR_SELF_ASSESSMENT)
    assert memo.serial_scope_key == f"office:{_office('div-rangpur').id}:2024" and memo.serial == 47
    (to,) = memo.recipients_in(RecipientRole.TO)
    assert to.office == _office("directorate") and to.label.startswith(_nfc("নিবন্ধক ও মহাপরিচালক"))
    (attention,) = memo.recipients_in(RecipientRole.ATTENTION)
    assert attention.post.designation_bn == _nfc("উপ-নিবন্ধক (গৃহায়ণ, মহিলা ও বিশেষ দল)")
    lines = _docx_lines(memo)
    for text in [
        "৪৭.৬১.০০০০.৩২১.০৫.০০১.২২.৪৭",
        "১ মাঘ ১৪৩০ বঙ্গাব্দ",
        "১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ",
        "সূত্র:",
        "২০২৩-২৪ অর্থবছরের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনার নির্দেশিকা",
        "১। অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন ০১ (এক) পাতা।",
        "মুনাল কান্তি বিশ্বাস",
        "০২৫৮৮-৮১০৩৯৫ (ফ্যাক্স)",
        "দৃষ্টি আকর্ষণ: উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর।",
        "“বঙ্গবন্ধুর দর্শন, সমবায়ের উন্নয়ন”",
        "উত্তর ইউনিট, উত্তম, রংপুর-৫৪০০",
    ]:
        assert _contains(lines, text), text
    assert [d.office for d in memo.deliveries] == [_office("directorate")]


# Rajshahi (seed 001) ----------------------------------------------------------------------------------------


def test_rajshahi_distribution_list_is_punctuated_as_printed(seeded):
    memo = _memo(RAJSHAHI_DIRECTIVE)
    assert memo.not_by_seniority and memo.office_copy is False
    assert memo.copy_number == f"{RAJSHAHI_DIRECTIVE}/1 (2)"
    assert memo.file.branch.name_bn == _nfc("অডিট, আইন ও সমিতি শাখা")
    lines = _docx_lines(memo)
    districts = ["জয়পুরহাট", "পাবনা", "সিরাজগঞ্জ", "বগুড়া", "চাঁপাইনবাবগঞ্জ", "নাটোর", "নওগাঁ", "রাজশাহী"]
    digits = "১২৩৪৫৬৭৮"
    items = [line for line in lines if _nfc("। উপজেলা সমবায় কর্মকর্তা (সকল), ") in line]
    assert items == [
        _nfc(f"{digit}। উপজেলা সমবায় কর্মকর্তা (সকল), {district}{end}")
        for digit, district, end in zip(digits, districts, [";"] * 6 + [" এবং", "।"], strict=True)
    ]
    assert _contains(lines, "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়):")
    assert _contains(lines, "১। উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর, ঢাকা এবং")
    assert _contains(lines, "যথাযথ পরিবীক্ষণ ও মূল্যায়নের জন্য তাকে বলা হলো)।")
    assert _contains(lines, "৪৭.৬১.০০০০.২৪২.০৫.০০১.২১.৭৮২/১ (২)")
    assert _contains(lines, "১৪ ভাদ্র ১৪৩১ বঙ্গাব্দ") and _contains(lines, "২৯ আগস্ট ২০২৪ খ্রিস্টাব্দ")
    assert _contains(lines, "অডিট, আইন ও সমিতি শাখা")
    assert _contains(lines, "উপজেলার করণীয়")  # the plan table


def test_rajshahi_directive_reaches_the_districts_and_the_directorate_desk(seeded):
    """The demo has no upazila office in Rajshahi division yet: the distribution lines deliver nothing there;
    the copy to all district officers reaches the eight district offices."""
    memo = _memo(RAJSHAHI_DIRECTIVE)
    distribution = memo.recipients_in(RecipientRole.DISTRIBUTION)
    assert len(distribution) == 8 and {r.group_level for r in distribution} == {OfficeLevel.UPAZILA.value}
    rajshahi_districts = set(
        db.session.scalars(select(Office.id).where(Office.parent_id == _office("div-rajshahi").id))
    )
    assert {r.office_id for r in distribution} == rajshahi_districts
    delivered = {d.office_id for d in memo.deliveries}
    assert delivered == rajshahi_districts | {_office("directorate").id}


# Rerun and audit --------------------------------------------------------------------------------------------


def test_seeding_twice_adds_no_memo():
    seed_demo()
    tables = (Memo, Delivery, MemoCounter, AuditLog)
    before = [db.session.scalar(select(func.count()).select_from(t)) for t in tables]
    seed_demo()
    after = [db.session.scalar(select(func.count()).select_from(t)) for t in tables]
    assert after == before
    assert db.session.scalar(select(func.count()).select_from(Memo).where(LETTER_KINDS)) == len(LETTERS)


def test_letters_are_issued_by_the_offices_own_accounts_and_audited(seeded):
    users = {u.username: u.id for u in db.session.scalars(select(User))}
    issuers = dict(
        db.session.execute(
            select(AuditLog.object_id, AuditLog.user_id).where(AuditLog.action == "memo.issue")
        ).all()
    )
    assert issuers[_memo(KHULNA_DIRECTIVE).id] == users["khulna-admin"]
    assert issuers[_memo(RAJSHAHI_DIRECTIVE).id] == users["rajshahi-admin"]
    assert _memo(KHULNA_DIRECTIVE).created_by_id == users["khulna-secretary"]
    # Everything but the letters, the committee's work (tests/demo/test_committees.py), the action plans and
    # their registers (tests/demo/test_plans.py) and the accounts themselves is the demo administrator's.
    plan_work = ("Plan", "Indicator", "Report", "PortalUpdate", "ENothiFigures", "DigitizedService")
    others = select(AuditLog.user_id).where(
        AuditLog.action != "user.create",
        ~AuditLog.action.startswith("memo"),
        ~AuditLog.object_type.in_(("Committee", "Seat", "Meeting", "ActionItem", *plan_work)),
    )
    assert set(db.session.scalars(others)) == {users["admin"]}
