"""The records' schema: a database recognised before anything in it is changed, made
when it is empty, and upgraded when an older agentsim wrote it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, DefaultClause, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateIndex

from simulator.errors import StoreError
from simulator.records._database import Database, reason
from simulator.records._tables import REPORT_INDEXES, meta, metadata

# 2: sessions.accuracy, .ending_variant, .silences; turns.variant (format 2)
# 3: sessions.practice, .retry_of, .retry_from; turns.typed; the notes table
# 4: the cohort report's indexes (`_tables.REPORT_INDEXES`)
SCHEMA_VERSION = 4


class Schema(Database):
    """The records' database, recognised and prepared.

    A database is recognised before anything is changed in it: agentsim's own records (of
    this schema or an older one, upgraded), or an empty database, made into records. Any
    other database, such as another program's file with a `sessions` table, is refused
    untouched. `read_only` reads without changing anything (see `Database`).
    """

    def __init__(self, url: str | None = None, *, read_only: bool = False) -> None:
        super().__init__(url, read_only=read_only)
        try:
            self._prepare()
        except StoreError:
            self.engine.dispose()
            raise

    def _prepare(self) -> None:
        found = self._recognise()
        if self.read_only:
            if found is None:  # nothing recorded yet: read as empty records
                self.engine.dispose()
                self.engine = self._engine("sqlite://")
                self._create()
            elif found < SCHEMA_VERSION:  # upgrade once, if the file may be written
                Schema(self.url).close()
            return
        self._create()
        self.use_wal()

    def _recognise(self) -> int | None:
        """The schema version of our records; None for an empty database; StoreError for
        someone else's database or a newer agentsim's. Reads only."""
        try:
            tables = self._tables()
        except StoreError:
            if not self.read_only or self.file is None:
                raise
            self.read_from_a_read_only_place()
            tables = self._tables()
        if not tables:
            return None
        if meta.name not in tables:
            shown = ", ".join(sorted(tables)[:5])
            raise StoreError(f"{self.shown_url} is not an agentsim records database (it has "
                             f"other tables: {shown}): give another --db; nothing was changed")
        with self._reading() as conn:
            row = conn.execute(select(meta.c.value).where(meta.c.key == "schema")).first()
        found = int(row[0]) if row is not None else SCHEMA_VERSION
        if found > SCHEMA_VERSION:
            raise StoreError(f"the records database {self.shown_url} was written by a newer "
                             f"agentsim (schema {found}; this one reads up to "
                             f"{SCHEMA_VERSION}): upgrade agentsim")
        return found

    def _tables(self) -> set[str]:
        try:
            with self.engine.connect() as conn:
                return set(inspect(conn).get_table_names())
        except SQLAlchemyError as err:
            raise StoreError(f"cannot open the records database {self.shown_url}: "
                             f"{reason(err)}") from None

    def _create(self) -> None:
        """Make the tables that are missing, and upgrade an older schema."""
        try:
            with self.engine.begin() as conn:
                metadata.create_all(conn)
                row = conn.execute(select(meta.c.value).where(meta.c.key == "schema")).first()
                if row is None:
                    conn.execute(meta.insert().values(key="schema", value=str(SCHEMA_VERSION)))
                else:
                    _upgrade(conn, int(row[0]))
        except SQLAlchemyError as err:
            raise StoreError(f"cannot open the records database {self.shown_url}: "
                             f"{reason(err)}") from None


def _upgrade(conn: Any, found: int) -> None:
    """Give records an older agentsim wrote what this one keeps, in the caller's transaction
    (create_all has already made any new table): every column of the tables that the
    database lacks, added as it is declared, and the report's indexes; then the schema is
    marked current. Columns are compared, not version numbers, so records that any build
    left half-upgraded are completed too."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        have = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have:
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN "
                                     f"{_declared(conn, column)}")
    if found < 4:
        for index in REPORT_INDEXES["sqlite" if conn.dialect.name == "sqlite" else "postgresql"]:
            conn.execute(CreateIndex(index, if_not_exists=True))
    if found != SCHEMA_VERSION:
        conn.execute(meta.update().where(meta.c.key == "schema").values(
            value=str(SCHEMA_VERSION)))


def _declared(conn: Any, column: Column[Any]) -> str:
    """A column as ADD COLUMN declares it: its type, and NOT NULL with its default."""
    sql = f"{column.name} {column.type.compile(dialect=conn.dialect)}"
    default = column.server_default
    if isinstance(default, DefaultClause) and not isinstance(default.arg, str):
        value = default.arg.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        sql += f" NOT NULL DEFAULT {value}"
    return sql
