"""The records layer: sessions kept in SQLite or PostgreSQL, exported as CSV, JSON or xAPI,
and sent to a learning record store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_tables": ("Note", "Record"),
    "_rebuild": ("scorecard_of", "session_of"),
    "_database": ("default_url", "reports_folder", "normalise_url"),
    "_store": ("Store", "SCHEMA_VERSION"),
    "_export": ("to_csv", "to_json"),
    "_xapi": ("XapiSettings", "statements", "session_statements", "statements_json",
              "xapi_settings"),
    "_lrs": ("Lrs", "Pushed", "push", "push_sessions", "endpoint"),
}
__all__ = [
    "SCHEMA_VERSION",
    "Lrs",
    "Note",
    "Pushed",
    "Record",
    "Store",
    "XapiSettings",
    "default_url",
    "endpoint",
    "normalise_url",
    "push",
    "push_sessions",
    "reports_folder",
    "scorecard_of",
    "session_of",
    "session_statements",
    "statements",
    "statements_json",
    "to_csv",
    "to_json",
    "xapi_settings",
]

if TYPE_CHECKING:
    from simulator.records._database import default_url, normalise_url, reports_folder
    from simulator.records._export import to_csv, to_json
    from simulator.records._lrs import Lrs, Pushed, endpoint, push, push_sessions
    from simulator.records._rebuild import scorecard_of, session_of
    from simulator.records._store import SCHEMA_VERSION, Store
    from simulator.records._tables import Note, Record
    from simulator.records._xapi import (
        XapiSettings,
        session_statements,
        statements,
        statements_json,
        xapi_settings,
    )
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
