# Not squashed, on purpose: these triggers are SQL chosen per database vendor inside RunPython.
# A squash could not elide them and would have to carry them as hand-copied code, leaving two
# places that create the audit log's tamper guard to keep in step. The only thing left to fold
# is 0003's change of choices, which touches no table: not worth that risk.
"""Database triggers that refuse any UPDATE or DELETE of an audit event.

The ORM already refuses; the triggers stop raw SQL and other clients too, on both
SQLite and PostgreSQL. Tampering then needs the triggers dropped first, which the hash
chain still exposes.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_SQLITE_CREATE = [
    """CREATE TRIGGER audit_event_refuse_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER audit_event_refuse_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_refuse_update",
    "DROP TRIGGER IF EXISTS audit_event_refuse_delete",
]
_POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_refuse_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    """CREATE TRIGGER audit_event_refuse_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_refuse_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_refuse_change ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
]


def _run(statements_by_vendor: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRES_CREATE}),
            _run({"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}),
        )
    ]
