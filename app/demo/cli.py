"""`flask seed-demo`: seed the demo offices, people and accounts, then print the demo sign-ins; with
`--national`, also the national dataset (every office of the country, 100,000 memos, and a committee per
office with its meetings, decisions and action items: app/demo/national_meetings.py)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.command("seed-demo")
@click.option(
    "--national",
    is_flag=True,
    help="Also seed every office of the country, each with a head, a user and a file, and 100,000 issued "
    "memos between them (for benchmarks; takes about a minute).",
)
@click.option(
    "--national-offices",
    type=click.IntRange(min=2),
    default=None,
    help="With --national: only the first N offices of the national tree (default: all).",
)
@click.option(
    "--national-memos",
    type=click.IntRange(min=0),
    default=None,
    help="With --national: how many memos (default: 100,000).",
)
@click.option(
    "--national-meetings",
    type=click.IntRange(min=1),
    default=None,
    help="With --national: meetings per office's committee (default: 52).",
)
@with_appcontext
def seed_demo_command(
    national: bool, national_offices: int | None, national_memos: int | None, national_meetings: int | None
) -> None:
    """Seed the demo office tree, the people of the seed letters and demo accounts. Safe to rerun."""
    from app.core.errors import DomainError
    from app.demo.seed import seed_demo

    if (national_offices, national_memos, national_meetings) != (None, None, None) and not national:
        raise click.UsageError(
            "--national-offices, --national-memos and --national-meetings go with --national."
        )
    started = time.perf_counter()
    try:
        accounts = seed_demo()
        db.session.commit()
        if national:
            _seed_national(national_offices, national_memos)
            _seed_national_meetings(national_offices, national_meetings)
            __import__("app.demo.national_plans", fromlist=["_"]).seed_national_plans(national_offices)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    elapsed = time.perf_counter() - started

    headers = ("Office", "Role", "Username", "Password")
    rows = [(a.office_name, a.role, a.username, a.password) for a in accounts]
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    click.echo(f"Demo data seeded in {elapsed:.1f} s. Sign in with:")
    for row in (headers, tuple("-" * w for w in widths), *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _seed_national(offices: int | None, memos: int | None) -> None:
    from app.demo.national import NATIONAL_MEMOS, build_national
    from app.demo.seed import DEMO_PASSWORD

    summary = build_national(offices=offices, memos=NATIONAL_MEMOS if memos is None else memos)
    if summary.already_present:
        click.echo(f"The national dataset is already present ({summary.memos:,} memos); nothing was added.")
        return
    db.session.commit()
    click.echo(
        f"National dataset: {summary.offices:,} offices ({summary.offices_added:,} added), "
        f"{summary.users_added:,} users added, {summary.memos:,} memos, {summary.deliveries:,} deliveries "
        f"in {summary.seconds:.1f} s."
    )
    samples = ", ".join(f"{level}: {username}" for level, username in summary.sample_users.items())
    click.echo(f"Every office has a user named by its code, password {DEMO_PASSWORD} ({samples}).")


def _seed_national_meetings(offices: int | None, meetings: int | None) -> None:
    from app.demo.national_meetings import NATIONAL_MEETINGS, build_national_meetings

    summary = build_national_meetings(offices=offices, meetings=meetings or NATIONAL_MEETINGS)
    if summary.already_present:
        click.echo(
            f"The national meetings are already present ({summary.meetings:,} meetings); nothing was added."
        )
        return
    db.session.commit()
    click.echo(
        f"National meetings: {summary.committees:,} committees, {summary.meetings:,} meetings, "
        f"{summary.decisions:,} decisions, {summary.action_items:,} action items, "
        f"{summary.users_added:,} users added in {summary.seconds:.1f} s."
    )
    samples = ", ".join(f"{level}: {username}" for level, username in summary.sample_secretaries.items())
    if samples:
        click.echo(f"Each committee's member secretary signs in as <office code>-secretary ({samples}).")
