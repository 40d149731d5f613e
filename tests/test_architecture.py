"""Dependencies between the apps point one way (docs/architecture.md, "Apps and layers").

Every import in every module of an app (migrations aside, imports inside functions included) is
read with ``ast``; an app may import the apps below it, never one above it or beside it. Later
phases reach the earlier apps' registries from their ``AppConfig.ready()`` instead.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top; the apps of one level import none of each other.
LEVELS = [
    {"ripso"},
    {"notifications"},
    {"accounts"},
    {"rounds"},
    {"panels"},
    {"visits"},
    {"reports"},
]
LEVEL = {app: number for number, apps in enumerate(LEVELS) for app in apps}


def imported_apps(path):
    """The apps (of LEVEL) that the module at ``path`` imports, with the line of each import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            (name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in LEVEL
        ]
    return found


def upward_imports():
    wrong = []
    for app, level in LEVEL.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for other, line in imported_apps(path):
                if other != app and LEVEL[other] >= level:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    return wrong


def test_every_app_is_placed_on_a_level():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"ripso"}
    assert apps == set(LEVEL)


def test_apps_import_only_the_apps_below_them():
    assert upward_imports() == []


def test_an_upward_import_is_found(tmp_path, monkeypatch):
    (tmp_path / "rounds").mkdir()
    (tmp_path / "rounds" / "late.py").write_text(
        "import accounts.models\n\ndef f():\n    from reports import services\n"
    )
    (tmp_path / "rounds" / "migrations").mkdir()
    (tmp_path / "rounds" / "migrations" / "0001.py").write_text("import panels\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert upward_imports() == ["rounds/late.py:4 imports reports"]
