"""History (django-simple-history) misses QuerySet.update() and bulk writes, so the application
code must not use them on audited models. This test reads the code and names each offence."""

import ast
from pathlib import Path

from simple_history.models import registered_models

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "alliance",
    "municipalities",
    "actionplans",
    "networks",
    "governance",
    "fundraising",
    "reports",
]
BULK_WRITES = {"update", "bulk_create", "bulk_update"}
# Demo and benchmark data are invented and their history has no value; they may write in bulk
# for speed.
ALLOWED_FILES = {"demo.py", "seed_bench.py"}


def audited_model_names() -> set[str]:
    return {model.__name__ for model in registered_models.values()}


def bulk_writes_on(names: set[str], tree: ast.AST) -> list[tuple[int, str]]:
    """Calls like Name.objects....update(...) or Name.objects.bulk_create(...)."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in BULK_WRITES:
            continue
        target = node.func.value
        while isinstance(target, ast.Call | ast.Attribute):
            target = target.func if isinstance(target, ast.Call) else target.value
        if isinstance(target, ast.Name) and target.id in names:
            found.append((node.lineno, f"{target.id}...{node.func.attr}()"))
    return found


def test_audited_models_exist():
    assert {"Coordinator", "Membership", "Meeting", "Plan", "Initiative"} <= audited_model_names()


def test_no_bulk_writes_on_audited_models():
    names = audited_model_names()
    offences = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name in ALLOWED_FILES:
                continue
            for line, call in bulk_writes_on(names, ast.parse(path.read_text())):
                offences.append(f"{path.relative_to(ROOT)}:{line}: {call}")
    assert not offences, "history would miss these writes:\n" + "\n".join(offences)


def test_the_guard_sees_an_offence():
    tree = ast.parse("Initiative.objects.filter(pk=1).update(status='done')")
    assert bulk_writes_on({"Initiative"}, tree) == [(1, "Initiative...update()")]
