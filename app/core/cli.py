"""`flask bangla-date`: print dates as letters write them (Bangla calendar and Gregorian in Bangla)."""

from __future__ import annotations

from datetime import date

import click

from app.core.bangla import format_bangla_date, format_date_long_bn, to_ascii_digits


class IsoDate(click.ParamType):
    """A YYYY-MM-DD date, typed in ASCII or Bengali digits."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(to_ascii_digits(str(value).strip()))
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form.", param, ctx)


@click.command("bangla-date")
@click.argument("dates", nargs=-1, required=True, type=IsoDate())
def bangla_date_command(dates: tuple[date, ...]) -> None:
    """Print each DATE (YYYY-MM-DD) with its Bangla calendar date and its Gregorian date in Bangla."""
    for d in dates:
        click.echo(f"{d.isoformat()}\t{format_bangla_date(d)}\t{format_date_long_bn(d)}")
