"""The records layer: sessions kept in SQLite or PostgreSQL, exported as CSV, JSON or xAPI,
and sent to a learning record store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_tables": ("Record",),
    "_cohort": ("Cohort", "Filters", "Attempt", "Pair", "EndingRow", "Hour", "ItemRow", "SAMPLE"),
    "_database": ("default_url", "reports_folder", "normalise_url"),
    "_store": ("Store", "SCHEMA_VERSION"),
    "_export": ("to_csv", "to_json"),
    "_xapi": ("XapiSettings", "statements", "session_statements", "statements_json",
              "xapi_settings"),
    "_lrs": ("Lrs", "Pushed", "push", "push_sessions", "endpoint"),
}
__all__ = [
    "SAMPLE",
    "SCHEMA_VERSION",
    "Attempt",
    "Cohort",
    "EndingRow",
    "Filters",
    "Hour",
    "ItemRow",
    "Lrs",
    "Pair",
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
    "session_statements",
    "statements",
    "statements_json",
    "to_csv",
    "to_json",
    "xapi_settings",
]

if TYPE_CHECKING:
    from simulator.records._cohort import (
        SAMPLE,
        Attempt,
        Cohort,
        EndingRow,
        Filters,
        Hour,
        ItemRow,
        Pair,
    )
    from simulator.records._database import default_url, normalise_url, reports_folder
    from simulator.records._export import to_csv, to_json
    from simulator.records._lrs import Lrs, Pushed, endpoint, push, push_sessions
    from simulator.records._store import SCHEMA_VERSION, Store
    from simulator.records._tables import Record
    from simulator.records._xapi import (
        XapiSettings,
        session_statements,
        statements,
        statements_json,
        xapi_settings,
    )
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
