"""Routes for offices, branches, posts, officers, appointments, transfers and the audit log."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core.audit import AuditLog
from app.core.forms import form_data
from app.core.permissions import can_manage_office, get_manageable_or_404, get_visible_or_404
from app.core.web import run_service
from app.extensions import db
from app.org import bp, queries, services
from app.org.forms import AppointForm, BranchForm, OfficeForm, OfficerForm, PostForm, TransferForm
from app.org.models import (
    CHILD_LEVELS,
    OFFICE_LEVEL_LABELS,
    Branch,
    Charge,
    Office,
    OfficeLevel,
    Officer,
    Post,
)


@bp.route("/")
@login_required
def home():
    return redirect(url_for("org.office", office_id=current_user.office_id))


@bp.route("/offices")
@login_required
def offices():
    q = request.args.get("q", "")
    level = request.args.get("level", "")
    found = queries.search_visible_offices(current_user, q, level)
    tree = None if (q or level) else queries.build_tree(found)
    return render_template(
        "org/offices.html", offices=found, tree=tree, q=q, level=level, levels=OFFICE_LEVEL_LABELS
    )


@bp.route("/offices/<int:office_id>")
@login_required
def office(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    # Breadcrumb: only the part of the chain the user may see.
    chain = [o for o in db.session.scalars(select(Office).where(Office.id.in_(office.ancestor_ids)))]
    chain = sorted(
        (o for o in chain if o.is_within(current_user.office) or current_user.is_sysadmin),
        key=lambda o: len(o.path),
    )
    return render_template(
        "org/office.html",
        office=office,
        chain=chain,
        posts=queries.office_posts(office),
        officers=queries.office_officers(office),
        children=queries.child_offices(office),
        can_manage=can_manage_office(current_user, office),
    )


@bp.route("/offices/<int:office_id>/edit", methods=["GET", "POST"])
@login_required
def edit_office(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    form = OfficeForm(obj=office if request.method == "GET" else None)
    form.level.choices = [(office.level.value, office.level.label)]
    if request.method == "GET":
        form.version.data = office.version
        form.level.data = office.level.value
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.update_office(
                office,
                form_data(form, OfficeForm.FIELDS),
                by=current_user,
                expected_version=form.expected_version(),
            ),
            _("The office has been saved."),
            url_for("org.office", office_id=office.id),
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=office, title=_("Edit office"))


@bp.route("/offices/<int:office_id>/offices/new", methods=["GET", "POST"])
@login_required
def new_office(office_id: int):
    parent = get_manageable_or_404(Office, office_id, current_user)
    levels = CHILD_LEVELS[parent.level]
    if not levels:
        abort(404)
    form = OfficeForm()
    form.level.choices = [(lv.value, OFFICE_LEVEL_LABELS[lv]) for lv in levels]
    if form.validate_on_submit():
        data = form_data(form, OfficeForm.FIELDS) | {"level": OfficeLevel(form.level.data)}
        response = run_service(
            form,
            lambda: services.create_office(parent, data, by=current_user),
            _("The office has been added."),
            lambda created: url_for("org.office", office_id=created.id),
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=parent, title=_("New office under this office"))


@bp.route("/offices/<int:office_id>/branches/new", methods=["GET", "POST"])
@login_required
def new_branch(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    form = BranchForm()
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.create_branch(office, form_data(form, BranchForm.FIELDS), by=current_user),
            _("The branch has been added."),
            url_for("org.office", office_id=office.id) + "#branches",
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=office, title=_("New branch"))


@bp.route("/branches/<int:branch_id>/edit", methods=["GET", "POST"])
@login_required
def edit_branch(branch_id: int):
    branch = get_manageable_or_404(Branch, branch_id, current_user)
    form = BranchForm(obj=branch if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = branch.version
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.update_branch(
                branch,
                form_data(form, BranchForm.FIELDS),
                by=current_user,
                expected_version=form.expected_version(),
            ),
            _("The branch has been saved."),
            url_for("org.office", office_id=branch.office_id) + "#branches",
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=branch.office, title=_("Edit branch"))


def _branch_choices(office: Office) -> list[tuple[str, str]]:
    return [("", _("— none —"))] + [(str(b.id), b.name) for b in office.branches]


@bp.route("/offices/<int:office_id>/posts/new", methods=["GET", "POST"])
@login_required
def new_post(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    form = PostForm()
    form.branch_id.choices = _branch_choices(office)
    if form.validate_on_submit():
        data = form_data(form, PostForm.FIELDS) | {
            "rank": form.rank.data if form.rank.data is not None else 100
        }
        response = run_service(
            form,
            lambda: services.create_post(office, data, by=current_user),
            _("The post has been added."),
            url_for("org.office", office_id=office.id) + "#posts",
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=office, title=_("New post"))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = get_manageable_or_404(Post, post_id, current_user)
    form = PostForm(obj=post if request.method == "GET" else None)
    form.branch_id.choices = _branch_choices(post.office)
    if request.method == "GET":
        form.version.data = post.version
    if form.validate_on_submit():
        data = form_data(form, PostForm.FIELDS) | {
            "rank": form.rank.data if form.rank.data is not None else 100
        }
        response = run_service(
            form,
            lambda: services.update_post(
                post, data, by=current_user, expected_version=form.expected_version()
            ),
            _("The post has been saved."),
            url_for("org.office", office_id=post.office_id) + "#posts",
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=post.office, title=_("Edit post"))


@bp.route("/posts/<int:post_id>/appoint", methods=["GET", "POST"])
@login_required
def appoint(post_id: int):
    post = get_manageable_or_404(Post, post_id, current_user)
    form = AppointForm()
    form.officer_id.choices = [("", _("— choose —"))] + [
        (str(o.id), o.display_name) for o in queries.office_officers(post.office)
    ]
    if form.validate_on_submit():
        officer = db.session.get(Officer, form.officer_id.data)
        if officer is None or officer.office_id != post.office_id:
            form.officer_id.errors.append(_("Choose an officer of this office."))
        else:
            response = run_service(
                form,
                lambda: services.appoint(
                    officer, post, form.start_date.data, by=current_user, charge=Charge(form.charge.data)
                ),
                _("The officer now holds the post."),
                url_for("org.office", office_id=post.office_id) + "#posts",
            )
            if response:
                return response
    return render_template(
        "org/form.html",
        form=form,
        office=post.office,
        title=_("Assign an officer to: %(post)s", post=post.designation),
    )


@bp.route("/offices/<int:office_id>/officers/new", methods=["GET", "POST"])
@login_required
def new_officer(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    form = OfficerForm()
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.create_officer(office, form_data(form, OfficerForm.FIELDS), by=current_user),
            _("The officer has been added."),
            url_for("org.office", office_id=office.id) + "#officers",
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=office, title=_("New officer"))


@bp.route("/officers/<int:officer_id>")
@login_required
def officer(officer_id: int):
    officer = get_visible_or_404(Officer, officer_id, current_user)
    return render_template(
        "org/officer.html", officer=officer, can_manage=can_manage_office(current_user, officer.office)
    )


@bp.route("/officers/<int:officer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_officer(officer_id: int):
    officer = get_manageable_or_404(Officer, officer_id, current_user)
    form = OfficerForm(obj=officer if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = officer.version
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.update_officer(
                officer,
                form_data(form, OfficerForm.FIELDS),
                by=current_user,
                expected_version=form.expected_version(),
            ),
            _("The officer has been saved."),
            url_for("org.officer", officer_id=officer.id),
        )
        if response:
            return response
    return render_template("org/form.html", form=form, office=officer.office, title=_("Edit officer"))


@bp.route("/officers/<int:officer_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(officer_id: int):
    officer = get_manageable_or_404(Officer, officer_id, current_user)
    manageable = [
        o for o in queries.search_visible_offices(current_user) if can_manage_office(current_user, o)
    ]
    posts = db.session.scalars(
        select(Post)
        .where(Post.office_id.in_([o.id for o in manageable]), Post.is_active.is_(True))
        .order_by(Post.office_id, Post.rank)
    ).all()
    form = TransferForm()
    form.post_id.choices = [("", _("— choose —"))] + [
        (str(p.id), f"{p.designation} — {p.office.name}") for p in posts
    ]
    if form.validate_on_submit():
        post = get_manageable_or_404(Post, form.post_id.data, current_user)
        response = run_service(
            form,
            lambda: services.transfer_officer(officer, post, form.on.data, by=current_user),
            _("The transfer has been recorded."),
            url_for("org.officer", officer_id=officer.id),
        )
        if response:
            return response
    return render_template(
        "org/form.html",
        form=form,
        office=officer.office,
        title=_("Transfer %(name)s", name=officer.display_name),
    )


@bp.route("/offices/<int:office_id>/audit")
@login_required
def audit_log(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    page = max(request.args.get("page", 1, type=int), 1)
    sub = select(Office.id).where(Office.path.startswith(office.path))
    rows = db.paginate(
        select(AuditLog).where(AuditLog.office_id.in_(sub)).order_by(AuditLog.at.desc(), AuditLog.id.desc()),
        page=page,
        per_page=50,
        error_out=False,
    )
    return render_template("org/audit.html", office=office, rows=rows)
