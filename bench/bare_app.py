"""The baseline of the page benchmarks: a bare Flask app whose one route reads one row and renders a small
template, served like Sabha (gunicorn, same SQLite file) so that a page's requests per second can be put
against what Flask + SQLAlchemy + Jinja manage with no application work at all.

    BARE_DATABASE_URL=sqlite:////tmp/national.sqlite .venv/bin/gunicorn -w 2 --chdir bench bare_app:app
    curl http://127.0.0.1:8000/offices/1

No sessions, no login, no Babel, no CSRF, no CSP headers: Flask's request handling, a pooled SQLAlchemy Core
connection, one `SELECT ... WHERE id = ?` and a cached Jinja template of a dozen lines (~1 KB of HTML).
"""

from __future__ import annotations

import os

from flask import Flask, abort, render_template
from jinja2 import DictLoader
from sqlalchemy import create_engine, text

TEMPLATE = """<!doctype html>
<html lang="bn">
<head><meta charset="utf-8"><title>{{ office.name_bn }}</title></head>
<body>
<main>
  <h1>{{ office.name_bn }}</h1>
  <dl>
    <dt>Code</dt><dd>{{ office.code }}</dd>
    <dt>Name</dt><dd>{{ office.name_en }}</dd>
    <dt>Place</dt><dd>{{ office.place_bn }}</dd>
    <dt>Level</dt><dd>{{ office.level }}</dd>
  </dl>
</main>
</body>
</html>
"""

app = Flask(__name__)
app.jinja_loader = DictLoader({"office.html": TEMPLATE})
engine = create_engine(os.environ.get("BARE_DATABASE_URL", "sqlite:///:memory:"))
QUERY = text("SELECT id, code, level, name_bn, name_en, place_bn FROM offices WHERE id = :id")


@app.route("/offices/<int:office_id>")
def office(office_id: int) -> str:
    with engine.connect() as connection:
        row = connection.execute(QUERY, {"id": office_id}).one_or_none()
    if row is None:
        abort(404)
    return render_template("office.html", office=row)
