"""The records layer: sessions kept in SQLite or PostgreSQL, exported as CSV, JSON or xAPI,
and sent to a learning record store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_tables": ("Note", "Record"),
    "_cohort": ("Cohort", "Filters", "Attempt", "Pair", "EndingRow", "Hour", "ItemRow", "SAMPLE"),
    "_rebuild": ("scorecard_of", "session_of"),
    "_url": ("default_url", "reports_folder", "normalise_url", "check_url", "masked"),
    "_files": ("write_file",),
    "_recover": ("Recovered", "recover", "kept_files"),
    "_store": ("Store", "SCHEMA_VERSION"),
    "_export": ("to_csv", "to_json", "csv_pieces", "json_pieces"),
    "_stream": ("stream_records",),
    "_xapi": ("XapiSettings", "statements", "session_statements", "statements_json",
        "statements_pieces", "xapi_settings"),
    "_lrs": ("Lrs", "Pushed", "push", "push_sessions", "endpoint", "exposed"),
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
    "Note",
    "Pair",
    "Pushed",
    "Record",
    "Recovered",
    "Store",
    "XapiSettings",
    "check_url",
    "csv_pieces",
    "default_url",
    "endpoint",
    "exposed",
    "json_pieces",
    "kept_files",
    "masked",
    "normalise_url",
    "push",
    "push_sessions",
    "recover",
    "reports_folder",
    "scorecard_of",
    "session_of",
    "session_statements",
    "statements",
    "statements_json",
    "statements_pieces",
    "stream_records",
    "to_csv",
    "to_json",
    "write_file",
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
    from simulator.records._export import csv_pieces, json_pieces, to_csv, to_json
    from simulator.records._files import write_file
    from simulator.records._lrs import Lrs, Pushed, endpoint, exposed, push, push_sessions
    from simulator.records._rebuild import scorecard_of, session_of
    from simulator.records._recover import Recovered, kept_files, recover
    from simulator.records._store import SCHEMA_VERSION, Store
    from simulator.records._stream import stream_records
    from simulator.records._tables import Note, Record
    from simulator.records._url import check_url, default_url, masked, normalise_url, reports_folder
    from simulator.records._xapi import (
        XapiSettings,
        session_statements,
        statements,
        statements_json,
        statements_pieces,
        xapi_settings,
    )
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
