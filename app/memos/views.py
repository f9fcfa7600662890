"""Routes for composing, signing and reading memos: files (নথি), drafts, the composer with its address book,
the letter's page with its actions, attachments, and the DOCX at a stable URL (/memos/<id>.docx)."""

from __future__ import annotations

import io
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.core import uploads
from app.core.audit import AuditLog
from app.core.errors import DomainError, StaleObjectError
from app.core.permissions import get_visible_or_404
from app.core.templating import date_short, digits
from app.core.web import run_service
from app.extensions import db
from app.memos import address_book, bp, documents, queries, services
from app.memos.forms import (
    MEMO_ERROR_FIELDS,
    ROLE_LABELS,
    AttachmentForm,
    FileEditForm,
    FileForm,
    IssueForm,
    MemoActionForm,
    MemoForm,
    ReturnForm,
    table_text,
)
from app.memos.models import (
    COPY_PURPOSE_BN,
    EmailStatus,
    Memo,
    MemoAttachment,
    MemoEmail,
    MemoFile,
    RecipientRole,
)
from app.org.models import Office
from app.org.queries import office_posts
from workflows import memo as flow
from workflows.memo import MemoAction

HISTORY_LABELS = {
    "memo.create": _l("Drafted"),
    "memo.update": _l("Edited"),
    "memo.submit": _l("Submitted for signature"),
    "memo.withdraw": _l("Taken back for changes"),
    "memo.return": _l("Returned with a comment"),
    "memo.issue": _l("Issued"),
    "memo.attach": _l("File attached"),
    "memo.detach": _l("File removed"),
    "memo.email": _l("E-mail sent or tried"),
    "memo.email_retry": _l("E-mail queued again"),
}


# Loading and access -----------------------------------------------------------------------------------------


def _own_office_or_404(office_id: int) -> Office:
    """Drafts and files are worked on by the office's own staff; nobody else learns what they hold."""
    office = db.session.get(Office, office_id)
    if office is None or current_user.office_id != office.id:
        abort(404)
    return office


def _memo_or_404(memo_id: int) -> Memo:
    memo = db.session.get(Memo, memo_id)
    if memo is None or not services.can_view_memo(current_user, memo):
        abort(404)
    return memo


def _allowed(memo: Memo) -> list[MemoAction]:
    return flow.allowed_actions(memo.status, services.memo_roles(current_user, memo))


def _refuse(error: DomainError) -> None:
    db.session.rollback()
    flash(str(error.message), "danger")


def _stale(form: Any, obj: Any) -> bool:
    """True (with the message shown) when the form was opened before someone else changed `obj`."""
    expected = form.expected_version()
    if expected is not None and expected != obj.version:
        flash(str(StaleObjectError().message), "danger")
        return True
    return False


def _send_pending(memo: Memo) -> None:
    """Send the memo's queued e-mails after the commit. The letter is issued whatever happens here: a missing
    mail module or an unreachable SMTP server is logged (and recorded by the mail module), never raised."""
    try:
        from app.memos import mail
    except ModuleNotFoundError as error:
        if error.name != "app.memos.mail":
            current_app.logger.exception("the mail module of memos could not be loaded")
        return
    try:
        mail.send_pending(memo)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("sending the e-mails of memo %s failed", memo.id)


# Files (নথি) ------------------------------------------------------------------------------------------------


def _branch_choices(office: Office) -> list[tuple[Any, str]]:
    return [(None, _("— none —"))] + [
        (b.id, f"{b.name} ({digits(b.memo_code)})" if b.memo_code else b.name) for b in office.branches
    ]


@bp.route("/offices/<int:office_id>/memo-files")
@login_required
def files(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    return render_template(
        "memos/files.html",
        office=office,
        files=queries.office_files(office),
        can_edit=current_user.office_id == office.id,
    )


@bp.route("/offices/<int:office_id>/memo-files/new", methods=["GET", "POST"])
@login_required
def new_file(office_id: int):
    office = _own_office_or_404(office_id)
    form = FileForm()
    form.branch_id.choices = _branch_choices(office)
    if form.validate_on_submit():
        prefix = form.number_prefix.data
        if not prefix:
            branch = next((b for b in office.branches if b.id == form.branch_id.data), None)
            branch_code = form.branch_code.data or (branch.memo_code if branch else "")
            missing = [f for f in (form.subject_code, form.file_serial, form.year) if not f.data]
            for field in missing:
                field.errors.append(_("Fill in this segment, or type the whole file number below."))
            if not branch_code:
                form.branch_code.errors.append(
                    _("Fill in this segment, or type the whole file number below.")
                )
            if not missing and branch_code:
                prefix = services.default_number_prefix(
                    office, branch_code, form.subject_code.data, form.file_serial.data, form.year.data
                )
        if prefix:
            data = {
                "title": form.title.data,
                "number_prefix": prefix,
                "branch_id": form.branch_id.data,
                "serial_separator": form.serial_separator.data,
            }
            response = run_service(
                form,
                lambda: services.create_file(office, data, by=current_user),
                _("The file has been added."),
                url_for("memos.files", office_id=office.id),
            )
            if response:
                return response
    office_codes = [office.memo_ministry_code, office.memo_department_code, office.memo_geo_code]
    return render_template(
        "memos/file_form.html", form=form, office=office, office_codes=office_codes, title=_("New file")
    )


@bp.route("/memo-files/<int:file_id>/edit", methods=["GET", "POST"])
@login_required
def edit_file(file_id: int):
    memo_file = db.session.get(MemoFile, file_id)
    if memo_file is None or current_user.office_id != memo_file.office_id:
        abort(404)
    office = memo_file.office
    form = FileEditForm(obj=memo_file if request.method == "GET" else None)
    form.branch_id.choices = _branch_choices(office)
    if request.method == "GET":
        form.version.data = memo_file.version
    if form.validate_on_submit():
        data = {name: form[name].data for name in FileEditForm.FIELDS}
        response = run_service(
            form,
            lambda: services.update_file(
                memo_file, data, by=current_user, expected_version=form.expected_version()
            ),
            _("The file has been saved."),
            url_for("memos.files", office_id=office.id),
        )
        if response:
            return response
    return render_template(
        "memos/file_form.html", form=form, office=office, memo_file=memo_file, title=_("Edit file")
    )


# Drafts -----------------------------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/memos/drafts")
@login_required
def drafts(office_id: int):
    office = _own_office_or_404(office_id)
    page = queries.paginate(
        queries.drafts_query(office), request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "memos/drafts.html", office=office, page=page, awaiting=queries.awaiting_signature(current_user)
    )


# The composer -----------------------------------------------------------------------------------------------


def _memo_choice_label(memo: Memo) -> str:
    """ "number · date · subject (office)"; a long subject is cut at a word, with "…" (the list wraps)."""
    number = digits(memo.number or "")
    subject = memo.subject
    if len(subject) > SUBJECT_IN_CHOICE:
        subject = subject[:SUBJECT_IN_CHOICE].rsplit(" ", 1)[0] + "…"
    return f"{number} · {date_short(memo.issued_on)} · {subject} ({memo.office.name})"


SUBJECT_IN_CHOICE = 140


def _signatory_choices(office: Office) -> list[tuple[Any, str]]:
    """The office's posts in use that someone holds today: "designation — holder"."""
    choices = []
    for post in office_posts(office):
        holdings = sorted(post.current_holdings, key=lambda h: (h.charge.value != "regular", h.start_date))
        if post.is_active and holdings:
            choices.append((post.id, f"{post.designation} — {holdings[0].officer.display_name}"))
    return choices


def _set_choices(form: MemoForm, office: Office, memo: Memo | None) -> None:
    files = queries.office_files(office, active_only=True)
    if memo is not None and memo.file not in files:
        files.append(memo.file)
    form.file_id.choices = [(f.id, f"{digits(f.number_prefix)} — {f.title}") for f in files]
    signatories = _signatory_choices(office)
    form.signatory_post_id.choices = [(None, _("— choose —"))] + signatories
    form.copy_signatory_post_id.choices = [(None, _("— the same officer —"))] + signatories
    referable = queries.referable_memos(current_user, office)
    if memo is not None:
        referable += [
            r.referenced_memo
            for r in memo.references
            if r.referenced_memo and r.referenced_memo not in referable
        ]
    form.reference_memos.choices = [(m.id, _memo_choice_label(m)) for m in referable]


def _fill_new(form: MemoForm, office: Office) -> None:
    heads = [p for p in office.posts if p.is_head and p.is_active]
    held = {choice[0] for choice in form.signatory_post_id.choices if choice[0] is not None}
    form.signatory_post_id.data = next((p.id for p in heads if p.id in held), None)
    if form.file_id.choices:
        form.file_id.data = form.file_id.choices[0][0]


def _fill_from_memo(form: MemoForm, memo: Memo) -> None:
    for name in (
        "title",
        "subject",
        "body",
        "number_paragraphs",
        "attachment_line",
        "signatory_post_id",
        "signatory_extra",
        "copy_signatory_post_id",
        "not_by_seniority",
        "office_copy",
        "file_id",
    ):
        form[name].data = getattr(memo, name)
    form.kind.data = memo.kind.value
    form.version.data = memo.version
    form.body_table.data = table_text(memo.body_table)
    form.reference_memos.data = [r.referenced_memo_id for r in memo.references if r.referenced_memo_id]
    form.reference_text.data = "\n".join(
        r.text for r in memo.references if not r.referenced_memo_id and r.text
    )
    form.set_recipient_rows(
        [
            {
                "role": r.role.value,
                "purpose": r.purpose.value if r.purpose else None,
                "label": r.label,
                "email": r.email,
                "office_id": r.office_id,
                "post_id": r.post_id,
                "group_level": r.group_level,
            }
            for r in memo.recipients
        ]
    )


def _apply_row_op(form: MemoForm, op: str) -> None:
    """One click of the address book or of a row's buttons: change the rows and show the form again."""
    rows = form.recipient_rows()
    action, _sep, arg = op.partition(":")
    if action == "add":
        role = form.book_role.data if form.book_role.data in {r.value for r in RecipientRole} else "to"
        for row in address_book.resolve(arg, current_user):
            rows.append({**row, "role": role, "purpose": form.book_purpose.data, "email": ""})
    elif action == "blank":
        rows.append({"role": form.book_role.data, "purpose": form.book_purpose.data, "label": ""})
    elif action in ("remove", "up", "down") and arg.isdigit() and int(arg) < len(rows):
        index = int(arg)
        if action == "remove":
            rows.pop(index)
        elif action == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif action == "down" and index + 1 < len(rows):
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
    form.set_recipient_rows(rows)


def _save_memo(form: MemoForm, office: Office, memo: Memo | None) -> Response | None:
    data = form.memo_data()

    def save() -> Memo:
        try:
            if memo is None:
                return services.create_memo(office, data, by=current_user)
            services.update_memo(memo, data, by=current_user, expected_version=form.expected_version())
            return memo
        except DomainError as error:
            error.field = MEMO_ERROR_FIELDS.get(error.field or "", error.field)
            raise

    return run_service(
        form, save, _("The draft has been saved."), lambda saved: url_for("memos.memo", memo_id=saved.id)
    )


def _compose(form: MemoForm, office: Office, memo: Memo | None) -> Any:
    _set_choices(form, office, memo)
    found = None
    if request.method == "POST":
        op = request.form.get("op", "save")
        if op == "save":
            if form.validate_on_submit():
                response = _save_memo(form, office, memo)
                if response:
                    return response
        elif op == "find":
            found = address_book.search_entries(form.book_q.data or "")
        elif op == "attachment_line" and memo is not None:
            form.attachment_line.data = services.computed_attachment_line(memo)
        else:
            _apply_row_op(form, op)
    elif memo is not None:
        _fill_from_memo(form, memo)
    else:
        _fill_new(form, office)
    return render_template(
        "memos/compose.html",
        form=form,
        office=office,
        memo=memo,
        found=found,
        supervising=address_book.supervising_entries(office),
        sections=address_book.group_sections(current_user),
        computed_line=services.computed_attachment_line(memo) if memo is not None else "",
        role_labels=ROLE_LABELS,
    )


@bp.route("/offices/<int:office_id>/memos/new", methods=["GET", "POST"])
@login_required
def new_memo(office_id: int):
    office = _own_office_or_404(office_id)
    return _compose(MemoForm(), office, None)


@bp.route("/memos/<int:memo_id>/edit", methods=["GET", "POST"])
@login_required
def edit_memo(memo_id: int):
    memo = _memo_or_404(memo_id)
    if MemoAction.EDIT not in _allowed(memo):
        abort(403)
    return _compose(MemoForm(), memo.office, memo)


# The letter's page ------------------------------------------------------------------------------------------


def _history(memo: Memo) -> list[AuditLog]:
    return list(
        db.session.scalars(
            select(AuditLog)
            .where(AuditLog.object_type == "Memo", AuditLog.object_id == memo.id)
            .order_by(AuditLog.at, AuditLog.id)
        )
    )


def _emails(memo: Memo) -> list[MemoEmail]:
    return list(
        db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id).order_by(MemoEmail.id))
    )


@bp.route("/memos/<int:memo_id>")
@login_required
def memo(memo_id: int):
    memo = _memo_or_404(memo_id)
    version = {"version": memo.version}
    return render_template(
        "memos/memo.html",
        memo=memo,
        letter=documents.build_memo_context(memo),
        actions=_allowed(memo),
        history=_history(memo),
        history_labels=HISTORY_LABELS,
        deliveries=queries.deliveries_of(memo, current_user),
        emails=_emails(memo),
        is_sender=current_user.office_id == memo.office_id,
        computed_line=services.computed_attachment_line(memo),
        action_form=MemoActionForm(data=version),
        return_form=ReturnForm(data=version),
        issue_form=IssueForm(data=version),
        attachment_form=AttachmentForm(data=version),
        role_labels=ROLE_LABELS,
        purposes=COPY_PURPOSE_BN,
    )


@bp.route("/memos/<int:memo_id>.docx")
@login_required
def memo_docx(memo_id: int):
    memo = _memo_or_404(memo_id)
    data = documents.render_memo_docx(memo)
    return send_file(
        io.BytesIO(data),
        mimetype=documents.docx_mimetype(),
        as_attachment=True,
        download_name=documents.docx_filename(memo),
    )


def _memo_action(memo_id: int, form_class: type, step: Any, success: str) -> Response:
    """Load, authorise, call one service with the version the user saw, commit, and go back to the letter."""
    memo = _memo_or_404(memo_id)
    form = form_class()
    target = url_for("memos.memo", memo_id=memo.id)
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(target)
    try:
        step(memo, form)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(success, "success")
    return redirect(target)


@bp.route("/memos/<int:memo_id>/submit", methods=["POST"])
@login_required
def submit(memo_id: int):
    return _memo_action(
        memo_id,
        MemoActionForm,
        lambda m, f: services.submit_memo(m, by=current_user, expected_version=f.expected_version()),
        _("The letter has been submitted for signature."),
    )


@bp.route("/memos/<int:memo_id>/withdraw", methods=["POST"])
@login_required
def withdraw(memo_id: int):
    return _memo_action(
        memo_id,
        MemoActionForm,
        lambda m, f: services.withdraw_memo(m, by=current_user, expected_version=f.expected_version()),
        _("The letter has been taken back for changes."),
    )


@bp.route("/memos/<int:memo_id>/return", methods=["POST"])
@login_required
def return_memo(memo_id: int):
    return _memo_action(
        memo_id,
        ReturnForm,
        lambda m, f: services.return_memo(
            m, f.comment.data, by=current_user, expected_version=f.expected_version()
        ),
        _("The letter has been returned with your comment."),
    )


@bp.route("/memos/<int:memo_id>/issue", methods=["POST"])
@login_required
def issue(memo_id: int):
    memo = _memo_or_404(memo_id)
    form = IssueForm()
    target = url_for("memos.memo", memo_id=memo.id)
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(target)
    try:
        services.issue_memo(
            memo,
            by=current_user,
            send_email=bool(form.send_email.data),
            expected_version=form.expected_version(),
        )
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The letter has been issued as number %(number)s.", number=digits(memo.number)), "success")
    if form.send_email.data:
        _send_pending(memo)
    return redirect(target)


@bp.route("/memos/<int:memo_id>/discard", methods=["POST"])
@login_required
def discard(memo_id: int):
    memo = _memo_or_404(memo_id)
    form = MemoActionForm()
    office_id = memo.office_id
    if not form.validate_on_submit() or _stale(form, memo):
        return redirect(url_for("memos.memo", memo_id=memo.id))
    try:
        services.discard_memo(memo, by=current_user)
    except DomainError as error:
        _refuse(error)
        return redirect(url_for("memos.memo", memo_id=memo.id))
    db.session.commit()
    flash(_("The draft has been discarded."), "success")
    return redirect(url_for("memos.drafts", office_id=office_id))


@bp.route("/memos/<int:memo_id>/correct", methods=["POST"])
@login_required
def correct(memo_id: int):
    memo = _memo_or_404(memo_id)
    form = MemoActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("memos.memo", memo_id=memo.id))
    try:
        correction = services.start_correction(memo, by=current_user)
    except DomainError as error:
        _refuse(error)
        return redirect(url_for("memos.memo", memo_id=memo.id))
    db.session.commit()
    flash(_("A correction has been drafted; it cites the original letter."), "success")
    return redirect(url_for("memos.edit_memo", memo_id=correction.id))


# Attachments ------------------------------------------------------------------------------------------------


@bp.route("/memos/<int:memo_id>/attachments", methods=["POST"])
@login_required
def attach(memo_id: int):
    memo = _memo_or_404(memo_id)
    form = AttachmentForm()
    target = url_for("memos.memo", memo_id=memo.id) + "#attachments"
    if not form.validate_on_submit():
        for error in form.file.errors:
            flash(str(error), "danger")
        return redirect(target)
    if _stale(form, memo):
        return redirect(target)
    upload = form.file.data
    try:
        services.add_attachment(memo, upload.filename or "", upload.read(), by=current_user)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The file has been attached."), "success")
    return redirect(target)


def _attachment_or_404(memo: Memo, attachment_id: int) -> MemoAttachment:
    attachment = db.session.get(MemoAttachment, attachment_id)
    if attachment is None or attachment.memo_id != memo.id:
        abort(404)
    return attachment


@bp.route("/memos/<int:memo_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def detach(memo_id: int, attachment_id: int):
    memo = _memo_or_404(memo_id)
    attachment = _attachment_or_404(memo, attachment_id)
    form = MemoActionForm()
    target = url_for("memos.memo", memo_id=memo.id) + "#attachments"
    if not form.validate_on_submit() or _stale(form, memo):
        return redirect(target)
    try:
        services.remove_attachment(attachment, by=current_user)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The file has been removed from the letter."), "success")
    return redirect(target)


@bp.route("/memos/<int:memo_id>/attachments/<int:attachment_id>")
@login_required
def attachment(memo_id: int, attachment_id: int):
    memo = _memo_or_404(memo_id)
    attachment = _attachment_or_404(memo, attachment_id)
    try:
        data = uploads.read(attachment.storage_path)
    except FileNotFoundError:
        abort(404)
    return send_file(
        io.BytesIO(data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


# E-mail -----------------------------------------------------------------------------------------------------


@bp.route("/memo-emails/<int:email_id>/retry", methods=["POST"])
@login_required
def retry_email(email_id: int):
    email = db.session.get(MemoEmail, email_id)
    if email is None:
        abort(404)
    memo = _memo_or_404(email.memo_id)
    target = url_for("memos.memo", memo_id=memo.id) + "#emails"
    if not MemoActionForm().validate_on_submit():
        return redirect(target)
    try:
        services.queue_email_retry(email, by=current_user)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    _send_pending(memo)
    db.session.refresh(email)
    if email.status == EmailStatus.SENT:
        flash(_("The e-mail to %(address)s has been sent.", address=email.address), "success")
    elif email.status == EmailStatus.FAILED:
        flash(
            _(
                "The e-mail to %(address)s could not be sent: %(error)s",
                address=email.address,
                error=email.last_error,
            ),
            "warning",
        )
    else:
        flash(_("The e-mail to %(address)s will be sent again.", address=email.address), "info")
    return redirect(target)
