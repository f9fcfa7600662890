"""A memo's DOCX: the context reads like the printed letter (Bengali digits, two-line date, numbered lists,
copy block number), and the rendered file, reopened with python-docx, carries it in the seed's order."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from app.memos import documents, services
from tests.factories import (
    MemoFileFactory,
    OfficerFactory,
    PostFactory,
    PostHoldingFactory,
    draft_data,
    officer_user,
)


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _in_body_order(data: bytes) -> str:
    """Paragraphs and table cells in document order (python-docx lists tables separately)."""
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))
    )


def test_numbered_items_end_like_an_official_list():
    assert documents.numbered_items(["ক", "খ;", "গ।", "ঘ"]) == ["১। ক;", "২। খ;", "৩। গ এবং", "৪। ঘ।"]
    assert documents.numbered_items(["একমাত্র"]) == ["১। একমাত্র।"]
    assert documents.numbered_items(["প্রথম", "দ্বিতীয়"]) == ["১। প্রথম এবং", "২। দ্বিতীয়।"]


@pytest.fixture
def khulna_directive(tree):
    """Seed 004's directive on web-portal updates, issued on 25 September 2023."""
    khulna = tree.khulna
    khulna.name_bn = "বিভাগীয় সমবায় কার্যালয়, খুলনা।"
    khulna.letterhead_bn = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nস্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়\nসমবায় অধিদপ্তর"
    khulna.website = "www.coop.khulnadiv.gov.bd"
    khulna.motto_bn = ""
    signer = officer_user(khulna, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True)
    signer.officer.name_bn = "মো. মিজানুর রহমান"
    signer.officer.phone = "02-477701981"
    signer.officer.email = "jr.khulna@coop.gov.bd"
    copy_post = PostFactory(office=khulna, designation_bn="উপনিবন্ধক (প্রশাসন)")
    copy_officer = OfficerFactory(office=khulna, name_bn="মোহাম্মদ জাহাঙ্গীর আলম")
    PostHoldingFactory(post=copy_post, officer=copy_officer, start_date=date(2023, 1, 1))
    memo_file = MemoFileFactory(office=khulna, number_prefix="47.61.0000.261.80.008.14")
    services.allocate_serial(f"office:{khulna.id}:2023")  # make room: the seed's serial is 894
    from sqlalchemy import update

    from app.extensions import db
    from app.memos.models import MemoCounter

    db.session.execute(
        update(MemoCounter).where(MemoCounter.scope_key == f"office:{khulna.id}:2023").values(last_serial=893)
    )
    memo = services.create_memo(
        khulna,
        draft_data(
            memo_file,
            signer.post,
            subject=("বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২] অনুসারে আওতাধীন "
                     "অফিসসমূহের তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।"),
            body=("উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, ...\n\n"
                  "এমতাবস্থায়, নির্ধারিত সময়ের মধ্যে অগ্রগতি প্রতিবেদন প্রেরণের জন্য অনুরোধ করা হলো।"),
            references=[{"text": "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]"}],
            attachment_line="বর্ণনামতে ছক ০২ (দুই) প্রস্থ",
            office_copy=False,
            copy_signatory_post_id=copy_post.id,
            recipients=[
                {"role": "to", "office_id": khulna.id, "group_level": "district",
                 "label": "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।"},
                {"role": "copy", "office_id": khulna.id, "group_level": "upazila",
                 "purpose": "kind_information", "label": "উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।"},
            ],
        ),
        by=signer,
    )  # fmt: skip
    services.issue_memo(memo, by=signer, on=date(2023, 9, 25))
    return memo


def test_context_of_seed_004_directive(khulna_directive):
    context = documents.build_memo_context(khulna_directive)
    assert context["number"] == "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪"
    assert context["date_bangla"] == "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ"
    assert context["date_gregorian"] == "২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ"
    assert context["paragraphs"][0]["number"] == ""
    assert context["paragraphs"][1]["number"] == "০২।"
    assert context["signature"]["name"] == "মো. মিজানুর রহমান"
    assert context["signature"]["date"] == "২৫-০৯-২০২৩"
    assert context["motto"] == ""
    copy_block = context["copy_block"]
    assert copy_block["number"] == "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)"
    assert copy_block["items"] == ["১। উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।"]
    assert copy_block["heading"] == "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে:"
    assert copy_block["signature"]["name"] == "মোহাম্মদ জাহাঙ্গীর আলম"
    assert copy_block["signature"]["designation"] == "উপনিবন্ধক (প্রশাসন)"
    assert context["addressees"] == ["জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।"]


def test_draft_context_has_no_number_or_date(tree):
    signer = officer_user(tree.atwari, is_head=True)
    memo = services.create_memo(
        tree.atwari,
        draft_data(
            MemoFileFactory(office=tree.atwari),
            signer.post,
            recipients=[{"role": "to", "office_id": tree.panchagarh.id}],
        ),
        by=signer,
    )
    context = documents.build_memo_context(memo)
    assert context["number"] == "" and context["date_bangla"] == ""
    assert context["copy_block"]["number"] == ""
    assert context["copy_block"]["items"] == ["১। অফিস কপি।"]


def test_reference_to_a_sabha_memo_names_its_number_and_date(tree, khulna_directive):
    district_user = officer_user(tree.khulna_district, "জেলা সমবায় অফিসার", is_head=True)
    delivery = next(d for d in khulna_directive.deliveries if d.office_id == tree.khulna_district.id)
    services.receive(delivery, by=district_user)
    reply = services.start_reply(
        delivery, by=district_user, file_id=MemoFileFactory(office=tree.khulna_district).id,
        signatory_post_id=district_user.post.id,
    )  # fmt: skip
    references = documents.build_memo_context(reply)["references"]
    assert references == [
        "বিভাগীয় সমবায় কার্যালয়, খুলনা। এর স্মারক নম্বর ৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪, তারিখ: ২৫/০৯/২০২৩খ্রি."
    ]


def test_rendered_docx_reads_like_seed_004_in_order(khulna_directive):
    data = documents.render_memo_docx(khulna_directive)
    text = _in_body_order(data)
    expected_order = [
        "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
        "বিভাগীয় সমবায় কার্যালয়, খুলনা।",
        "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪",
        "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ",
        "২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ",
        "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।",
        "সূত্র",
        "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে",
        "০২।",
        "বর্ণনামতে ছক ০২ (দুই) প্রস্থ",
        "মো. মিজানুর রহমান",
        "বিভাগীয় যুগ্ম-নিবন্ধক",
        "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।",
        "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)",
        "সদয় জ্ঞাতার্থে",
        "উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।",
        "মোহাম্মদ জাহাঙ্গীর আলম",
        "উপনিবন্ধক (প্রশাসন)",
    ]
    position = 0
    for piece in expected_order:
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} missing after position {position}"
        position = found + len(piece)
    assert "দৃষ্টি আকর্ষণ" not in text  # no attention line on this letter
    assert "বিতরণ" not in text


def test_office_template_replaces_sabhas(tree, khulna_directive):
    from app.extensions import db
    from app.memos.models import MemoTemplate

    template = (documents.TEMPLATE_DIR / "letter.docx").read_bytes()
    marked = _with_marker(template, "খুলনার নিজস্ব ছক")
    db.session.add(MemoTemplate(office_id=tree.khulna.id, name="letter", filename="letter.docx", data=marked))
    db.session.flush()
    assert "খুলনার নিজস্ব ছক" in _text(documents.render_memo_docx(khulna_directive))


def _with_marker(template: bytes, marker: str) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"</w:body>", f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:body>".encode()
                )
                # keep sectPr last: move the marker paragraph before it
                text = data.decode()
                sect = text.rfind("<w:sectPr")
                if sect != -1:
                    para = f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>"
                    text = text.replace(para, "")
                    text = text[:sect] + para + text[sect:]
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_configured_bangla_font_replaces_nikosh_in_the_styles(app, khulna_directive):
    import zipfile

    app.config["DOCX_BANGLA_FONT"] = "Noto Serif Bengali"
    try:
        data = documents.render_memo_docx(khulna_directive)
    finally:
        app.config["DOCX_BANGLA_FONT"] = "Nikosh"
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:cs="Noto Serif Bengali"' in styles and "Nikosh" not in styles
    default = zipfile.ZipFile(io.BytesIO(documents.render_memo_docx(khulna_directive))).read(
        "word/styles.xml"
    )
    assert b'w:cs="Nikosh"' in default


@pytest.mark.parametrize(
    "kind,purposes,not_by_seniority,expected",
    [
        ("directive", ["kind_information"], False, "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে:"),
        ("directive", ["kind_information", "information"], True, "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে (জ্যেষ্ঠতার ক্রমানুসারে নয়):"),
        ("letter", ["information_action"], False, "জ্ঞাতার্থে ও কার্যার্থে:"),
        ("letter", ["information", "information_action"], False, "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে ও কার্যার্থে:"),
        ("notice", [], False, "অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো:"),
        ("notice", ["information"], False, "অনুলিপি জ্ঞাতার্থে প্রেরণ করা হলো:"),
    ],
)
def test_copy_heading_follows_the_seeds(kind, purposes, not_by_seniority, expected):
    from types import SimpleNamespace

    from app.memos.models import CopyPurpose, MemoKind

    memo = SimpleNamespace(kind=MemoKind(kind), not_by_seniority=not_by_seniority)
    copies = [SimpleNamespace(purpose=CopyPurpose(p)) for p in purposes]
    assert documents._copy_heading(memo, copies) == expected
