"""The domain imports the standard library and itself, nothing else (backs import-linter)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
ALLOWED = set(sys.stdlib_module_names) | {"domain"}


def imported_top_levels(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside the package, so it is `domain` itself.
            names.add("domain" if node.level else node.module.split(".")[0])
    return names


FILES = sorted(DOMAIN.rglob("*.py"))


def test_the_scan_sees_the_domain() -> None:
    assert DOMAIN / "access.py" in FILES and DOMAIN / "ports" / "__init__.py" in FILES
    assert "dataclasses" in imported_top_levels(DOMAIN / "collections.py")


def test_the_check_catches_a_third_party_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom msgspec import Struct\nif True:\n    import litestar.app\n")
    assert imported_top_levels(bad) - ALLOWED == {"msgspec", "litestar"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_imports_only_stdlib_and_domain(path: Path) -> None:
    assert imported_top_levels(path) - ALLOWED == set()
