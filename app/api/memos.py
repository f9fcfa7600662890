"""The memos part of /api/v1: files (নথি), memos and their workflow, the DOCX, and the inbox (ডাক) with its
receive, forward and reply steps.

Every change goes through app.memos.services, so the API obeys the rules of the web pages; a request commits
once when the service succeeds and rolls back when it refuses. What a refusal answers:

- 404: the office, file, memo or delivery is not one the caller may see (a draft only by its own office; an
  issued memo also by the offices above it and the offices it went to, and theirs);
- 403: the caller sees it, but their role does not allow the step (only the officer holding the signing post
  issues or returns; only the staff of the receiving office receive, forward and reply; only an office's own
  staff draft its letters);
- 409: `version` is stale — someone saved the record after the caller read it;
- 422: anything else a rule refuses (an empty subject, no recipient, a signatory of another office, an unknown
  office, a reference the caller may not see, a step the memo's state does not allow), with the message in
  the caller's language and `errors: {field: [message]}` (`_schema` when no one field is at fault).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Response, abort, jsonify, make_response, send_file
from flask_babel import force_locale
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.http import HTTP_STATUS_CODES

from app.api.auth import api_user, authenticate_request
from app.api.memo_schemas import (
    DeliveryDetailSchema,
    DeliverySchema,
    ForwardInSchema,
    InboxQuerySchema,
    IssueSchema,
    MemoFileCreateSchema,
    MemoFileQuerySchema,
    MemoFileSchema,
    MemoFileUpdateSchema,
    MemoQuerySchema,
    MemoSchema,
    MemoSummarySchema,
    MemoUpdateSchema,
    MemoWriteSchema,
    ReplyInSchema,
    ReturnSchema,
    VersionSchema,
)
from app.api.resources import MAX_PAGE_SIZE, NOT_FOUND, PAGE_SIZE, error_decorator
from app.auth.models import User
from app.core.errors import DomainError, StaleObjectError
from app.core.permissions import can_manage_office, get_visible_or_404
from app.extensions import db
from app.memos import mail, queries, services
from app.memos.documents import docx_filename, docx_mimetype, render_memo_docx
from app.memos.models import Delivery, Memo, MemoFile, MemoKind, MemoReference
from app.org.models import Office
from workflows import memo as flow
from workflows.memo import DeliveryAction, MemoAction, MemoState

T = TypeVar("T")
log = logging.getLogger(__name__)

blp = Blueprint(
    "api_memos",
    __name__,
    url_prefix="/api/v1",
    description="Files, memos and the inbox: drafting, signing, numbering, delivery, receipt and forwarding.",
)
blp.before_request(authenticate_request)

# Shown in the OpenAPI document on the operations that can answer them (see the module's docstring).
FORBIDDEN = {"status_code": 403, "response": "FORBIDDEN"}
CONFLICT = {"status_code": 409, "response": "CONFLICT"}
REFUSED = {"status_code": 422, "response": "UNPROCESSABLE_ENTITY"}

DOCX_RESPONSE = {"type": "string", "format": "binary"}


_errors = error_decorator(blp)


# Answers and refusals ---------------------------------------------------------------------------------------


def _refuse(status: int, error: DomainError) -> NoReturn:
    """Answer a refused service call as JSON, with its message in the caller's language (a token request has
    no session to carry a language: the account's own is the one the caller reads)."""
    with force_locale(api_user().locale):
        message = str(error.message)
    body: dict[str, Any] = {"code": status, "status": HTTP_STATUS_CODES[status], "message": message}
    if status != 403:
        field = error.field or ("version" if isinstance(error, StaleObjectError) else "_schema")
        body["errors"] = {field: [message]}
    abort(make_response(jsonify(body), status))


def _commit(call: Callable[[], T], *, role_refused: bool = False) -> T:
    """Run one service call and commit; on a DomainError roll back, so nothing it changed is kept.

    `role_refused` says the caller's role does not allow the step (worked out before the call). The services
    raise role refusals without a field, so an input error they find first (a missing comment, say) keeps its
    422 rather than hiding behind the 403."""
    try:
        result = call()
        db.session.commit()
    except StaleObjectError as error:
        db.session.rollback()
        _refuse(409, error)
    except DomainError as error:
        db.session.rollback()
        _refuse(403 if role_refused and error.field is None else 422, error)
    return result


def _refused_for_role(check: Callable[..., Any], action: Any, state: Any, roles: set[flow.Role]) -> bool:
    """True when the workflow refuses the step for the caller's role; False when it allows it or when it is
    the state that is wrong (the service then answers why)."""
    try:
        check(action, state, roles)
    except flow.TransitionRefused as refused:
        return refused.reason == "role"
    return False


def _memo_role_refused(memo: Memo, action: MemoAction, user: User) -> bool:
    return _refused_for_role(flow.check, action, memo.status, services.memo_roles(user, memo))


def _delivery_role_refused(delivery: Delivery, action: DeliveryAction, user: User) -> bool:
    return _refused_for_role(
        flow.check_delivery, action, delivery.state, services.delivery_roles(user, delivery)
    )


class _Answer:
    """A memo or delivery with the parts of its answer that depend on the caller (the steps open to them,
    the deliveries they may see). Everything else is read from the object itself."""

    def __init__(self, obj: Any, **extra: Any):
        self._obj = obj
        vars(self).update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)


# Loading what the caller may see ----------------------------------------------------------------------------


def _visible_office(office_id: int) -> Office:
    return get_visible_or_404(Office, office_id, api_user())


def _load_memo(memo_id: int, *, fresh: bool = False) -> Memo:
    """The memo with everything its answer shows, in a fixed number of queries; 404 unless visible."""
    query = (
        select(Memo)
        .where(Memo.id == memo_id)
        .options(
            joinedload(Memo.office),
            joinedload(Memo.file),
            joinedload(Memo.signatory_post),
            joinedload(Memo.signatory_officer),
            selectinload(Memo.recipients),
            selectinload(Memo.references).joinedload(MemoReference.referenced_memo),
            selectinload(Memo.attachments),
            selectinload(Memo.deliveries).joinedload(Delivery.office),
        )
    )
    if fresh:  # after a commit: reload what the step changed
        query = query.execution_options(populate_existing=True)
    memo = db.session.scalar(query)
    if memo is None or not services.can_view_memo(api_user(), memo):
        abort(404)
    return memo


def _memo_answer(memo_id: int) -> _Answer:
    user = api_user()
    memo = _load_memo(memo_id, fresh=True)
    return _Answer(
        memo,
        allowed_actions=[a.value for a in flow.allowed_actions(memo.status, services.memo_roles(user, memo))],
        deliveries=queries.deliveries_of(memo, user),
    )


def _load_delivery(delivery_id: int, *, fresh: bool = False) -> Delivery:
    query = (
        select(Delivery)
        .where(Delivery.id == delivery_id)
        .options(
            joinedload(Delivery.office),
            joinedload(Delivery.memo).joinedload(Memo.office),
            joinedload(Delivery.memo).joinedload(Memo.signatory_post),
            joinedload(Delivery.memo).joinedload(Memo.signatory_officer),
            selectinload(Delivery.forwards),
        )
    )
    if fresh:
        query = query.execution_options(populate_existing=True)
    delivery = db.session.scalar(query)
    if delivery is None or not services.can_view_delivery(api_user(), delivery):
        abort(404)
    return delivery


def _delivery_answer(delivery_id: int) -> _Answer:
    delivery = _load_delivery(delivery_id, fresh=True)
    roles = services.delivery_roles(api_user(), delivery)
    return _Answer(
        delivery, allowed_actions=[a.value for a in flow.allowed_delivery_actions(delivery.state, roles)]
    )


def _filters(args: dict[str, Any]) -> queries.RegisterFilters:
    return queries.RegisterFilters(
        date_from=args.get("date_from"),
        date_to=args.get("date_to"),
        kind=args.get("kind") or "",
        file_id=args.get("file_id"),
        q=args.get("q") or "",
        state=args.get("state") or "",
    )


def _page(query: Any, pagination_parameters: Any) -> list[Any]:
    page = queries.paginate(query, pagination_parameters.page, pagination_parameters.page_size)
    pagination_parameters.item_count = page.total
    return page.items


# Files (নথি) ------------------------------------------------------------------------------------------------


@blp.route("/offices/<int:office_id>/memo-files", tags=["Files"])
@blp.arguments(MemoFileQuerySchema, location="query", as_kwargs=True)
@blp.response(200, MemoFileSchema(many=True))
@_errors(NOT_FOUND)
def list_memo_files(office_id: int, active: bool = False) -> list[MemoFile]:
    """List the files of an office

    Each file (নথি) with its memo-number prefix, by number. `active=true` leaves out the closed ones.
    """
    return queries.office_files(_visible_office(office_id), active_only=active)


@blp.route("/offices/<int:office_id>/memo-files", methods=["POST"], tags=["Files"])
@blp.arguments(MemoFileCreateSchema)
@blp.response(201, MemoFileSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def create_memo_file(data: dict[str, Any], office_id: int) -> MemoFile:
    """Open a file

    For the office's own staff and for administrators of the offices above it (403 for others who see the
    office). 422 for an empty title, a number that is not dot-separated digits, a number the office already
    uses, or a branch of another office.
    """
    user = api_user()
    office = _visible_office(office_id)
    refused = user.office_id != office.id and not can_manage_office(user, office)
    return _commit(lambda: services.create_file(office, data, by=user), role_refused=refused)


@blp.route("/memo-files/<int:file_id>", tags=["Files"])
@blp.response(200, MemoFileSchema)
@_errors(NOT_FOUND)
def get_memo_file(file_id: int) -> MemoFile:
    """Get one file

    Its title, memo-number prefix and `version` (send it back with a PATCH).
    """
    return get_visible_or_404(MemoFile, file_id, api_user())


@blp.route("/memo-files/<int:file_id>", methods=["PATCH"], tags=["Files"])
@blp.arguments(MemoFileUpdateSchema)
@blp.response(200, MemoFileSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_memo_file(data: dict[str, Any], file_id: int) -> MemoFile:
    """Change a file

    Only the fields sent change. `version` is the one you read: 409 if the file was saved since. The number
    of letters already issued does not change.
    """
    user = api_user()
    memo_file = get_visible_or_404(MemoFile, file_id, user)
    refused = user.office_id != memo_file.office_id and not can_manage_office(user, memo_file.office)
    version = data.pop("version")
    _commit(
        lambda: services.update_file(memo_file, data, by=user, expected_version=version), role_refused=refused
    )
    return memo_file


# Memos ------------------------------------------------------------------------------------------------------


@blp.route("/offices/<int:office_id>/memos", tags=["Memos"])
@blp.arguments(MemoQuerySchema, location="query")
@blp.response(200, MemoSummarySchema(many=True))
@_errors(NOT_FOUND)
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_memos(args: dict[str, Any], office_id: int, pagination_parameters: Any) -> list[Memo]:
    """List an office's sent register or its drafts

    `status=issued`: the sent register, newest first, for everyone who sees the office; narrow it by issue
    date, `kind`, `file_id` or words of the subject and number (`q`, Bangla or ASCII digits).
    Otherwise the memos not yet issued (draft, submitted, returned; or only the `status` given), most recently
    changed first: only the office's own staff see them, for anyone else the list answers 404.
    Paginated with `page` and `page_size`; the `X-Pagination` header carries the totals.
    """
    user = api_user()
    office = _visible_office(office_id)
    filters = _filters(args)
    if args.get("status") == MemoState.ISSUED:
        return _page(queries.sent_register_query(office, filters), pagination_parameters)
    if user.office_id != office.id and not user.is_sysadmin:
        abort(404)  # drafts are the office's own business, as on the web
    query = queries.drafts_query(office)
    if args.get("status"):
        query = query.where(Memo.status == MemoState(args["status"]))
    if filters.kind:
        query = query.where(Memo.kind == MemoKind(filters.kind))
    if filters.file_id:
        query = query.where(Memo.file_id == filters.file_id)
    for word in services.search_key(filters.q).split():
        query = query.where(Memo.search_text.contains(word, autoescape=True))
    return _page(query, pagination_parameters)


@blp.route("/offices/<int:office_id>/memos", methods=["POST"], tags=["Memos"])
@blp.arguments(MemoWriteSchema)
@blp.response(201, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def create_memo(data: dict[str, Any], office_id: int) -> _Answer:
    """Draft a memo

    Only the office's own staff draft its letters (403 for a supervising office). Nothing is numbered before
    the memo is issued. Recipients: `{role, office_id}` for an office in Sabha, `{role, post_id}` for a post,
    `{role, office_id, group_level}` for every office of a level under an office ("all district offices of
    Khulna division"), `{role, label, email}` for anyone outside Sabha; `role` is to, distribution, attention
    or copy, and a copy has a `purpose`. References: `{memo_id}` of an issued memo you may see, or `{text}`.
    422 for an empty subject, a file or signatory post of another office, an unknown recipient office or post,
    or a reference you may not see.
    """
    user = api_user()
    office = _visible_office(office_id)
    memo_id = _commit(
        lambda: services.create_memo(office, data, by=user).id, role_refused=user.office_id != office.id
    )
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>", tags=["Memos"])
@blp.response(200, MemoSchema)
@_errors(NOT_FOUND)
def get_memo(memo_id: int) -> _Answer:
    """Get one memo

    The whole letter: recipients, references, attachments (their description; the files are on the web
    page), where it was delivered as far as you may see, the workflow steps open to you (`allowed_actions`),
    and `docx_url`, the letter as a Word file.
    """
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>", methods=["PATCH"], tags=["Memos"])
@blp.arguments(MemoUpdateSchema)
@blp.response(200, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_memo(data: dict[str, Any], memo_id: int) -> _Answer:
    """Change a draft

    A draft or returned memo, by its office's staff. Only the fields sent change; `recipients` and
    `references` are replaced whole when sent. `version` is the one you read: 409 if the memo was saved since.
    An issued or submitted memo answers 422 (withdraw a submitted one first; correct an issued one).
    """
    user = api_user()
    memo = _load_memo(memo_id)
    version = data.pop("version")
    _commit(
        lambda: services.update_memo(memo, data, by=user, expected_version=version),
        role_refused=_memo_role_refused(memo, MemoAction.EDIT, user),
    )
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>", methods=["DELETE"], tags=["Memos"])
@blp.response(204)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def discard_memo(memo_id: int) -> Response:
    """Discard a draft

    A draft or returned memo only: an issued memo is never deleted (422), a submitted one is withdrawn first.
    """
    user = api_user()
    memo = _load_memo(memo_id)
    _commit(
        lambda: services.discard_memo(memo, by=user),
        role_refused=_memo_role_refused(memo, MemoAction.DISCARD, user),
    )
    return Response(status=204)


def _take_step(memo_id: int, action: MemoAction, step: Callable[[Memo, User], T]) -> T:
    """Load the memo the caller may see, take one workflow step through the service, commit."""
    user = api_user()
    memo = _load_memo(memo_id)
    return _commit(lambda: step(memo, user), role_refused=_memo_role_refused(memo, action, user))


@blp.route("/memos/<int:memo_id>/submit", methods=["POST"], tags=["Memos"])
@blp.arguments(VersionSchema, required=False)
@blp.response(200, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def submit_memo(args: dict[str, Any], memo_id: int) -> _Answer:
    """Submit a draft for signature

    To the officer holding its signing post. 422 when it has no addressee or distribution list yet.
    """
    version = args.get("version")
    _take_step(
        memo_id, MemoAction.SUBMIT, lambda m, user: services.submit_memo(m, by=user, expected_version=version)
    )
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>/withdraw", methods=["POST"], tags=["Memos"])
@blp.arguments(VersionSchema, required=False)
@blp.response(200, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def withdraw_memo(args: dict[str, Any], memo_id: int) -> _Answer:
    """Take a submitted memo back to draft

    By the office's staff, before it is signed.
    """
    version = args.get("version")
    _take_step(
        memo_id,
        MemoAction.WITHDRAW,
        lambda m, user: services.withdraw_memo(m, by=user, expected_version=version),
    )
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>/return", methods=["POST"], tags=["Memos"])
@blp.arguments(ReturnSchema)
@blp.response(200, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def return_memo(args: dict[str, Any], memo_id: int) -> _Answer:
    """Return a submitted memo with a comment

    By the officer holding its signing post (403 for anyone else); 422 without a comment.
    """
    _take_step(
        memo_id,
        MemoAction.RETURN,
        lambda memo, user: services.return_memo(
            memo, args["comment"], by=user, expected_version=args.get("version")
        ),
    )
    return _memo_answer(memo_id)


@blp.route("/memos/<int:memo_id>/issue", methods=["POST"], tags=["Memos"])
@blp.arguments(IssueSchema, required=False)
@blp.response(200, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def issue_memo(args: dict[str, Any], memo_id: int) -> _Answer:
    """Sign and issue a memo

    By the officer holding its signing post (403 for anyone else), from submitted, or straight from a draft
    of their own. The memo gets the next serial of its office (or file) and today's date, is frozen, and
    lands in the inbox of every office in Sabha it is addressed to. With `send_email`, the DOCX is then
    e-mailed to the recipients with an address; a mail server that fails never undoes the issue.
    """
    _take_step(
        memo_id,
        MemoAction.ISSUE,
        lambda memo, user: services.issue_memo(
            memo, by=user, send_email=args["send_email"], expected_version=args.get("version")
        ),
    )
    if args["send_email"]:
        _send_emails(memo_id)
    return _memo_answer(memo_id)


def _send_emails(memo_id: int) -> None:
    """After the issue is committed. send_pending records each failure itself; anything it lets through is
    logged here, because the memo is issued whatever happens to its e-mail."""
    try:
        mail.send_pending(_load_memo(memo_id, fresh=True))
    except Exception:
        db.session.rollback()
        log.exception("E-mail of memo %s failed after it was issued", memo_id)


@blp.route("/memos/<int:memo_id>/correct", methods=["POST"], tags=["Memos"])
@blp.response(201, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def correct_memo(memo_id: int) -> _Answer:
    """Start a correction of an issued memo

    A new draft of the same office that copies the memo and cites it as সূত্র; the issued memo itself never
    changes. Answers the new draft.
    """
    new_id = _take_step(
        memo_id, MemoAction.CORRECT, lambda memo, user: services.start_correction(memo, by=user).id
    )
    return _memo_answer(new_id)


@blp.route("/memos/<int:memo_id>.docx", tags=["Memos"])
@blp.response(200, DOCX_RESPONSE, content_type=docx_mimetype(), description="The letter as a Word file.")
@_errors(NOT_FOUND)
def get_memo_docx(memo_id: int) -> Response:
    """Get the memo as a Word file

    The letter in the office's layout (its own template if it uploaded one), with the number and dates once
    issued. The same access as the memo itself.
    """
    memo = _load_memo(memo_id)
    return send_file(
        io.BytesIO(render_memo_docx(memo)),
        mimetype=docx_mimetype(),
        as_attachment=True,
        download_name=docx_filename(memo),
    )


# The inbox (ডাক) --------------------------------------------------------------------------------------------


@blp.route("/offices/<int:office_id>/inbox", tags=["Inbox"])
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, DeliverySchema(many=True))
@_errors(NOT_FOUND)
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_inbox(args: dict[str, Any], office_id: int, pagination_parameters: Any) -> list[Delivery]:
    """List the letters delivered to an office

    Newest first; `state=delivered` for those not yet received, `state=received` for the others. Narrow by
    issue date, `kind` or words of the subject and number (`q`). Paginated like the registers.
    """
    office = _visible_office(office_id)
    return _page(queries.inbox_query(office, _filters(args)), pagination_parameters)


@blp.route("/deliveries/<int:delivery_id>", tags=["Inbox"])
@blp.response(200, DeliveryDetailSchema)
@_errors(NOT_FOUND)
def get_delivery(delivery_id: int) -> _Answer:
    """Get one letter of an inbox

    Its state, who received it and when, where it was forwarded, and the steps open to you. The letter
    itself is at `memo_url`.
    """
    return _delivery_answer(delivery_id)


def _delivery_step(delivery_id: int, action: DeliveryAction, step: Callable[[Delivery, User], T]) -> T:
    user = api_user()
    delivery = _load_delivery(delivery_id)
    return _commit(lambda: step(delivery, user), role_refused=_delivery_role_refused(delivery, action, user))


@blp.route("/deliveries/<int:delivery_id>/receive", methods=["POST"], tags=["Inbox"])
@blp.response(200, DeliveryDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def receive_delivery(delivery_id: int) -> _Answer:
    """Receive a letter

    By the staff of the receiving office (403 for the offices above it); records who and when. 422 if it
    was received already.
    """
    _delivery_step(delivery_id, DeliveryAction.RECEIVE, lambda d, user: services.receive(d, by=user))
    return _delivery_answer(delivery_id)


@blp.route("/deliveries/<int:delivery_id>/forward", methods=["POST"], tags=["Inbox"])
@blp.arguments(ForwardInSchema)
@blp.response(200, DeliveryDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def forward_delivery(args: dict[str, Any], delivery_id: int) -> _Answer:
    """Forward a received letter to a post of the office, with a note

    By the staff of the receiving office. 422 before the letter is received, or for a post of another office.
    """
    _delivery_step(
        delivery_id,
        DeliveryAction.FORWARD,
        lambda d, user: services.forward(d, args.get("to_post_id"), args["note"], by=user),
    )
    return _delivery_answer(delivery_id)


@blp.route("/deliveries/<int:delivery_id>/reply", methods=["POST"], tags=["Inbox"])
@blp.arguments(ReplyInSchema)
@blp.response(201, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def reply_to_delivery(args: dict[str, Any], delivery_id: int) -> _Answer:
    """Start a reply to a received letter

    A draft of the receiving office, addressed to the sender and citing the letter as সূত্র, in the file and
    with the signatory given. Answers the new draft; change it with PATCH /memos/{id}.
    """
    new_id = _delivery_step(
        delivery_id,
        DeliveryAction.REPLY,
        lambda d, user: (
            services.start_reply(
                d, by=user, file_id=args.get("file_id"), signatory_post_id=args.get("signatory_post_id")
            ).id
        ),
    )
    return _memo_answer(new_id)
