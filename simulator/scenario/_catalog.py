"""Find scenarios: the built-in ones shipped with the package, or a trainer's folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from simulator.scenario._model import Scenario

SUFFIXES = (".yaml", ".yml")


def content_dir(name: str) -> Path:
    """A content folder (`scenarios`, `reports`): inside the installed package, or the checkout."""
    here = Path(__file__).resolve().parent.parent  # the package folder
    packaged = here / name
    if packaged.is_dir():
        return packaged
    return here.parent / name


def starter(scenario_id: str) -> str:
    """The text of a playable starter scenario with this id, whose comments teach the format."""
    text = (Path(__file__).resolve().parent / "starter.yaml").read_text(encoding="utf-8")
    return text.replace("__ID__", scenario_id)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The scenario files on offer, found by id (the file name) or by path."""

    folder: Path

    @classmethod
    def builtin(cls) -> Catalog:
        return cls(content_dir("scenarios"))

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            raise UsageError(f"scenario folder '{self.folder}' does not exist")
        return sorted(p for p in self.folder.iterdir() if p.suffix in SUFFIXES and p.is_file())

    def ids(self) -> list[str]:
        return [p.stem for p in self.files()]

    def find(self, name: str) -> Path:
        """The file for a scenario id, or the path itself when `name` names a file."""
        path = Path(name)
        if path.suffix in SUFFIXES or len(path.parts) > 1:
            if not path.is_file():
                raise UsageError(f"no scenario file '{name}'")
            return path
        for candidate in self.files():
            if candidate.stem == name:
                return candidate
        ids = self.ids()
        raise UsageError(f"no scenario '{name}'{did_you_mean(name, ids)}; "
                         f"available: {', '.join(ids) or 'none'}")

    def expand(self, paths: tuple[str, ...]) -> list[Path]:
        """Files named on the command line (folders expanded); every scenario when none."""
        if not paths:
            return self.files()
        out: list[Path] = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                out.extend(sorted(p for p in path.rglob("*")
                                  if p.suffix in SUFFIXES and p.is_file()))
            else:
                out.append(self.find(name))
        return out


class Scenarios:
    """The scenarios a report may need, loaded once each by id."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._loaded: dict[str, Scenario | None] = {}

    def get(self, scenario_id: str) -> Scenario | None:
        from simulator.scenario._loader import compile_scenario

        if scenario_id not in self._loaded:
            try:
                path = self.catalog.find(scenario_id)
            except UsageError:
                self._loaded[scenario_id] = None
            else:
                self._loaded[scenario_id] = compile_scenario(path)[0]
        return self._loaded[scenario_id]
