"""The apps import each other in one direction only: each app may import the apps in
the layers below it, never one beside or above it. Interview logging is the one planned
exception: saving an interview drafts its letters and schedules its reminders, and the
log form takes an imported invite (see INTERVIEW_LOGGING).

Every import counts, function-local ones too; migrations, tests, bench and scripts are
left out. ``python tests/test_layers.py`` prints the arrows between apps.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top; apps in one layer import neither each other nor anything above.
LAYERS = (
    ("jobtrack",),
    ("accounts",),
    ("applications",),
    ("letters",),
    ("exports", "reminders"),
    ("followup",),
    ("insights",),
    ("overview", "trash"),
)
# (importing module, imported module or its package): logging an interview drafts its
# letters, schedules its reminders, offers the notes' use by stage, and fills the form
# from an imported invite.
INTERVIEW_LOGGING = frozenset(
    {
        ("applications.interviews", "letters.drafting"),
        ("applications.interviews", "letters.models"),
        ("applications.interviews", "reminders.schedule"),
        ("applications.forms", "letters.drafting"),
        ("applications.views", "followup.invite_prefill"),
    }
)
LEFT_OUT = {"migrations", "tests", "bench", "scripts", "templates", "static"}

LAYER_OF = {app: n for n, layer in enumerate(LAYERS) for app in layer}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def production_modules() -> dict[str, Path]:
    """Every module of the apps in LAYERS, by dotted name."""
    return {
        module_name(path): path
        for app in LAYER_OF
        for path in sorted((ROOT / app).rglob("*.py"))
        if not LEFT_OUT & set(path.relative_to(ROOT).parts)
    }


def imports_of(module: str, source: str, *, is_package: bool = False) -> set[str]:
    """The absolute names a module imports, anywhere in it (relative ones resolved)."""
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
    return names


def import_edges() -> list[tuple[str, str]]:
    """(importing module, imported module) for every import of another local app."""
    edges = []
    for module, path in production_modules().items():
        source = path.read_text()
        for name in imports_of(module, source, is_package=path.name == "__init__.py"):
            if name.split(".")[0] in LAYER_OF and not _same_app(module, name):
                edges.append((module, name))
    return sorted(edges)


def _same_app(a: str, b: str) -> bool:
    return a.split(".")[0] == b.split(".")[0]


def _allowed_by_exception(module: str, name: str) -> bool:
    return any(
        module == importer and (name == target or name.startswith(target + "."))
        for importer, target in INTERVIEW_LOGGING
    )


def layer_violations(edges) -> list[str]:
    """Each import of an app in the same layer or above, unless interview logging."""
    return [
        f"{module} imports {name}"
        for module, name in edges
        if LAYER_OF[name.split(".")[0]] >= LAYER_OF[module.split(".")[0]]
        and not _allowed_by_exception(module, name)
    ]


def app_arrows(edges) -> dict[str, set[str]]:
    """App to the apps it imports; an arrow up that only interview logging draws is
    marked with a star."""
    arrows = defaultdict(set)
    for module, name in edges:
        upward = _allowed_by_exception(module, name)
        arrows[module.split(".")[0]].add(name.split(".")[0] + ("*" if upward else ""))
    return arrows


def test_every_local_app_has_a_layer(settings):
    local = {
        app
        for app in settings.INSTALLED_APPS
        if (ROOT / app.split(".")[0] / "apps.py").exists()
    }
    assert local == set(LAYER_OF)


def test_apps_import_only_the_layers_below_them():
    violations = layer_violations(import_edges())
    assert not violations, "\n".join(violations)


def test_interview_logging_is_the_only_exception_and_each_one_is_used():
    edges = import_edges()
    used = {
        (importer, target)
        for importer, target in INTERVIEW_LOGGING
        for module, name in edges
        if module == importer and (name == target or name.startswith(target + "."))
    }
    assert used == INTERVIEW_LOGGING


def test_a_function_local_import_of_an_upper_layer_is_caught():
    source = "def with_summary():\n    from letters.models import Letter\n"
    edges = [
        ("applications.models", name)
        for name in imports_of("applications.models", source)
    ]
    assert layer_violations(edges) == [
        "applications.models imports letters.models",
    ]


def test_a_relative_import_resolves_inside_its_app():
    source = "from . import views\nfrom .rules import trash_purge\n"
    assert imports_of("trash.urls", source) == {"trash", "trash.rules"}


if __name__ == "__main__":
    arrows = app_arrows(import_edges())
    for app in (app for layer in reversed(LAYERS) for app in layer):
        targets = sorted(arrows[app], key=lambda t: LAYER_OF[t.rstrip("*")])
        print(f"{app} -> {', '.join(targets) or '-'}")
    print("* interview logging only")
    sys.exit(1 if layer_violations(import_edges()) else 0)
