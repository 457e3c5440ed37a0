"""Short values the reports keep between runs (the floor of each scenario): in the records
when they may be written, else in this user's cache folder."""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from simulator.errors import AgentsimError
from simulator.records._database import Database
from simulator.records._tables import meta


class ReportValues(Database):
    """`kept` and `keep`: what the reports keep, a key and a short value."""

    def kept(self, key: str) -> str | None:
        """A short value the reports keep (`keep`), or None: from the records, else from
        this user's cache (where a read-only opening keeps it)."""
        query = select(meta.c.value).where(meta.c.key == f"report:{key}")
        try:
            with self._reading() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError:
            row = None
        if row is not None:
            return str(row[0])
        try:
            return _cached(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def keep(self, key: str, value: str) -> None:
        """Keep a short value (at most 200 characters, its key at most 57) for later reports:
        in the records, shared by everyone who reads them; when they are opened read-only
        (reading commands change nothing in them), in this user's cache folder. Nothing if
        neither can be written."""
        value = value[:200]
        if self.read_only and self.is_sqlite:
            from simulator.records._files import write_file

            path = _cached(key)
            with suppress(AgentsimError, OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                write_file(path, value)
            return
        name = f"report:{key}"
        try:
            with self.engine.begin() as conn:
                conn.execute(meta.delete().where(meta.c.key == name))
                conn.execute(meta.insert().values(key=name, value=value))
        except SQLAlchemyError:
            pass


def _cached(key: str) -> Path:
    """Where this user's cache keeps a report value (`AGENTSIM_CACHE`, or the platform's
    cache folder): a file named by a hash of the key."""
    import platformdirs

    folder = os.environ.get("AGENTSIM_CACHE") or platformdirs.user_cache_dir(
        "agentsim", appauthor=False)
    return Path(folder) / "report" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.txt"
