"""The upcaster chain: a document is lifted one version at a time to the current one.

A future version adds one entry to `STEPS` (from-version → Step) and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.portability.draft_0_9 import upcast_0_9_0
from domain.portability.envelope import hoist_data
from domain.portability.paths import origin
from domain.portability.versions import check_version, find_version, major_of

StepResult = tuple[dict[str, Any], list[str], dict[str, str]]


@dataclass(frozen=True, slots=True)
class Step:
    target: str
    # (document) -> (upcast document, warnings, {path in output: path in input})
    apply: Callable[[dict[str, Any]], StepResult]


STEPS: dict[str, Step] = {"0.9.0": Step("1.0.0", upcast_0_9_0)}


@dataclass(frozen=True, slots=True)
class Upcast:
    document: dict[str, Any]
    version_found: str
    warnings: list[str]
    trail: tuple[dict[str, str], ...]

    def origin(self, path: str) -> str:
        """The path, in the document as received, of what is at `path` now."""
        return origin(path, self.trail)


def upcast_traced(document: dict[str, Any]) -> Upcast:
    """Check the version, then upcast step by step; remembers where every part came from."""
    found = find_version(document)
    warnings = check_version(found)
    trail: list[dict[str, str]] = []
    if major_of(found) >= 1:
        document, notes, moves = hoist_data(document)
        warnings += notes
        trail.append(moves)
    version = found
    while version in STEPS:
        step = STEPS[version]
        document, notes, moves = step.apply(document)
        warnings += notes
        trail.append(moves)
        version = step.target
    return Upcast(document, found, warnings, tuple(trail))


def upcast(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document as the current version, and the warnings met on the way."""
    result = upcast_traced(document)
    return result.document, result.warnings
