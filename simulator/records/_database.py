"""The records database as a connection: SQLite by default, PostgreSQL by URL.

SQLite runs in WAL mode with a busy timeout and immediate write transactions, so several
trainees' processes can share one file. A SQLite file is named by its absolute path: a
relative `sqlite:///records.db` is taken from the current folder, once, and shown whole.
"""

from __future__ import annotations

import secrets
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import SingletonThreadPool

from simulator.errors import StoreError
from simulator.records._tables import meta
from simulator.records._url import default_url, masked, normalise_url

BUSY_TIMEOUT_MS = 10_000


class Database:
    """A connection to the records database: SQLite or PostgreSQL, its URL shown without a
    password, its errors turned into StoreError.

    `read_only` opens a SQLite file for reading only: a file nobody may write (or on a
    read-only disk) can still be read, and reading never changes it. A file that does not
    exist yet reads as empty records, and is not made.
    """

    def __init__(self, url: str | None = None, *, read_only: bool = False) -> None:
        self.url = normalise_url(url or default_url())
        self.read_only = read_only
        try:
            parsed = make_url(self.url)
        except (ArgumentError, ValueError):
            raise StoreError(f"'{masked(self.url)}' is not a database URL (try sqlite:///FILE "
                             "or postgresql+psycopg://USER@HOST/DB)") from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.file = (Path(parsed.database) if self.is_sqlite and parsed.database
                     and parsed.database != ":memory:"
                     and not parsed.database.startswith("file:") else None)
        if self.file is not None and not read_only:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot make the folder of {self.file}: "
                                 f"{err.strerror}") from None
        self.engine = self._engine(self._reading_url() if read_only else self.url)

    def _engine(self, url: str) -> Engine:
        try:
            if url == "sqlite://":  # empty records in memory, one database for every thread
                shared = f"file:agentsim-{uuid.uuid4().hex}?mode=memory&cache=shared&uri=true"
                engine = create_engine(f"sqlite:///{shared}", poolclass=SingletonThreadPool,
                                       connect_args={"check_same_thread": False})
            else:
                engine = create_engine(url)
        except (ArgumentError, ImportError, ValueError) as err:
            raise StoreError(f"cannot use database '{self.shown_url}': "
                             f"{masked(str(err))}") from None
        if self.is_sqlite:
            _tune_sqlite(engine, writing=not self.read_only)
        return engine

    def _reading_url(self, immutable: bool = False) -> str:
        """A SQLite file opened read-only (in memory, empty, when it does not exist)."""
        if self.file is None:
            return self.url
        if not self.file.exists():
            return "sqlite://"
        flags = "immutable=1" if immutable else "mode=ro"
        return f"sqlite:///file:{urllib.parse.quote(str(self.file))}?{flags}&uri=true"

    def read_from_a_read_only_place(self) -> None:
        """Read a file in a folder that cannot be written (a read-only disk, where SQLite
        cannot make its shared-memory file): as unchanging."""
        self.engine.dispose()
        self.engine = self._engine(self._reading_url(immutable=True))

    @property
    def shown_url(self) -> str:
        """The URL with any password hidden; a SQLite file's path is absolute."""
        return masked(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def use_wal(self) -> None:
        """Put a SQLite file in WAL mode (it stays so): readers never wait for a writer.

        Done once the file is known to be agentsim's records, never to a foreign file.
        """
        if self.file is None or self.read_only:
            return
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA journal_mode = WAL")
        except SQLAlchemyError as err:
            raise StoreError(f"cannot use {self.shown_url}: {reason(err)}") from None
        except Exception as err:  # the driver's own errors, before SQLAlchemy wraps them
            raise StoreError(f"cannot use {self.shown_url}: {err}") from None
        finally:
            raw.close()

    def secret(self, name: str) -> str:
        """A random secret kept in the database, made on first use and the same ever after.

        Every trainee's computer that shares the database gets the same one.
        """
        key = f"secret:{name}"
        query = select(meta.c.value).where(meta.c.key == key)
        try:
            with self.engine.begin() as conn:
                row = conn.execute(query).first()
                if row is not None:
                    return str(row[0])
                value = secrets.token_hex(32)
                conn.execute(meta.insert().values(key=key, value=value))
                return value
        except IntegrityError:  # another process made it first
            with self._reading() as conn:
                return str(conn.execute(query).scalar_one())
        except SQLAlchemyError as err:
            raise StoreError(f"cannot use {self.shown_url}: {reason(err)}") from None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for reading; any database error while it is used (a corrupt page,
        a lost server) becomes a StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise StoreError(f"cannot read {self.shown_url}: {reason(err)}") from None


def _tune_sqlite(engine: Engine, *, writing: bool) -> None:
    """A busy timeout and, for writing, BEGIN IMMEDIATE: concurrent writers wait, never
    fail. (WAL is set once the file is known to be ours: `Database.use_wal`.)"""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we open transactions ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def reason(err: SQLAlchemyError) -> str:
    original = getattr(err, "orig", None)
    return str(original or err).strip().splitlines()[0]
