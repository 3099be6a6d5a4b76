"""Architecture checks on every run: the core stays platform-free, bot/ stays typed, no dead imports."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_core_never_imports_platform_libraries() -> None:
    """bot.core imports neither discord, slack_bolt, slack_sdk nor the adapters (pyproject contract)."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 1 kept, 0 broken" in out.stdout


def test_bot_package_type_checks() -> None:
    """mypy finds no type errors in bot/ (settings in pyproject), so the typed core stays typed."""
    mypy = Path(sys.executable).with_name("mypy")
    out = subprocess.run([str(mypy), "--no-incremental", "bot"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("Success: no issues found")


def test_no_unused_imports_or_undefined_names() -> None:
    """ruff's pyflakes rules pass on bot/, tests/ and bench/, so dead imports and typos in names don't pile up."""
    ruff = Path(sys.executable).with_name("ruff")
    out = subprocess.run([str(ruff), "check", "bot", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
