"""The house of apps: imports between the project's apps run downwards, and no two apps depend on each other.

From the bottom floor up:

    core                        what every app stands on
    audit, notifications        infrastructure: the domain registers what they need
    members
    commission, taskforces
    workplan
    portal, seed                the pages above the apps, the demo data
    config                      settings, URLs, the API routes

Every module of these apps is parsed with `ast` (tests/ and bench/ are not
part of the house); each `import` or `from ... import` of another app is an
arrow, whether at the top of the module or inside a function. Dotted paths
written as strings (settings, migration dependencies) are not imports.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FLOORS = [
    ("core",),
    ("audit", "notifications"),
    ("members",),
    ("commission", "taskforces"),
    ("workplan",),
    ("portal", "seed"),
    ("config",),
]
LEVEL = {app: level for level, apps in enumerate(FLOORS) for app in apps}
NOT_IN_THE_HOUSE = {"tests", "bench", "static", "templates", "locale"}
MAX_UPWARD = 3

# Arrows allowed to run upwards, with the reason. None today: where a lower app needs the domain's
# answer (who reads the audit log, which seats give a role, what a notification is about), the domain
# registers it when it starts.
ALLOWED_UPWARD = {}


class _Imports(ast.NodeVisitor):
    """Collect (top-level package, inside a function) for every absolute import of a module."""

    def __init__(self):
        self.found = set()
        self._depth = 0

    def _function(self, node):
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node):
        self.found.update((alias.name.split(".")[0], self._depth > 0) for alias in node.names)

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:  # a relative import stays inside its own app
            self.found.add((node.module.split(".")[0], self._depth > 0))


def imports_of(source):
    """Return {(top-level package, lazy)} for the imports in `source`; lazy: inside a function."""
    visitor = _Imports()
    visitor.visit(ast.parse(source))
    return visitor.found


def arrows():
    """Return {(from app, to app): {(module path, lazy), ...}} for every import between the apps."""
    found = defaultdict(set)
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            for target, lazy in imports_of(path.read_text(encoding="utf-8")):
                if target in LEVEL and target != app:
                    found[(app, target)].add((str(path.relative_to(ROOT)), lazy))
    return found


def _only_lazy(places):
    return all(lazy for _path, lazy in places)


def _drawing(found, selected=None):
    """Return the arrows as lines, upward ones marked, for a failure message."""
    lines = []
    for (source, target), places in sorted(found.items()):
        if selected is not None and (source, target) not in selected:
            continue
        mark = "UP " if LEVEL[target] > LEVEL[source] else "   "
        modules = ", ".join(sorted(f"{path}{' (in a function)' if lazy else ''}" for path, lazy in places))
        lines.append(f"{mark}{source} -> {target}: {modules}")
    return "\n".join(lines)


def _cycles(edges):
    """Return the groups of apps that reach one another (strongly connected, more than one app)."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted({app for edge in edges for app in edge}):
        if node not in index:
            visit(node)
    return groups


def test_every_app_of_the_project_has_a_floor():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_IN_THE_HOUSE and not path.parent.name.startswith(".")
    }
    assert packages == set(LEVEL), f"place every app on a floor of the house: {sorted(packages ^ set(LEVEL))}"


def cycle_problems(found):
    """Return what is wrong with the arrows' cycles, or an empty string."""
    # Inside a function or not, an import is a dependency: no exemption from the cycle check.
    cycles = _cycles(set(found))
    return f"apps importing one another: {cycles}\n{_drawing(found)}" if cycles else ""


def upward_problems(found):
    """Return what is wrong with the arrows running upwards, or an empty string."""
    upward = {arrow for arrow in found if LEVEL[arrow[1]] > LEVEL[arrow[0]]}
    unexplained = upward - set(ALLOWED_UPWARD)
    if unexplained:
        return (
            "imports running upwards in the house; move the code, or register a hook from the upper app:\n"
            f"{_drawing(found, unexplained)}\n\nall arrows:\n{_drawing(found)}"
        )
    eager = {arrow for arrow in upward if not _only_lazy(found[arrow])}
    if eager:
        return f"an allowed upward import must stay inside functions:\n{_drawing(found, eager)}"
    if len(upward) > MAX_UPWARD:
        return f"{len(upward)} arrows run upwards, at most {MAX_UPWARD} may:\n{_drawing(found, upward)}"
    return ""


def test_no_two_apps_depend_on_each_other():
    problems = cycle_problems(arrows())
    assert not problems, problems


def test_imports_run_downwards_but_for_the_few_allowed():
    problems = upward_problems(arrows())
    assert not problems, problems


def test_core_imports_no_app_and_the_infrastructure_only_core():
    found = arrows()
    below = {"core": set(), "audit": {"core"}, "notifications": {"core"}}
    wrong = {(source, target) for source, target in found if source in below and target not in below[source]}
    assert not wrong, f"the lower floors import the domain:\n{_drawing(found, wrong)}"


def test_imports_inside_functions_are_arrows_too():
    source = "import os\nfrom core import rules\n\ndef f():\n    from workplan import policies\n"
    assert imports_of(source) == {("os", False), ("core", False), ("workplan", True)}
    assert imports_of("from . import models\nfrom .. import policies\n") == set()
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]


def test_an_upward_arrow_fails_even_inside_a_function_and_closes_a_cycle():
    roles_lazily = {
        ("commission", "members"): {("commission/selectors.py", False)},
        ("members", "commission"): {("members/roles.py", True)},
    }
    assert "members -> commission" in upward_problems(roles_lazily)
    assert "apps importing one another" in cycle_problems(roles_lazily)
    assert not cycle_problems({("commission", "members"): {("commission/selectors.py", False)}})
