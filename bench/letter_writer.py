"""Issue letters through Sabha's services at a steady rate, as offices across the country do, for
bench/national_pages.py (`--letters-per-second N`). Each letter is a draft by the member secretary of a random
office (the national dataset gives every office one, holding a post that may sign), addressed to another
random office, committed, then issued and committed: two writing transactions, with the serial, the
delivery, the audit rows and the indicator refresh that issuing does.

    .venv/bin/python bench/letter_writer.py --db /tmp/national.sqlite --per-second 10 --seconds 30 --watch 443

Prints how many letters were issued and how many of them concerned the watched office (sent or received).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--per-second", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--watch", type=int, default=0, help="an office id: count the letters that concern it"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"

    from sqlalchemy import select

    from app import create_app
    from app.auth.models import User
    from app.extensions import db
    from app.memos import services
    from app.memos.models import MemoFile
    from app.org.models import PostHolding

    app = create_app()
    rng = random.Random(args.seed)
    with app.app_context():
        # Offices whose secretary user holds a post there and that have a file: they can draft and sign.
        rows = db.session.execute(
            select(User.id, User.office_id, PostHolding.post_id, MemoFile.id)
            .join(PostHolding, PostHolding.officer_id == User.officer_id)
            .join(MemoFile, MemoFile.office_id == User.office_id)
            .where(
                User.username.like("%-secretary"),
                PostHolding.end_date.is_(None),
                MemoFile.is_active.is_(True),
            )
        ).all()
        senders = {office: (user, post, memo_file) for user, office, post, memo_file in rows}
        offices = sorted(senders)
        db.session.rollback()
        issued = concerned = failed = 0
        started = time.perf_counter()
        deadline = started + args.seconds
        while time.perf_counter() < deadline:
            sender, recipient = rng.sample(offices, 2)
            user_id, post_id, file_id = senders[sender]
            try:
                user = db.session.get(User, user_id)
                memo = services.create_memo(user.office, {
                    "kind": "letter", "file_id": file_id, "subject": f"বেঞ্চমার্ক পত্র {issued + 1}",
                    "body": "উপর্যুক্ত বিষয়ে জানানো যাচ্ছে যে, ...", "signatory_post_id": post_id,
                    "recipients": [{"role": "to", "office_id": recipient}]}, by=user)  # fmt: skip
                db.session.commit()
                services.issue_memo(memo, by=user)
                db.session.commit()
                issued += 1
                concerned += args.watch in (sender, recipient)
            except Exception as error:  # noqa: BLE001  (report and go on: the bench measures the pages)
                db.session.rollback()
                failed += 1
                if failed <= 3:
                    print(f"letter not issued: {error!r}", file=sys.stderr)
            next_at = started + (issued + failed) / args.per_second
            time.sleep(max(0.0, next_at - time.perf_counter()))
        elapsed = time.perf_counter() - started
    print(f"letters issued {issued} in {elapsed:.1f} s ({issued / elapsed:.1f}/s), {failed} failed, "
          f"{concerned} concerned office {args.watch}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
