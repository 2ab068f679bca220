"""Reports is the top layer: it reads every app, and no app imports it (the municipality page
gets the round's panel through municipalities.panels)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BELOW = ["alliance", "municipalities", "actionplans", "networks", "governance", "fundraising"]


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_app_below_imports_reports():
    offenders = [
        str(path.relative_to(ROOT))
        for app in BELOW
        for path in (ROOT / app).rglob("*.py")
        if "reports" in imports_of(path)
    ]
    assert not offenders
