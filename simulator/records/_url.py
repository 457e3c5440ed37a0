"""Where the records are: the database URL, checked and shown without its password, and
the folders beside it. No SQLAlchemy here: `play` checks the URL before the call, and the
first prompt must not wait for SQLAlchemy to load.

A SQLite file is named by its absolute path: a relative `sqlite:///records.db` is taken
from the current folder, once, and shown whole.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from simulator.errors import UsageError

ENV_VAR = "AGENTSIM_DB"


def default_url() -> str:
    """`AGENTSIM_DB`, else a SQLite file in the user's data folder."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return configured
    return f"sqlite:///{data_folder() / 'agentsim.db'}"


def data_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("agentsim", appauthor=False))


def reports_folder(url: str | None = None) -> Path:
    """Where `play` writes each session's report.

    `AGENTSIM_REPORTS`, else `agentsim-reports` beside a SQLite records file, else
    `reports` in the data folder. Never a folder named `reports` beside a records file:
    in a checkout of agentsim that is the package's own templates, which a wheel bundles.
    """
    configured = os.environ.get("AGENTSIM_REPORTS")
    if configured:
        return Path(configured)
    database = _sqlite_database(normalise_url(url or default_url()))
    if database not in (None, "", ":memory:"):
        folder = Path(str(database)).parent
        if folder.resolve() != data_folder().resolve():
            return folder / "agentsim-reports"
    return data_folder() / "reports"


def normalise_url(url: str) -> str:
    """Accept a URL or a plain file path (taken as a SQLite file); a SQLite file given
    relative to the current folder is made absolute, so every message names it whole."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, _, rest = url.partition(":///")
    if scheme.split("+")[0] == "sqlite" and rest and not rest.startswith(("/", ":memory:",
                                                                            "file:")):
        file, mark, query = rest.partition("?")
        return f"{scheme}:///{Path(file).expanduser().resolve()}{mark}{query}"
    return url


# A password in a URL: `user:password@` or a query parameter such as `?password=`.
_USER_PASSWORD = re.compile(r"(://[^/@:?#]*):[^@/?#]*@")
_QUERY_SECRET = re.compile(r"([?&][^=&#]*(?:pass|pwd|secret|token)[^=&#]*=)[^&#]*",
                           re.IGNORECASE)


def masked(url: str) -> str:
    """A database URL as it may be shown: any password replaced by ***."""
    return _QUERY_SECRET.sub(r"\1***", _USER_PASSWORD.sub(r"\1:***@", url))


def check_url(url: str | None) -> str:
    """The records URL a call will be recorded to, checked before the call starts: it
    parses, names a usable driver, keeps records beyond the process (not `sqlite://`), and
    a SQLite file's folder exists or can be made, and can be written.

    A SQLite URL is checked without SQLAlchemy, which loads only after the call: the first
    prompt comes as soon as before.
    """
    full = normalise_url(url or default_url())
    database = _sqlite_database(full)
    if database is None:
        _check_with_sqlalchemy(full)
        return full
    if database in ("", ":memory:"):
        raise UsageError("--db sqlite:// keeps the records in memory, and they would be lost "
                         "when the call ends: give a file (sqlite:///FILE), or --no-save")
    file = Path(database)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot record to {file}: its folder cannot be made "
                         f"({err.strerror})") from None
    writable = os.access(file, os.W_OK) if file.exists() else os.access(file.parent, os.W_OK)
    if not writable:
        raise UsageError(f"cannot record to {file}: it cannot be written (permission "
                         "denied)")
    return full


def _sqlite_database(url: str) -> str | None:
    """The database part of a SQLite URL ("" for `sqlite://`), None for another kind."""
    scheme, found, rest = url.partition("://")
    if not found or scheme.split("+")[0] != "sqlite":
        return None
    return rest.removeprefix("/").partition("?")[0]


def _check_with_sqlalchemy(full: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        engine = create_engine(make_url(full))
    except ValueError as err:
        why = "its port is not a number" if "int()" in str(err) else masked(str(err))
        raise UsageError(f"cannot record to '{masked(full)}': {why}") from None
    except (ArgumentError, ImportError) as err:
        raise UsageError(f"cannot record to '{masked(full)}': {masked(str(err))} (try "
                         "sqlite:///FILE or postgresql+psycopg://USER@HOST/DB)") from None
    engine.dispose()
