"""Lazy exports: a package names its surface, and each name's module loads on first use.

So `agentsim --help` and a trainee's first prompt load only the modules they need, while
`from simulator.records import Store` still reads as one flat surface.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from importlib import import_module
from typing import Any


def exports(package: str, modules: Mapping[str, Collection[str]],
            public: Collection[str]) -> Callable[[str], Any]:
    """A module `__getattr__` giving each name from its module (`{"_model": ("Scenario",)}`).

    `public` is the package's `__all__`, written out for type checkers: it must name the
    same names.
    """
    where = {name: module for module, names in modules.items() for name in names}
    if set(where) != set(public):
        raise ImportError(f"{package}: __all__ and the exported names differ: "
                          f"{sorted(set(where) ^ set(public))}")

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
