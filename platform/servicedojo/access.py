"""Who may use each route — the one place that says so.

Every endpoint of the app must appear here; a route missing from this table answers 403
and ``tests/integration/test_access_matrix.py`` fails until it is declared.
"""

from __future__ import annotations

from servicedojo.accounts.domain import Access

PUBLIC = Access.PUBLIC
SIGNED_IN = Access.SIGNED_IN
TRAINER = Access.TRAINER
ADMIN = Access.ADMIN

ROUTE_ACCESS: dict[str, Access] = {
    # core
    "static": PUBLIC,
    "core.index": PUBLIC,
    "core.healthz": PUBLIC,
    "core.about": PUBLIC,
    # accounts
    "accounts.register": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": SIGNED_IN,
    "accounts.users": ADMIN,
    "accounts.change_role": ADMIN,
    "accounts.cohorts": SIGNED_IN,
    "accounts.create_cohort": TRAINER,
    "accounts.join_cohort": SIGNED_IN,
    "accounts.cohort": TRAINER,
    # desk (shifts are checked against the signed-in user by the service)
    "desk.index": PUBLIC,
    "desk.start": SIGNED_IN,
    "desk.preview": TRAINER,
    "desk.shift": SIGNED_IN,
    "desk.act": SIGNED_IN,
    "desk.report": SIGNED_IN,
    "desk.export": SIGNED_IN,
    # lessons (lessons, glossary and search are open to visitors; progress needs an account)
    "lessons.index": PUBLIC,
    "lessons.lesson": PUBLIC,
    "lessons.complete": SIGNED_IN,
    "lessons.glossary": PUBLIC,
    "lessons.search": PUBLIC,
    "lessons.coverage": TRAINER,
    # maturity (participation and ownership are checked by the service)
    "maturity.index": SIGNED_IN,
    "maturity.new": SIGNED_IN,
    "maturity.join_code": SIGNED_IN,
    "maturity.invite": SIGNED_IN,
    "maturity.accept": SIGNED_IN,
    "maturity.assessment": SIGNED_IN,
    "maturity.answer": SIGNED_IN,
    "maturity.save_answers": SIGNED_IN,
    "maturity.save_answer": SIGNED_IN,
    "maturity.save_comment": SIGNED_IN,
    "maturity.targets": SIGNED_IN,
    "maturity.close": SIGNED_IN,
    "maturity.results": SIGNED_IN,
    "maturity.report": SIGNED_IN,
    "maturity.export_csv": SIGNED_IN,
    "maturity.export_json": SIGNED_IN,
    # bank (attempts, cards and drafts are checked against the signed-in user by the service)
    "bank.practice": SIGNED_IN,
    "bank.practice_question": SIGNED_IN,
    "bank.practice_answer": SIGNED_IN,
    "bank.exam": SIGNED_IN,
    "bank.exam_start": SIGNED_IN,
    "bank.exam_attempt": SIGNED_IN,
    "bank.exam_question": SIGNED_IN,
    "bank.exam_answer": SIGNED_IN,
    "bank.exam_flag": SIGNED_IN,
    "bank.exam_finish": SIGNED_IN,
    "bank.exam_submit": SIGNED_IN,
    "bank.exam_result": SIGNED_IN,
    "bank.review": SIGNED_IN,
    "bank.review_answer": SIGNED_IN,
    "bank.review_rate": SIGNED_IN,
    "bank.readiness": SIGNED_IN,
    "bank.import_upload": TRAINER,
    "bank.import_confirm": TRAINER,
    "bank.export": TRAINER,
}
