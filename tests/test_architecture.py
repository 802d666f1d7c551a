"""The layer rules a newcomer can rely on, checked on the real import graph (grimp, which
import-linter uses). import-linter's contracts in pyproject.toml state the layers; this adds
what a contract cannot say: no cycle anywhere among Praxis's own modules, and no hidden
function-local import of a Praxis module."""

import ast
from pathlib import Path

import grimp
import pytest

PRAXIS = Path(__file__).resolve().parent.parent / "praxis"


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("praxis")


def _production(module: str) -> bool:
    return ".tests" not in module and ".migrations" not in module


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_among_praxis_modules(graph):
    modules = {m for m in graph.modules if _production(m)}
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}
    assert _cycles(edges) == []


def test_no_import_cycle_between_apps(graph):
    """Apps, not just modules: `development` and `journal` importing each other is a cycle too."""

    def app(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if not _production(module):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if _production(imported) and app(imported) != app(module):
                edges.setdefault(app(module), set()).add(app(imported))
                edges.setdefault(app(imported), set())
    assert _cycles(edges) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _local_praxis_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        # AppConfig.ready() is where Django asks apps to register checks and signal handlers late
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not (
            path.name == "apps.py" and node.name == "ready"
        ):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.ImportFrom)
                    and (inner.level > 0 or (inner.module or "").startswith("praxis"))
                    or isinstance(inner, ast.Import)
                    and any(a.name.startswith("praxis") for a in inner.names)
                ):
                    found.append(f"{path.relative_to(PRAXIS.parent)}:{inner.lineno}")
    return found


def test_no_hidden_function_local_imports_of_praxis_modules():
    """A dependency belongs at the top of the module, where a reader sees it. Tests, migrations
    and AppConfig.ready() are the only places allowed to import late."""
    found = []
    for path in sorted(PRAXIS.rglob("*.py")):
        parts = set(path.relative_to(PRAXIS).parts)
        if parts & {"tests", "migrations"} or path.name in {"manage.py", "conftest.py"}:
            continue
        found += _local_praxis_imports(path)
    assert found == []
