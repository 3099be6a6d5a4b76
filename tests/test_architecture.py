"""Architecture checks on every run: the layers hold, bot/ is strictly typed, the tests type-check, lint is clean.

The same commands run in .pre-commit-config.yaml; the settings live in pyproject.toml.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.conftest import ROOT

# the command lines, shared with .pre-commit-config.yaml (checked below)
CHECKS = {
    "import-linter": ["lint-imports"],
    "mypy": ["mypy"],
    "ruff": ["ruff", "check", "bot", "tests", "bench", "scripts"],
}


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name(name)
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


CONTRACTS = ("The layers", "The core is platform-free")  # named in pyproject's [tool.importlinter]


def test_import_contracts_are_kept() -> None:
    """Every import-linter contract in pyproject holds, and the two named ones are among them: the layers (each
    package imports only from those below it) and the core free of platform libraries. Removing one fails."""
    out = _tool(*CHECKS["import-linter"], "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr
    kept = {line.removesuffix(" KEPT") for line in out.stdout.splitlines() if line.endswith(" KEPT")}
    assert kept >= set(CONTRACTS), out.stdout
    assert f"Contracts: {len(kept)} kept, 0 broken." in out.stdout, out.stdout


def test_types_check() -> None:
    """mypy passes: strict on bot/, check_untyped_defs on tests/ (settings in pyproject)."""
    out = _tool(*CHECKS["mypy"], "--no-incremental")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("Success: no issues found"), out.stdout


def test_lint_is_clean() -> None:
    """ruff's rule set (pycodestyle, pyflakes, imports, bugbear, pyupgrade, simplify, complexity) passes everywhere."""
    out = _tool(*CHECKS["ruff"])
    assert out.returncode == 0, out.stdout + out.stderr


def test_pre_commit_runs_the_same_checks() -> None:
    """The git hooks run exactly these command lines, on the whole tree, from the project's environment."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {hook_id: hooks[hook_id]["entry"].split() for hook_id in hooks} == CHECKS
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks.values())


def _modules() -> dict[str, tuple[Path, ast.Module]]:
    """Every module of bot/ by dotted name, with its file, parsed (the migrations are Alembic's scripts, not an API)."""
    found = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" not in parts:
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = (path, ast.parse(path.read_text()))
    return found


def _declared(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]:
            return list(ast.literal_eval(node.value))
    return None


def _defines(tree: ast.Module, name: str, package: bool) -> bool:
    """The module binds `name` at its top level: a def, a class, an assignment, or (a package's __init__ gathering
    its submodules' names) an import."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound = [n.id for t in targets for n in (t.elts if isinstance(t, ast.Tuple) else [t])
                     if isinstance(n, ast.Name)]
        elif isinstance(node, ast.ImportFrom) and package:
            bound = [alias.asname or alias.name for alias in node.names]
        else:
            bound = []
        if name in bound:
            return True
    return False


def test_each_module_declares_its_public_names() -> None:
    """Each module under bot/ declares __all__ (a package's __init__ only when it exports something; __main__ is the
    entry point), and every name it lists is defined there or is a submodule."""
    modules = _modules()
    missing = [name for name, (path, tree) in modules.items()
               if _declared(tree) is None and path.stem not in ("__init__", "__main__")]
    assert missing == []
    undefined = [f"{name}.{each}" for name, (path, tree) in modules.items() for each in _declared(tree) or []
                 if not _defines(tree, each, path.stem == "__init__") and f"{name}.{each}" not in modules]
    assert undefined == []


def test_imports_use_only_public_names() -> None:
    """Every `from bot.x import name` in bot/, tests/, bench/ and scripts/ names something in x.__all__ or a
    submodule of x, so a module's __all__ is its whole surface and a rename behind it breaks nothing outside."""
    modules = _modules()
    private = []
    for top in ("bot", "tests", "bench", "scripts"):
        for path in sorted((ROOT / top).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
                    public = _declared(modules[node.module][1]) or []
                    private += [f"{path.relative_to(ROOT)}: {node.module}.{alias.name}" for alias in node.names
                                if alias.name not in public and f"{node.module}.{alias.name}" not in modules]
    assert private == []


def test_docs_match_the_code() -> None:
    """ARCHITECTURE.md draws the same layers as the import-linter contract, and every module path the two guides
    name exists, so a move or a rename that forgets the docs fails here."""
    contract = next(c for c in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
                    if c["name"] == "The layers")
    architecture = (ROOT / "ARCHITECTURE.md").read_text()
    drawn = architecture.split("```")[1].strip().splitlines()
    assert [line.split("  ")[0].strip() for line in drawn] == contract["layers"]
    guides = architecture + (ROOT / "CONTRIBUTING.md").read_text()
    named = set(re.findall(r"`((?:bot|tests|bench|docs)/[\w/.*<>-]+\.(?:py|md))`", guides))
    assert named and [path for path in sorted(named) if "<" not in path and not list(ROOT.glob(path))] == []
