"""`flask seed-demo`: seed the demo offices, people and accounts, then print the demo sign-ins; with
`--national`, also the national dataset (every office of the country and 100,000 memos)."""

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
@with_appcontext
def seed_demo_command(national: bool, national_offices: int | None, national_memos: int | None) -> None:
    """Seed the demo office tree, the people of the seed letters and demo accounts. Safe to rerun."""
    from app.core.errors import DomainError
    from app.demo.seed import seed_demo

    if (national_offices is not None or national_memos is not None) and not national:
        raise click.UsageError("--national-offices and --national-memos go with --national.")
    started = time.perf_counter()
    try:
        accounts = seed_demo()
        db.session.commit()
        if national:
            _seed_national(national_offices, national_memos)
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
