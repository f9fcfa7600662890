"""Routes for the inbox (ডাক), a received letter with its receive / forward / reply actions, the sent and
received registers with their XLSX export, search, and the office's own memo templates.

A delivery action refused by the service answers 403 with the refusal when the user may see the letter but is
not of the receiving office (a supervising office), and otherwise (e.g. a letter received twice) flashes the
refusal on the letter's page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.core.bangla import to_ascii_digits
from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.core.pagecache import cached_page
from app.core.permissions import can_manage_office, get_manageable_or_404, get_visible_or_404
from app.extensions import db
from app.memos import bp, exports, queries, services, template_services
from app.memos.documents import build_memo_context
from app.memos.forms_registers import ForwardForm, RegisterFilterForm, ReplyForm, TemplateUploadForm
from app.memos.models import Delivery, Memo, RecipientRole
from app.org.models import Office, Post, current_holder_of
from workflows.memo import DeliveryAction, DeliveryState, Role, allowed_delivery_actions

INBOX_TABS = ("delivered", "received", "all")


def _is_bn() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "bn"


def _page_number() -> int:
    raw = to_ascii_digits(request.args.get("page", "1"))
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _url_with(**changes: Any) -> str:
    """This page's URL with some query arguments changed (None drops one); filters survive paging."""
    args = {**request.args.to_dict(), **changes}
    args = {k: v for k, v in args.items() if v not in (None, "")}
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


def _page_url(page: int) -> str:
    return _url_with(page=page)


def _role_label(role: RecipientRole) -> str:
    return {
        RecipientRole.TO: _("Addressee"),
        RecipientRole.DISTRIBUTION: _("Distribution"),
        RecipientRole.ATTENTION: _("Attention"),
        RecipientRole.COPY: _("Copy"),
    }[role]


def _state_label(state: DeliveryState) -> str:
    return _("Received") if state == DeliveryState.RECEIVED else _("Not yet received")


def _template_helpers() -> dict[str, Callable[..., str]]:
    return {
        "page_url": _page_url,
        "url_with": _url_with,
        "role_label": _role_label,
        "state_label": _state_label,
    }


# The inbox (ডাক) --------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/inbox")
@cached_page(offices=lambda office_id: [office_id])
@login_required
def inbox(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    tab = request.args.get("state", "delivered")
    if tab not in INBOX_TABS:
        tab = "delivered"
    filters = queries.RegisterFilters.from_args(request.args)
    filters.state = "" if tab == "all" else tab
    form = RegisterFilterForm(request.args)
    form.validate()
    rows = queries.paginate(
        queries.inbox_query(office, filters), _page_number(), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "memos/registers/inbox.html",
        office=office,
        rows=rows,
        form=form,
        tab=tab,
        waiting=queries.unreceived_count(office),
        **_template_helpers(),
    )


# A received letter --------------------------------------------------------------------------------


def _delivery_or_404(delivery_id: int) -> Delivery:
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or not services.can_view_delivery(current_user, delivery):
        abort(404)
    return delivery


def _acts_for_office(delivery: Delivery) -> bool:
    return Role.RECIPIENT_STAFF in services.delivery_roles(current_user, delivery)


def _refused(delivery: Delivery, error: DomainError) -> Any:
    """A refusal of a delivery action: 403 for who may only look, else the message on the letter's page."""
    db.session.rollback()
    if not _acts_for_office(delivery):
        return render_template("errors.html", code=403, message=str(error.message)), 403
    flash(str(error.message), "danger")
    return redirect(url_for("memos.delivery", delivery_id=delivery.id))


def _held_posts(office: Office) -> list[tuple[Post, Any]]:
    """The office's active posts with today's holder (None when vacant)."""
    return [(post, current_holder_of(post)) for post in office.posts if post.is_active]


def _post_choice(post: Post, holder: Any) -> tuple[int, str]:
    return post.id, f"{post.designation} — {holder.name}" if holder else post.designation


def _reply_form(delivery: Delivery) -> ReplyForm:
    form = ReplyForm()
    form.file_id.choices = [(f.id, f.title) for f in queries.office_files(delivery.office, active_only=True)]
    form.signatory_post_id.choices = [
        _post_choice(post, holder) for post, holder in _held_posts(delivery.office) if holder is not None
    ]
    return form


def _forward_form(delivery: Delivery) -> ForwardForm:
    form = ForwardForm()
    form.to_post_id.choices = [(None, "—"), *(_post_choice(p, h) for p, h in _held_posts(delivery.office))]
    return form


def _delivery_page(delivery: Delivery, *, forward_form: ForwardForm | None = None, status: int = 200) -> Any:
    actions = allowed_delivery_actions(delivery.state, services.delivery_roles(current_user, delivery))
    memo = delivery.memo
    return (
        render_template(
            "memos/registers/delivery.html",
            delivery=delivery,
            memo=memo,
            letter=build_memo_context(memo),
            actions=actions,
            DeliveryAction=DeliveryAction,
            reply_form=_reply_form(delivery) if DeliveryAction.REPLY in actions else None,
            forward_form=forward_form,
            acts_for_office=_acts_for_office(delivery),
            **_template_helpers(),
        ),
        status,
    )


@bp.route("/deliveries/<int:delivery_id>")
@login_required
def delivery(delivery_id: int):
    return _delivery_page(_delivery_or_404(delivery_id))


@bp.route("/deliveries/<int:delivery_id>/receive", methods=["POST"])
@login_required
def receive(delivery_id: int):
    delivery = _delivery_or_404(delivery_id)
    try:
        services.receive(delivery, by=current_user)
    except DomainError as error:
        return _refused(delivery, error)
    db.session.commit()
    flash(_("The letter has been received."), "success")
    return redirect(url_for("memos.delivery", delivery_id=delivery.id))


@bp.route("/deliveries/<int:delivery_id>/forward", methods=["GET", "POST"])
@login_required
def forward(delivery_id: int):
    """The forward form; a supervising office sees the page with the reason it cannot forward, no form."""
    delivery = _delivery_or_404(delivery_id)
    form = _forward_form(delivery)
    if form.validate_on_submit():
        try:
            services.forward(delivery, form.to_post_id.data, form.note.data, by=current_user)
        except DomainError as error:
            if not error.field:
                return _refused(delivery, error)
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The letter has been forwarded."), "success")
            return redirect(url_for("memos.delivery", delivery_id=delivery.id))
    elif request.method == "POST" and not _acts_for_office(delivery):
        return _refused(delivery, DomainError(_l("Only the staff of the receiving office may do this.")))
    actions = allowed_delivery_actions(delivery.state, services.delivery_roles(current_user, delivery))
    if DeliveryAction.FORWARD in actions:
        reason = ""
    elif not _acts_for_office(delivery):
        reason = _("Only the staff of the receiving office may do this.")
    else:
        reason = _("Receive the letter first.")
    return render_template(
        "memos/registers/forward.html", delivery=delivery, memo=delivery.memo, form=form, reason=reason
    )


@bp.route("/deliveries/<int:delivery_id>/reply", methods=["POST"])
@login_required
def reply(delivery_id: int):
    delivery = _delivery_or_404(delivery_id)
    form = _reply_form(delivery)
    if not form.validate_on_submit():
        if not _acts_for_office(delivery):
            return _refused(delivery, DomainError(_l("Only the staff of the receiving office may do this.")))
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "danger")
        return redirect(url_for("memos.delivery", delivery_id=delivery.id))
    try:
        draft = services.start_reply(
            delivery,
            by=current_user,
            file_id=form.file_id.data,
            signatory_post_id=form.signatory_post_id.data,
        )
    except DomainError as error:
        return _refused(delivery, error)
    db.session.commit()
    flash(_("A reply has been drafted. Write it and submit it for signature."), "success")
    return redirect(url_for("memos.edit_memo", memo_id=draft.id))


# Registers ------------------------------------------------------------------------------------------------


def _register(office: Office, *, sent: bool) -> Any:
    filters = queries.RegisterFilters.from_args(request.args)
    filters.state = ""
    if sent:
        query = queries.sent_register_query(office, filters)
    else:
        # A received letter's file is the sender's: the file filter means nothing here.
        filters.file_id = None
        query = queries.received_register_query(office, filters)
    if request.args.get("format") == "xlsx":
        return _xlsx(office, query, sent=sent)
    files = queries.office_files(office) if sent else []
    form = RegisterFilterForm(request.args, files=files)
    form.validate()
    rows = queries.paginate(query, _page_number(), current_app.config["PAGE_SIZE"])
    return render_template(
        "memos/registers/register.html",
        office=office,
        rows=rows,
        form=form,
        sent=sent,
        title=_("Sent register") if sent else _("Received register"),
        export_url=_url_with(format="xlsx", page=None),
        **_template_helpers(),
    )


def _xlsx(office: Office, query: Any, *, sent: bool) -> Any:
    rows = queries.all_rows(query)
    bn = _is_bn()
    font = current_app.config["DOCX_BANGLA_FONT"]
    if sent:
        data = exports.sent_register_xlsx(rows, bn=bn, font=font)
    else:
        data = exports.received_register_xlsx(rows, bn=bn, font=font)
    today = services.dhaka_today().isoformat()
    name = f"{'sent' if sent else 'received'}-register-{office.code}-{today}.xlsx"
    return send_file(io.BytesIO(data), mimetype=exports.XLSX_MIMETYPE, as_attachment=True, download_name=name)


@bp.route("/offices/<int:office_id>/registers/sent")
@cached_page(offices=lambda office_id: [office_id])
@login_required
def sent_register(office_id: int):
    return _register(get_visible_or_404(Office, office_id, current_user), sent=True)


@bp.route("/offices/<int:office_id>/registers/received")
@cached_page(offices=lambda office_id: [office_id])
@login_required
def received_register(office_id: int):
    return _register(get_visible_or_404(Office, office_id, current_user), sent=False)


# Search ---------------------------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/memos/search")
@login_required
def search(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    filters = queries.RegisterFilters.from_args(request.args)
    filters.state = ""
    form = RegisterFilterForm(request.args, files=queries.office_files(office))
    form.validate()
    asked = bool(filters.q or filters.date_from or filters.date_to or filters.kind or filters.file_id)
    rows = None
    links: dict[int, str] = {}
    if asked:
        rows = queries.paginate(
            queries.search_query(current_user, office, filters),
            _page_number(),
            current_app.config["PAGE_SIZE"],
        )
        received = queries.office_delivery_ids(office, [m.id for m in rows.items if m.office_id != office.id])
        links = {m.id: _memo_link(m, office, received) for m in rows.items}
    return render_template(
        "memos/registers/search.html", office=office, form=form, rows=rows, links=links, **_template_helpers()
    )


def _memo_link(memo: Memo, office: Office, received: dict[int, int]) -> str:
    if memo.id in received:
        return url_for("memos.delivery", delivery_id=received[memo.id])
    return url_for("memos.memo", memo_id=memo.id)


# The office's own templates ---------------------------------------------------------------------------------


def _template_page(office: Office, form: TemplateUploadForm, problems: list[str] | None = None) -> str:
    return render_template(
        "memos/registers/templates.html",
        office=office,
        form=form,
        problems=problems or [],
        names=template_services.TEMPLATE_NAMES,
        labels=template_services.TEMPLATE_LABELS,
        own=template_services.office_templates(office),
        can_manage=can_manage_office(current_user, office),
    )


def _template_form() -> TemplateUploadForm:
    form = TemplateUploadForm()
    form.name.choices = [
        (name, template_services.TEMPLATE_LABELS[name]) for name in template_services.TEMPLATE_NAMES
    ]
    return form


@bp.route("/offices/<int:office_id>/memo-templates", methods=["GET", "POST"])
@login_required
def templates(office_id: int):
    if request.method == "GET":
        return _template_page(get_visible_or_404(Office, office_id, current_user), _template_form())
    office = get_manageable_or_404(Office, office_id, current_user)
    form = _template_form()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            template_services.store_template(
                office, form.name.data, upload.filename or "", upload.read(), by=current_user
            )
        except template_services.TemplateRefused as refused:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(refused.message)]
            problems = refused.problems
        except DomainError as error:
            db.session.rollback()
            if not apply_domain_error(form, error):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("The template has been saved. This office's letters now print with it."), "success")
            return redirect(url_for("memos.templates", office_id=office.id))
    return _template_page(office, form, problems)


@bp.route("/offices/<int:office_id>/memo-templates/<name>/<any(sabha, office):source>.docx")
@login_required
def download_template(office_id: int, name: str, source: str):
    """Sabha's template (to start from) or the office's own version, as a Word file."""
    office = get_visible_or_404(Office, office_id, current_user)
    if name not in template_services.TEMPLATE_NAMES:
        abort(404)
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if source == "sabha":
        path = template_services.sabha_template_path(name)
        if not path.exists():
            abort(404)
        data = path.read_bytes()
        return send_file(
            io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=f"sabha-{name}.docx"
        )
    own = template_services.office_template(office, name)
    if own is None:
        abort(404)
    return send_file(io.BytesIO(own.data), mimetype=mimetype, as_attachment=True, download_name=own.filename)


@bp.route("/offices/<int:office_id>/memo-templates/<name>/delete", methods=["POST"])
@login_required
def delete_template(office_id: int, name: str):
    office = get_manageable_or_404(Office, office_id, current_user)
    if name not in template_services.TEMPLATE_NAMES:
        abort(404)
    try:
        template_services.remove_template(office, name, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("The office's own template has been removed; letters print with Sabha's again."), "success")
    return redirect(url_for("memos.templates", office_id=office.id))
