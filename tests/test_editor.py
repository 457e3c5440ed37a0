"""The schema in a real editor engine: yaml-language-server (what VS Code's YAML extension,
Neovim, Helix and others run) reads the starter's first line, shows the description of every
key of the format on hover, and names a bad duration for what it is."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.errors import Location
from simulator.scenario import Map, Seq, parse, scenario_schema, starter
from tests.test_schema import properties

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
MODELINE = "# yaml-language-server: $schema=./agentsim-scenario.schema.json\n"


def _server() -> Path:
    tools = os.environ.get("AGENTSIM_NPM_TOOLS", "")
    found = Path(tools) / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not tools or not found.exists() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("CI installs yaml-language-server into AGENTSIM_NPM_TOOLS")
        pytest.skip("yaml-language-server is not installed (AGENTSIM_NPM_TOOLS)")
    return found


class Editor:
    """A minimal LSP client: one document open in yaml-language-server over stdio."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(["node", str(_server()), "--stdio"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": folder.as_uri(),
                                    "capabilities": {"textDocument": {"hover": {
                                        "contentFormat": ["markdown", "plaintext"]}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
            "validate": True, "hover": True, "completion": True}}})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = next(int(line.split(":")[1]) for line in header.decode().split("\r\n")
                          if line.lower().startswith("content-length"))
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, body: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **body}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=60)
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            if "id" in message and "method" in message:  # the server asks: answer plainly
                items = message.get("params", {}).get("items", [])
                self._send({"id": message["id"], "result": [{}] * len(items) or None})

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next non-empty diagnostics published for `uri`."""
        while True:
            message = self.messages.get(timeout=60)
            params = message.get("params", {})
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and params.get("uri") == uri and params["diagnostics"]):
                return list(params["diagnostics"])

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def open_document(editor: Editor, folder: Path, name: str, text: str) -> str:
    """Write a scenario file beside the schema as `agentsim schema > ...` writes it, and
    open it in the editor; its URI."""
    schema = folder / "agentsim-scenario.schema.json"
    if not schema.exists():
        schema.write_text(CliRunner().invoke(main, ["schema"]).stdout, encoding="utf-8")
    target = folder / name
    target.write_text(text, encoding="utf-8")
    uri = target.as_uri()
    editor.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    return uri


# Keys the example does not use, in a file of the format's shape (not a playable call).
EVERY_OTHER_KEY = MODELINE + """\
format: 2
shuffle: false
meters:
  m:
    start: 1
    min: 0
    shown: false
    pace:
      - {in: [s], unless: [f], when: {m: {below: 1}}, per_minute: 0}
      - {when: {m: {above: 1}}, per_minute: 0}
      - {when: {m: {at_most: 1}}, per_minute: 0}
    ends: [{below: 0, ending: e}, {above: 0, ending: e}, {at_most: 0, ending: e}]
states:
  s:
    variants:
      - {requires: [f], unless: [g], when: {m: {below: 1}}, narration: x}
      - {when: {m: {above: 1}}, customer: x}
      - {when: {m: {at_most: 1}}, customer: x}
    silence: {after: 5, narration: x, next: e}
    choices:
      - id: c
        text: x
        next:
          - {requires: [f], unless: [g], when: {m: {below: 1}}, to: e}
          - {when: {m: {above: 1}}, to: e}
          - {when: {m: {at_most: 1}}, to: e}
          - {to: e}
        takes: 5
        requires: [f]
        unless: [g]
        when: {m: {below: 1}}
        clear: [f]
        change: {m: 1}
      - {id: d, text: x, next: e, when: {m: {above: 1}}}
      - {id: d2, text: x, next: e, when: {m: {at_most: 1}}}
endings:
  e:
    outcome: safe
    success: true
    text: x
    variants:
      - {requires: [f], unless: [g], after: [c], when: {m: {below: 1}}, text: x}
      - {when: {m: {above: 1}}, text: x}
      - {when: {m: {at_most: 1}}, text: x}
scoring:
  weights: {empathy: 1, speed: 1, escalation: 1, accuracy: 1}
  pass_mark: 70
  escalations: {order: [[a, b]]}
  critical_errors:
    x: {label: x, missing: [a]}
"""


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    running = Editor(tmp_path)
    yield running
    running.close()


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _branches(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, root)
    return [schema, *(_resolve(s, root) for s in schema.get("oneOf", []))]


def keys_and_descriptions(node: Any, schema: dict[str, Any], root: dict[str, Any]
                          ) -> Iterator[tuple[Location, str | None]]:
    """Every key of a document with the description the schema gives it (None for ids a
    file chooses, such as a state's, and language codes)."""
    if isinstance(node, Map):
        for key, value in node.items():
            child: dict[str, Any] = {}
            for branch in _branches(schema, root):
                if key in branch.get("properties", {}):
                    child = branch["properties"][key]
                    break
            else:
                for branch in _branches(schema, root):
                    if isinstance(branch.get("additionalProperties"), dict):
                        child = branch["additionalProperties"]
                        break
            yield node.key_locs[key], child.get("description")
            yield from keys_and_descriptions(value, child, root)
    elif isinstance(node, Seq):
        items: dict[str, Any] = next(
            (b["items"] for b in _branches(schema, root) if "items" in b), {})
        for item in node:
            yield from keys_and_descriptions(item, items, root)


def test_every_key_of_the_format_shows_its_description_on_hover(editor: Editor,
                                                                 tmp_path: Path) -> None:
    """The example that uses every format-2 feature, and a file with the keys it does not
    use, under the starter's first line: hovering each key shows its sentence from
    meanings.yaml, and together they show every description the schema has."""
    example = (ROOT / "docs" / "examples" / "sim-swap.yaml").read_text(encoding="utf-8")
    schema = scenario_schema()
    shown_descriptions = set()
    for name, text in (("sim-swap.yaml", MODELINE + example), ("other.yaml", EVERY_OTHER_KEY)):
        uri = open_document(editor, tmp_path, name, text)
        document, _problems = parse(text.encode(), name)
        for loc, description in keys_and_descriptions(document, schema, schema):
            if description is None:
                continue
            found = editor.request("textDocument/hover", {
                "textDocument": {"uri": uri},
                "position": {"line": loc.line - 1, "character": loc.col}})
            assert found is not None, loc
            shown = found["contents"]["value"].replace("\\", "")  # Markdown escapes: \{
            assert description in shown, (loc, shown)
            shown_descriptions.add(description)
    every = {value["description"] for _where, value in properties(schema)}
    assert every - shown_descriptions == set()


def test_a_bad_duration_is_named_as_one_in_the_editor(editor: Editor, tmp_path: Path) -> None:
    text = starter("exam-night")
    assert text.startswith(MODELINE)
    lines = text.split("\n")
    after = next(i for i, text in enumerate(lines) if text.strip().startswith("next: "))
    line = after + 1  # a `takes` of the first reply, as a trainer would type it
    lines.insert(line, lines[after].split("next:")[0] + "takes: fast")
    uri = open_document(editor, tmp_path, "exam-night.yaml", "\n".join(lines))
    [found] = editor.diagnostics(uri)
    assert found["range"]["start"]["line"] == line
    assert found["message"].startswith("String does not match the pattern of ")
    assert "Expected integer" not in found["message"]
