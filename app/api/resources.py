"""Read-only resources of /api/v1: offices with their branches, posts, officers and sub-offices; the caller.

Every object is checked against the same rule as the web pages (app.core.permissions): a user sees their own
office and, in a supervising office, every office under it; anything else answers 404, as if it did not exist.
Each route loads what it returns in a fixed number of queries, whatever the size of the office."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, g
from flask_smorest import Blueprint
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.api.auth import api_user, authenticate_request
from app.api.schemas import (
    BranchSchema,
    MeSchema,
    OfficeQuerySchema,
    OfficerSchema,
    OfficeSchema,
    PostSchema,
)
from app.core.permissions import can_view_office, get_visible_or_404, office_of, visible_offices_query
from app.core.text import clean_text
from app.extensions import db
from app.org import queries
from app.org.models import Branch, Office, OfficeLevel, Officer, Post, PostHolding

T = TypeVar("T")
V = TypeVar("V", bound=Callable[..., Any])

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

blp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="The read-only resources of the API.",
)
blp.before_request(authenticate_request)

# Shown on the 401 and 404 answers of every operation in the OpenAPI document.
UNAUTHORIZED = {"status_code": 401, "response": "UNAUTHORIZED"}
NOT_FOUND = {"status_code": 404, "response": "NOT_FOUND"}


def error_decorator(blp: Any) -> Callable[..., Callable[[V], V]]:
    """The `@errors(...)` decorator of an API blueprint: documents the error answers of an operation in the
    OpenAPI document, 401 on every one, and those given."""

    def errors(*responses: dict[str, Any]) -> Callable[[V], V]:
        def decorate(view: V) -> V:
            for response in (UNAUTHORIZED, *responses):
                view = blp.alt_response(**response)(view)
            return view

        return decorate

    return errors


def _load_visible(model: type[T], object_id: int, *options: Any) -> T:
    """Like get_visible_or_404, but loads the object with the relationships the answer needs."""
    obj = db.session.scalar(select(model).where(model.id == object_id).options(*options))  # type: ignore[attr-defined]
    if obj is None or not can_view_office(api_user(), office_of(obj)):
        abort(404)
    return obj


def _visible_office(office_id: int) -> Office:
    return get_visible_or_404(Office, office_id, api_user())


# Offices ----------------------------------------------------------------------------------------------------


@blp.route("/offices", tags=["Offices"])
@blp.arguments(OfficeQuerySchema, location="query", as_kwargs=True)
@blp.response(200, OfficeSchema(many=True))
@blp.alt_response(**UNAUTHORIZED)
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_offices(
    pagination_parameters: Any, q: str, level: OfficeLevel | None = None, parent_id: int | None = None
) -> list[Office]:
    """List the offices you may see

    Your own office and, if it supervises others, every office under it, in tree order. Filter by part
    of the name (Bangla or English) or code with `q`, by `level`, or by `parent_id`. Paginated with
    `page` and `page_size` (at most 200); the `X-Pagination` header carries the totals.
    """
    query = visible_offices_query(api_user())
    q = clean_text(q).lower()
    if q:
        query = query.where(
            or_(
                func.lower(Office.name_bn).contains(q, autoescape=True),
                func.lower(Office.name_en).contains(q, autoescape=True),
                func.lower(Office.code).contains(q, autoescape=True),
            )
        )
    if level is not None:
        query = query.where(Office.level == level)
    if parent_id is not None:
        query = query.where(Office.parent_id == parent_id)
    pagination_parameters.item_count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.order_by(Office.path, Office.id).offset(pagination_parameters.first_item)
    return list(db.session.scalars(page.limit(pagination_parameters.page_size)))


@blp.route("/offices/<int:office_id>", tags=["Offices"])
@blp.response(200, OfficeSchema)
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def get_office(office_id: int) -> Office:
    """Get one office

    Contacts, letterhead place and memo-number codes of an office you may see.
    """
    return _visible_office(office_id)


@blp.route("/offices/<int:office_id>/children", tags=["Offices"])
@blp.response(200, OfficeSchema(many=True))
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def list_child_offices(office_id: int) -> list[Office]:
    """List the offices directly under an office

    For a division, its district offices; for a district, its upazila and metropolitan thana offices.
    """
    return queries.child_offices(_visible_office(office_id))


@blp.route("/offices/<int:office_id>/branches", tags=["Offices"])
@blp.response(200, BranchSchema(many=True))
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def list_office_branches(office_id: int) -> list[Branch]:
    """List the branches of an office

    Branches (শাখা) and desks, with the code they put into memo numbers.
    """
    office = _visible_office(office_id)
    return list(
        db.session.scalars(select(Branch).where(Branch.office_id == office.id).order_by(Branch.name_bn))
    )


@blp.route("/offices/<int:office_id>/posts", tags=["Offices"])
@blp.response(200, PostSchema(many=True))
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def list_office_posts(office_id: int) -> list[Post]:
    """List the posts of an office with their current holders

    Active posts first, by seniority. `current_holders` lists the officers holding the post today,
    on regular or additional charge; it is empty for a vacant post.
    """
    return queries.office_posts(_visible_office(office_id))


@blp.route("/offices/<int:office_id>/officers", tags=["Offices"])
@blp.response(200, OfficerSchema(many=True))
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def list_office_officers(office_id: int) -> list[Officer]:
    """List the officers on an office's roster

    With the posts each holds today (`current_posts`), which may include a post in another office held
    on additional charge.
    """
    return queries.office_officers(_visible_office(office_id))


# Single objects ---------------------------------------------------------------------------------------------


@blp.route("/officers/<int:officer_id>", tags=["Officers"])
@blp.response(200, OfficerSchema)
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def get_officer(officer_id: int) -> Officer:
    """Get one officer

    Name, contacts and the posts the officer holds today.
    """
    return _load_visible(
        Officer,
        officer_id,
        joinedload(Officer.office),
        selectinload(Officer.holdings).selectinload(PostHolding.post),
    )


@blp.route("/posts/<int:post_id>", tags=["Posts"])
@blp.response(200, PostSchema)
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def get_post(post_id: int) -> Post:
    """Get one post

    The designation, its branch and who holds it today.
    """
    return _load_visible(
        Post,
        post_id,
        joinedload(Post.office),
        selectinload(Post.branch),
        selectinload(Post.holdings).selectinload(PostHolding.officer),
    )


@blp.route("/branches/<int:branch_id>", tags=["Branches"])
@blp.response(200, BranchSchema)
@blp.alt_response(**UNAUTHORIZED)
@blp.alt_response(**NOT_FOUND)
def get_branch(branch_id: int) -> Branch:
    """Get one branch

    Its names and the code it puts into memo numbers.
    """
    return _load_visible(Branch, branch_id, joinedload(Branch.office))


@blp.route("/me", tags=["Account"])
@blp.response(200, MeSchema)
@blp.alt_response(**UNAUTHORIZED)
def get_me() -> dict[str, Any]:
    """Who is calling

    The account the token (or the signed-in session) belongs to: its role, its office and officer.
    A quick way to check that a token works.
    """
    user = api_user()
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "locale": user.locale,
        "office": user.office,
        "officer": user.officer,
        "authenticated_by": "token" if g.api_token is not None else "session",
    }
