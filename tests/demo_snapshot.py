"""The demo, loaded once per test session and copied into each test that asks for it.

`load_demo` costs seconds (five years of progress, with history); copying its rows costs a fraction
of that. The first test that asks for a variant of the demo runs `load_demo` in its own, empty
database and keeps every table's rows in memory; later tests replace the contents of every table
with those rows, inside their own transaction (rolled back afterwards) or, for a live server,
committed (flushed afterwards), as zulip clones a template database per test.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


_SNAPSHOTS: dict[tuple[bool, bool], tuple[Table, ...]] = {}


def _table_names() -> list[str]:
    # Every model's table (history and many-to-many ones included); django_migrations is not a model.
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def read_tables() -> tuple[Table, ...]:
    """Every table's rows, ordered by their primary key, as the database returns them."""
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for name in _table_names():
            # By the primary key (a history table's first column is the object's id, not unique).
            key = connection.introspection.get_primary_key_column(cursor, name)
            cursor.execute(f"SELECT * FROM {quote(name)} ORDER BY {quote(key) if key else 1}")
            columns = tuple(c[0] for c in cursor.description)
            tables.append(Table(name, columns, tuple(tuple(row) for row in cursor.fetchall())))
    return tuple(tables)


def checksum(tables: tuple[Table, ...]) -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a digest of their contents."""
    return {t.name: (len(t.rows), hashlib.sha256(repr(t.rows).encode()).hexdigest()) for t in tables}


def copy_into_database(tables: tuple[Table, ...]) -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django creates them deferrable), so order is free.
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table.name)}")
        for table in tables:
            if table.rows:
                cols = ", ".join(quote(c) for c in table.columns)
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(f"INSERT INTO {quote(table.name)} ({cols}) VALUES ({marks})", table.rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()  # the copied content types may have other ids than the cached ones


def install_demo(*, with_progress: bool, city: bool = False) -> None:
    """Put the demo in the current (empty) test database: by `load_demo` the first time in a session,
    by copying the rows it wrote every later time. ``city``: `load_demo --city` (two districts)."""
    key = (with_progress, city)
    if key not in _SNAPSHOTS:
        if city and (with_progress, False) in _SNAPSHOTS:
            # `load_demo` is idempotent: on the 宝山 demo already kept, `--city` writes only the city.
            copy_into_database(_SNAPSHOTS[with_progress, False])
        args = ([] if with_progress else ["--without-progress"]) + (["--city"] if city else [])
        call_command("load_demo", *args, stdout=io.StringIO())
        _SNAPSHOTS[key] = read_tables()
    else:
        copy_into_database(_SNAPSHOTS[key])


def snapshot(*, with_progress: bool, city: bool = False) -> tuple[Table, ...]:
    """The rows kept for a variant of the demo (after `install_demo` has run once for it)."""
    return _SNAPSHOTS[with_progress, city]
