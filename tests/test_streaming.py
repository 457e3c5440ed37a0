"""Exports and pushes of any size read the records a page at a time and write as they go,
giving exactly what reading everything at once gave. (Their memory at 50,000 sessions is
measured in bench/bench_export.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from simulator.play import Engine
from simulator.records import (
    Store,
    XapiSettings,
    csv_pieces,
    json_pieces,
    statements,
    statements_pieces,
    stream_records,
    to_csv,
    to_json,
)
from simulator.scenario import Scenario
from simulator.scoring import score


@pytest.fixture
def store(small: Scenario) -> Iterator[Store]:
    opened = Store()
    engine = Engine(small)
    paths = [["ask-where", "send"], ["chat", "ask-where", "hang-up"], ["ask-where"]]
    for n in range(23):
        session = engine.start(seed=n, trainee=f"trainee-{n % 4}")
        for choice in paths[n % 3]:
            engine.choose(session, choice)
        if session.ending is None:
            engine.abandon(session)
        session.started_at = f"2026-11-{1 + n % 5:02d}T09:00:00.000+00:00"  # many ties
        opened.save(small, session, score(small, session))
    yield opened
    opened.close()


@pytest.mark.parametrize("page", [1, 4, 23, 500])
def test_paging_gives_every_record_once_in_order(store: Store, page: int) -> None:
    whole = store.records(with_turns=True)
    paged = list(stream_records(store, with_turns=True, page=page))
    assert [r.to_dict() for r in paged] == [r.to_dict() for r in whole]
    assert [r.id for r in stream_records(store, trainee="TRAINEE-1", page=2)] == \
        [r.id for r in store.records(trainee="trainee-1")]
    since = "2026-11-03T00:00:00.000+00:00"
    assert [r.id for r in stream_records(store, since=since, page=3)] == \
        [r.id for r in store.records(since=since)]


def test_streamed_exports_are_what_whole_ones_were(store: Store, small: Scenario) -> None:
    records = store.records(with_turns=True)
    assert "".join(json_pieces(iter(records))) == to_json(records) + "\n"
    assert "".join(json_pieces(iter([]))) == "[]\n"
    assert "".join(csv_pieces(iter(records))) == to_csv(records)
    assert "".join(csv_pieces(iter([]))) == to_csv([])
    settings = XapiSettings(key="k")
    whole = json.dumps(statements(records, lambda _id: small, settings), ensure_ascii=False,
                       indent=1) + "\n"
    assert "".join(statements_pieces(iter(records), lambda _id: small, settings)) == whole
