"""The layers of DESIGN §8, checked on the source: faces → commands → core, with read /
write / store apart. The import graph is built from every `import` in toolkit/ and
validators/ (imports inside functions included, `if TYPE_CHECKING:` blocks excluded)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"thidua.validators": ROOT / "validators", "thidua": ROOT / "toolkit"}
FACE_ONLY = {"click": {"thidua.cli"}, "xlwings": {"thidua.xl"}}
NOT_IN_CORE = ("click", "xlwings", "openpyxl", "xlsxwriter", "docx", "pypdf", "thidua.read",
               "thidua.write",
               "thidua.store", "thidua.validators", "thidua.commands", "thidua.cli",
               "thidua.xl", "thidua.collect", "thidua.report")


def _module_name(path: Path) -> str:
    for name, folder in PACKAGES.items():
        if folder in path.parents:
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([name, *parts])
    raise AssertionError(path)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for folder in PACKAGES.values() for p in folder.rglob("*.py")}


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Every module `module` imports: resolved to a module of ours where it is one (a name
    imported from a package counts as its submodule when there is one), else the
    top-level name of the third-party package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[:len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "thidua":
                while target not in known and "." in target:
                    target = target.rpartition(".")[0]
                found.add(target)
            else:
                found.add(target.split(".")[0])
    found.discard(module)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources)
    return {name: imports_of(name, path, known) for name, path in sources.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among our modules (a package's __init__ excluded), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_is_read_from_the_source(graph):
    # a check that found nothing to check would pass for the wrong reason
    assert "thidua.core.completion" in graph
    assert "pandas" in graph["thidua.core.completion"]
    assert "click" in graph["thidua.cli"]
    assert "thidua.commands" in graph["thidua.cli"]


def test_no_import_cycle(graph):
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_a_cycle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_core_is_pure(graph):
    offenders = sorted(f"{module} imports {target}" for module, targets in graph.items()
                       if module.startswith("thidua.core")
                       for target in targets
                       if any(target == bad or target.startswith(bad + ".")
                              for bad in NOT_IN_CORE))
    assert offenders == []


def test_only_the_faces_import_click_and_xlwings(graph):
    offenders = sorted(f"{module} imports {package}" for package, allowed in FACE_ONLY.items()
                       for module, targets in graph.items()
                       if package in targets and module not in allowed)
    assert offenders == []


def test_the_faces_reach_the_library_through_commands(graph):
    for face in ("thidua.cli", "thidua.xl"):
        ours = {t for t in graph[face] if t.startswith("thidua.")}
        assert ours <= {"thidua", "thidua.commands", "thidua.core.labels", "thidua.core.errors",
                        "thidua.core.fields",
                        "thidua.core.parsing.dates", "thidua.write.xlsx"}, (face, ours)
