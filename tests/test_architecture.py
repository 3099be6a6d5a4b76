"""Architecture checks on every run: the layers hold, bot/ is strictly typed, the tests type-check, lint is clean.

The same commands run in .pre-commit-config.yaml; the settings live in pyproject.toml.
"""
from __future__ import annotations

import subprocess
import sys
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
