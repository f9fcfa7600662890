"""Command-line entry points: `flask create-admin`, `flask bangla-date`, `flask seed-demo`."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from app.extensions import db


@click.command("create-admin")
@click.option("--username", prompt=True)
@click.option(
    "--office-code",
    default="directorate",
    show_default=True,
    help="Code of the office the account belongs to.",
)
@click.password_option()
def create_admin_command(username: str, office_code: str, password: str) -> None:
    """Create the first system administrator (and the directorate office if the database is empty)."""
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.core.errors import DomainError
    from app.org.models import Office, OfficeLevel

    office = db.session.scalar(select(Office).where(Office.code == office_code))
    if office is None:
        if db.session.scalar(select(Office.id).limit(1)) is not None:
            raise click.ClickException(f"No office with code {office_code!r}.")
        office = Office(
            level=OfficeLevel.DIRECTORATE,
            code=office_code,
            name_bn="সমবায় অধিদপ্তর",
            name_en="Department of Cooperatives",
        )
        db.session.add(office)
        db.session.flush()
        office.path = f"/{office.id}/"
    try:
        create_user(office, {"username": username, "role": Role.SYSADMIN}, password, by=None)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Created system administrator {username!r} at {office.name_en or office.name_bn}.")


def register_commands(app: Flask) -> None:
    from app.core.cli import bangla_date_command
    from app.demo.cli import seed_demo_command

    app.cli.add_command(create_admin_command)
    app.cli.add_command(bangla_date_command)
    app.cli.add_command(seed_demo_command)
