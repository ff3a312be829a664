"""Row locks that make a count-then-insert rule atomic, on PostgreSQL and SQLite alike.

A rule like "at most N introductions a day" counts rows, then inserts one. Two requests
that count at the same moment both see N-1 and both insert. Locking one row that every
such request must lock first (the owner's user row, the programme's row) makes them
take turns, so the second counts after the first committed.
"""

from sqlalchemy import select, text

from matchmaker.core.extensions import db


def lock_row(model, row_id: int) -> None:
    """Hold the write lock on one row of `model` until the transaction ends.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks and allows one writer at a
    time; a no-op UPDATE makes this transaction that writer now, before the count, so
    the other requests wait for its commit (the driver's busy timeout) and count after.
    """
    table = model.__table__
    dialect = db.session.get_bind().dialect
    if dialect.name == "sqlite":
        # Plain SQL: an update() would also set the table's `onupdate` columns.
        name = dialect.identifier_preparer.format_table(table)
        no_op = text(f"UPDATE {name} SET id = id WHERE id = :id")  # noqa: S608  # our table, id bound  # nosec B608
        db.session.execute(no_op, {"id": row_id})
    else:
        db.session.execute(select(table.c.id).where(table.c.id == row_id).with_for_update())
