"""Memo services: drafting rules, signing, numbering on issue, delivery to inboxes, receipt, forward, reply,
corrections, visibility across offices, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.extensions import db
from app.memos import services
from app.memos.models import Delivery, Memo, MemoEmail, RecipientRole
from app.org.models import OfficeLevel
from tests.factories import MemoFileFactory, OfficeFactory, PostFactory, draft_data, officer_user
from workflows.memo import DeliveryState, MemoState


@pytest.fixture
def atwari(tree):
    signer = officer_user(tree.atwari, is_head=True)
    clerk = officer_user(tree.atwari, "অফিস সহকারী কাম কম্পিউটার অপারেটর")
    memo_file = MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.05.003.22")
    return signer, clerk, memo_file


def _draft(tree, atwari, **overrides):
    signer, clerk, memo_file = atwari
    data = draft_data(memo_file, signer.post, recipients=[{"role": "to", "office_id": tree.panchagarh.id}])
    data.update(overrides)
    return services.create_memo(tree.atwari, data, by=clerk)


def _audit_count() -> int:
    return db.session.query(AuditLog).count()


def test_draft_has_no_number_until_issued_then_gets_file_prefix_and_serial(tree, atwari):
    signer, clerk, _ = atwari
    memo = _draft(tree, atwari)
    assert memo.status == MemoState.DRAFT and memo.number is None and memo.serial is None
    services.submit_memo(memo, by=clerk)
    services.issue_memo(memo, by=signer, on=date(2023, 6, 25))
    assert memo.status == MemoState.ISSUED
    assert memo.serial == 1
    assert memo.number == "47.61.7704.000.05.003.22.1"
    assert memo.issued_on == date(2023, 6, 25)
    assert memo.signatory_officer_id == signer.officer_id
    second = _draft(tree, atwari)
    services.issue_memo(second, by=signer, on=date(2023, 6, 26))
    assert second.serial == 2


def test_dash_separator_of_hand_typed_files_is_kept(tree, atwari):
    signer, _, _ = atwari
    dashed = MemoFileFactory(
        office=tree.atwari, number_prefix="47.61.7704.000.05.003.21", serial_separator="-"
    )
    memo = _draft(tree, atwari, file_id=dashed.id)
    services.issue_memo(memo, by=signer)
    assert memo.number == "47.61.7704.000.05.003.21-1"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"subject": "   "}, "subject"),
        ({"subject": "\x00\x0b"}, "subject"),
        ({"signatory_post_id": None}, "signatory_post_id"),
        ({"file_id": None}, "file_id"),
        ({"kind": "telegram"}, "kind"),
        ({"recipients": [{"role": "to", "office_id": 999999}]}, "recipients"),
        ({"recipients": [{"role": "to", "post_id": 999999}]}, "recipients"),
        ({"recipients": [{"role": "to"}]}, "recipients"),
        ({"recipients": [{"role": "copy", "label": "x", "purpose": "gossip"}]}, "recipients"),
        ({"recipients": [{"role": "to", "label": "x", "email": "not an address"}]}, "recipients"),
        ({"references": [{"memo_id": 999999}]}, "references"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_saved(tree, atwari, overrides, field):
    before = (db.session.query(Memo).count(), _audit_count())
    with pytest.raises(DomainError) as refused:
        _draft(tree, atwari, **overrides)
    assert refused.value.field == field
    assert (db.session.query(Memo).count(), _audit_count()) == before


def test_signatory_must_hold_a_post_in_the_office(tree, atwari):
    other = officer_user(tree.boda, is_head=True)
    with pytest.raises(DomainError) as refused:
        _draft(tree, atwari, signatory_post_id=other.post.id)
    assert refused.value.field == "signatory_post_id"
    vacant = PostFactory(office=tree.atwari, designation_bn="পরিদর্শক")
    with pytest.raises(DomainError):
        _draft(tree, atwari, signatory_post_id=vacant.id)


def test_reference_to_a_memo_the_user_may_not_see_is_refused(tree, atwari):
    khulna_signer = officer_user(tree.khulna, is_head=True)
    khulna_file = MemoFileFactory(office=tree.khulna)
    secret = services.create_memo(
        tree.khulna,
        draft_data(
            khulna_file, khulna_signer.post, recipients=[{"role": "to", "office_id": tree.khulna_district.id}]
        ),
        by=khulna_signer,
    )
    services.issue_memo(secret, by=khulna_signer)
    with pytest.raises(DomainError) as refused:
        _draft(tree, atwari, references=[{"memo_id": secret.id}])
    assert refused.value.field == "references"


def test_staff_of_another_office_cannot_draft_for_it(tree, atwari):
    _, _, memo_file = atwari
    boda_user = officer_user(tree.boda)
    with pytest.raises(DomainError):
        services.create_memo(tree.atwari, draft_data(memo_file, atwari[0].post), by=boda_user)


def test_only_the_holder_of_the_signing_post_issues_or_returns(tree, atwari):
    signer, clerk, _ = atwari
    memo = _draft(tree, atwari)
    services.submit_memo(memo, by=clerk)
    with pytest.raises(DomainError):
        services.issue_memo(memo, by=clerk)
    with pytest.raises(DomainError):
        services.return_memo(memo, "fix it", by=clerk)
    assert memo.status == MemoState.SUBMITTED and memo.number is None


def test_return_needs_a_comment_then_resubmit_and_issue(tree, atwari):
    signer, clerk, _ = atwari
    memo = _draft(tree, atwari)
    services.submit_memo(memo, by=clerk)
    with pytest.raises(DomainError):
        services.return_memo(memo, "  ", by=signer)
    services.return_memo(memo, "সূত্র যোগ করুন", by=signer)
    assert memo.status == MemoState.RETURNED and memo.return_comment == "সূত্র যোগ করুন"
    services.update_memo(memo, {"references": [{"text": "স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:"}]}, by=clerk)
    services.submit_memo(memo, by=clerk)
    assert memo.return_comment == ""
    services.issue_memo(memo, by=signer)
    assert memo.status == MemoState.ISSUED
    actions = [
        a.action
        for a in db.session.scalars(
            select(AuditLog)
            .where(AuditLog.object_type == "Memo", AuditLog.object_id == memo.id)
            .order_by(AuditLog.id)
        )
    ]
    assert actions == [
        "memo.create",
        "memo.submit",
        "memo.return",
        "memo.update",
        "memo.submit",
        "memo.issue",
    ]


def test_submitting_without_recipients_is_refused(tree, atwari):
    memo = _draft(tree, atwari, recipients=[])
    with pytest.raises(DomainError) as refused:
        services.submit_memo(memo, by=atwari[1])
    assert refused.value.field == "recipients"
    assert memo.status == MemoState.DRAFT


def test_issued_memo_is_immutable(tree, atwari):
    signer, clerk, _ = atwari
    memo = _draft(tree, atwari)
    services.issue_memo(memo, by=signer)
    for attempt in (
        lambda: services.update_memo(memo, {"subject": "নতুন"}, by=signer),
        lambda: services.discard_memo(memo, by=signer),
        lambda: services.submit_memo(memo, by=clerk),
        lambda: services.issue_memo(memo, by=signer),
    ):
        with pytest.raises(DomainError):
            attempt()
    assert memo.subject == "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।" and memo.serial == 1


def test_stale_edit_is_refused(tree, atwari):
    memo = _draft(tree, atwari)
    version = memo.version
    services.update_memo(memo, {"subject": "প্রথম"}, by=atwari[1], expected_version=version)
    with pytest.raises(DomainError):
        services.update_memo(memo, {"subject": "দ্বিতীয়"}, by=atwari[1], expected_version=version)
    assert memo.subject == "প্রথম"


def test_correction_is_a_new_draft_citing_the_original(tree, atwari):
    signer, clerk, _ = atwari
    memo = _draft(tree, atwari)
    services.issue_memo(memo, by=signer)
    correction = services.start_correction(memo, by=clerk)
    assert correction.id != memo.id and correction.status == MemoState.DRAFT
    assert correction.corrects_id == memo.id
    assert correction.references[0].referenced_memo_id == memo.id
    assert [r.label for r in correction.recipients] == [r.label for r in memo.recipients]


def test_group_recipient_delivers_to_every_office_of_the_level_once(tree, atwari):
    signer = officer_user(tree.rangpur, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True)
    memo_file = MemoFileFactory(office=tree.rangpur)
    memo = services.create_memo(
        tree.rangpur,
        draft_data(
            memo_file,
            signer.post,
            recipients=[
                {"role": "distribution", "office_id": tree.panchagarh.id, "group_level": "upazila"},
                # Atwari again, by name: still one delivery.
                {"role": "copy", "office_id": tree.atwari.id, "purpose": "information"},
                {"role": "copy", "label": "অফিস কপি নয়, বাইরের কেউ"},
            ],
        ),
        by=signer,
    )
    assert memo.recipients[0].label == services.group_label(tree.panchagarh, "upazila")
    services.issue_memo(memo, by=signer)
    delivered = sorted(d.office_id for d in memo.deliveries)
    assert delivered == sorted([tree.atwari.id, tree.boda.id])
    assert memo.copy_number == f"{memo.number}/1 (3)"  # two copies and the office copy


def test_copy_number_counts_copies_without_office_copy(tree, atwari):
    signer, _, _ = atwari
    memo = _draft(
        tree, atwari, office_copy=False,
        recipients=[{"role": "to", "office_id": tree.panchagarh.id},
                    {"role": "copy", "office_id": tree.rangpur.id}],
    )  # fmt: skip
    services.issue_memo(memo, by=signer)
    assert memo.copy_number == f"{memo.number}/1 (1)"


def test_receive_forward_and_reply_in_the_receiving_office(tree, atwari):
    signer, _, _ = atwari
    memo = _draft(tree, atwari)
    services.issue_memo(memo, by=signer)
    delivery = db.session.scalar(select(Delivery).where(Delivery.memo_id == memo.id))
    assert delivery.office_id == tree.panchagarh.id and delivery.state == DeliveryState.DELIVERED

    district_user = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True)
    inspector = PostFactory(office=tree.panchagarh, designation_bn="পরিদর্শক")
    with pytest.raises(DomainError):  # forward before receiving
        services.forward(delivery, inspector.id, "দেখুন", by=district_user)
    with pytest.raises(DomainError):  # not the receiving office
        services.receive(delivery, by=tree.users["atwari_staff"])
    services.receive(delivery, by=district_user)
    assert delivery.state == DeliveryState.RECEIVED and delivery.received_by_id == district_user.id
    with pytest.raises(DomainError):
        services.receive(delivery, by=district_user)

    foreign_post = PostFactory(office=tree.boda)
    with pytest.raises(DomainError) as refused:
        services.forward(delivery, foreign_post.id, "x", by=district_user)
    assert refused.value.field == "to_post_id"
    forwarded = services.forward(delivery, inspector.id, "প্রয়োজনীয় ব্যবস্থা নিন", by=district_user)
    assert forwarded.to_post_id == inspector.id and forwarded.note == "প্রয়োজনীয় ব্যবস্থা নিন"

    district_file = MemoFileFactory(office=tree.panchagarh)
    reply = services.start_reply(
        delivery, by=district_user, file_id=district_file.id, signatory_post_id=district_user.post.id
    )
    assert reply.reply_to_id == memo.id
    assert reply.references[0].referenced_memo_id == memo.id
    assert reply.recipients[0].office_id == tree.atwari.id
    assert reply.subject == memo.subject


def test_supervisor_sees_issued_memo_but_not_drafts_sibling_sees_neither(tree, atwari):
    signer, _, _ = atwari
    draft = _draft(tree, atwari)
    issued = _draft(tree, atwari)
    services.issue_memo(issued, by=signer)
    rangpur, khulna = tree.users["rangpur_admin"], tree.users["khulna_admin"]
    assert not services.can_view_memo(rangpur, draft)
    assert services.can_view_memo(rangpur, issued)
    assert not services.can_view_memo(khulna, issued)
    assert not services.can_view_memo(tree.users["boda_admin"], issued)
    # The receiving office (Panchagarh) sees the letter even though Atwari is under it anyway; a receiving
    # office that is not a supervisor sees it too.
    to_khulna = _draft(tree, atwari, recipients=[{"role": "to", "office_id": tree.khulna_district.id}])
    services.issue_memo(to_khulna, by=signer)
    assert services.can_view_memo(tree.users["khulna_district_staff"], to_khulna)
    assert services.can_view_memo(khulna, to_khulna)  # supervisor of the receiving office


def test_issue_with_email_queues_one_row_per_address(tree, atwari):
    signer, _, _ = atwari
    tree.panchagarh.email = "dco.panchagarh@coop.gov.bd"
    memo = _draft(
        tree, atwari,
        recipients=[
            {"role": "to", "office_id": tree.panchagarh.id},
            {"role": "copy", "label": "বহিরাগত", "email": "outsider@example.org"},
            {"role": "copy", "label": "আবার", "email": "outsider@example.org"},
        ],
    )  # fmt: skip
    services.issue_memo(memo, by=signer, send_email=True)
    addresses = sorted(
        e.address for e in db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id))
    )
    assert addresses == ["dco.panchagarh@coop.gov.bd", "outsider@example.org"]


def test_discarding_a_draft_removes_it_and_is_audited(tree, atwari):
    memo = _draft(tree, atwari)
    memo_id = memo.id
    services.discard_memo(memo, by=atwari[1])
    assert db.session.get(Memo, memo_id) is None
    assert db.session.scalar(
        select(AuditLog).where(AuditLog.action == "memo.discard", AuditLog.object_id == memo_id)
    )


def test_group_label_reads_like_seed_001(tree):
    district = OfficeFactory(
        parent=tree.rangpur, level=OfficeLevel.DISTRICT, name_bn="জেলা সমবায় কার্যালয়, জয়পুরহাট", place_bn="জয়পুরহাট"
    )
    assert services.group_label(district, "upazila") == "উপজেলা সমবায় কর্মকর্তা (সকল), জয়পুরহাট"


def test_file_prefix_accepts_bengali_digits_and_refuses_letters(tree, atwari):
    signer, clerk, _ = atwari
    created = services.create_file(
        tree.atwari, {"title": "নথি", "number_prefix": "৪৭.৬১.৭৭০৪.০০০.০৫.০০৪.২৩"}, by=clerk
    )
    assert created.number_prefix == "47.61.7704.000.05.004.23"
    with pytest.raises(DomainError) as refused:
        services.create_file(tree.atwari, {"title": "নথি", "number_prefix": "47.61.abc"}, by=clerk)
    assert refused.value.field == "number_prefix"
    with pytest.raises(DomainError):
        services.create_file(
            tree.atwari, {"title": "আবার", "number_prefix": "47.61.7704.000.05.004.23"}, by=clerk
        )
    assert services.default_number_prefix(tree.atwari, "000", "05", "003", "22").endswith("000.05.003.22")


def test_recipient_roles_are_kept_in_order(tree, atwari):
    memo = _draft(
        tree, atwari,
        recipients=[
            {"role": "to", "office_id": tree.panchagarh.id},
            {"role": "attention", "label": "উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর।"},
            {"role": "copy", "office_id": tree.rangpur.id, "purpose": "kind_information"},
        ],
    )  # fmt: skip
    assert [r.role for r in memo.recipients] == [
        RecipientRole.TO,
        RecipientRole.ATTENTION,
        RecipientRole.COPY,
    ]
