"""The rule engine is plain Python: no module in moderation/checks imports Django (STYLE.md §1)."""
import ast
from pathlib import Path

import pytest

CHECKS = Path(__file__).resolve().parents[2] / "moderation" / "checks"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CHECKS.glob("*.py")), ids=lambda p: p.name)
def test_checks_module_does_not_import_django(path):
    assert not {m for m in imported_modules(path) if m == "django" or m.startswith("django.")}
