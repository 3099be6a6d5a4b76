"""The Dockerfile, docker-compose.yml and systemd unit say what the self-hosting guide promises."""
from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.config import load_config
from tests.conftest import ROOT


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def test_dockerfile_slim_nonroot_volumes_healthcheck() -> None:
    """Slim base, runs as a non-root user, content/config/data volumes, a HEALTHCHECK on /healthz, `briefbot run`."""
    steps = instructions()
    first = dict(steps)
    assert re.fullmatch(r"python:3\.1\d-slim", first["FROM"])
    assert [arg for op, arg in steps if op == "USER"] == ["briefbot"]
    assert re.findall(r'"(/\w+)"', first["VOLUME"]) == ["/content", "/config", "/data"]
    assert "/healthz" in first["HEALTHCHECK"]
    assert first["ENTRYPOINT"] == '["briefbot"]' and first["CMD"] == '["run"]'


def test_container_config_enables_the_health_listener() -> None:
    """The image's default config validates and serves /healthz on all interfaces, as the HEALTHCHECK needs."""
    config = load_config(ROOT / "deploy" / "config.docker.yaml", {})
    assert config.http.enabled and config.http.host == "0.0.0.0" and config.http.port == 8080
    assert str(config.content_dir) == "/content" and config.storage.url == "sqlite:////data/briefbot.db"


def test_compose_has_the_bot_and_an_optional_postgres() -> None:
    """The bot mounts content and config, keeps data in a volume; PostgreSQL only starts with its profile."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    bot, pg = compose["services"]["briefbot"], compose["services"]["postgres"]
    assert "profiles" not in bot and pg["profiles"] == ["postgres"]
    mounts = {v.split(":")[1] for v in bot["volumes"]}
    assert {"/config/config.yaml", "/content", "/data"} <= mounts
    assert bot["depends_on"]["postgres"]["required"] is False
    named = {v.split(":")[0] for s in (bot, pg) for v in s["volumes"] if not v.startswith(".")}
    assert set(compose["volumes"]) == named


def test_systemd_unit_reloads_on_sighup_and_restarts_on_any_death_but_a_config_error() -> None:
    """ExecReload sends SIGHUP; any unasked-for death restarts (on-failure would take death by SIGHUP as clean),
    exit code 2 (config or content error) does not; stop waits past 10 s."""
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(ROOT / "deploy" / "briefbot.service")
    service = unit["Service"]
    assert service["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert service["Restart"] == "always" and service["RestartPreventExitStatus"] == "2"
    assert int(service["TimeoutStopSec"]) > 10 and service["User"] == "briefbot"
    assert service["ExecStart"] == "/opt/briefbot/bin/briefbot --config /etc/briefbot/config.yaml run"


def test_the_briefbot_command_ignores_sighup_before_importing_the_bot() -> None:
    """The installed `briefbot` runs bot.__main__:main, and importing that module loads nothing heavy, so SIGHUP is
    ignored from its first line (tests/abuse/test_process.py sends SIGHUP during start-up)."""
    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "briefbot"]
    assert script.value == "bot.__main__:main"
    loaded = subprocess.run([sys.executable, "-c", "import sys, bot.__main__; print(sorted(sys.modules))"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert [m for m in ast.literal_eval(loaded) if m.startswith("bot")] == ["bot", "bot.__main__"]
    assert {"yaml", "pydantic", "onnxruntime", "asyncio"} & set(ast.literal_eval(loaded)) == set()


# what only `run` needs: the chat platforms, the digest scheduler and its database, the health listener, the
# content watcher; as top-level packages, and the bot's own modules that use them
RUN_ONLY = {"discord", "slack_sdk", "slack_bolt", "aiohttp", "apscheduler", "sqlalchemy", "alembic", "psycopg",
            "watchfiles", "prometheus_client", "onnxruntime"}
RUN_ONLY_BOT = ("bot.app", "bot.digests", "bot.ops", "bot.adapters.discord", "bot.adapters.slack", "bot.authoring")


SERVING = """\
content_dir: content
slack: {enabled: true, bot_token: "${SLACK_BOT_TOKEN}", app_token: "${SLACK_APP_TOKEN}"}
storage: {url: "sqlite:///digests.db"}
http: {enabled: true}
digests:
  subscriptions: [{platform: slack, channel: C1, schedule: "weekdays 08:00", timezone: Europe/Brussels}]
"""


@pytest.mark.parametrize("config", ["", SERVING], ids=["no config", "a serving config"])
def test_ask_imports_nothing_only_run_needs(tmp_path: Path, config: str) -> None:
    """A one-shot `briefbot ask` (with no config, or with one that runs Slack, digests and the health listener)
    answers without importing a chat platform, the scheduler, SQLAlchemy, the health or metrics servers, the
    sentence model for a question its words answer, or the bot's digest, ops and platform modules: each is
    imported where it is used."""
    if config:
        (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
        shutil.copytree(ROOT / "content", tmp_path / "content")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env |= {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    script = ("import sys; from bot.cli import main; code = main(['ask', 'Who wrote the article?']); "
              "print(repr(sorted(sys.modules)), file=open(sys.argv[1], 'w')); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "modules")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False, timeout=120)
    assert (done.returncode, done.stderr) == (0, "") and "Pruitt" in done.stdout
    loaded = set(ast.literal_eval((tmp_path / "modules").read_text(encoding="utf-8")))
    assert {m.split(".")[0] for m in loaded} & RUN_ONLY == set()
    assert {m for m in loaded if m.startswith(RUN_ONLY_BOT)} == set()


def pins() -> dict[str, Version]:
    """constraints.txt as {normalized name: version}; every line that is not a comment must be `name==version`."""
    found: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and name.strip() and version.strip(), f"not an exact pin: {line!r}"
            found[canonicalize_name(name)] = Version(version)
    return found


def test_constraints_pin_versions_that_pyproject_allows() -> None:
    """Every dependency (runtime, test, postgres) is pinned exactly, within pyproject's bounds, so a raised floor
    (an advisory) cannot be undone by a stale pin."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    pinned = pins()
    for spec in project["dependencies"] + extras["test"] + extras["postgres"]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in constraints.txt"
        assert pinned[name] in req.specifier, (f"constraints.txt pins {req.name} {pinned[name]}, "
                                               f"pyproject wants {req.specifier}")
    assert pinned["aiohttp"] >= Version("3.12.14")  # issue 11: no aiohttp with the known request-smuggling advisory


def test_docker_ci_and_readme_install_the_pinned_versions() -> None:
    """The image installs with -c constraints.txt; .ci/run runs README's test command exactly, and it uses them too."""
    steps = instructions()
    assert any(op == "COPY" and "constraints.txt" in arg.split()[:-1] for op, arg in steps)
    installs = [arg for op, arg in steps if op == "RUN" and "pip install" in arg]
    assert installs != [] and [arg for arg in installs if "pip install -c constraints.txt " not in arg] == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_cmd = readme.split("## Test it", 1)[1].strip().splitlines()[0].strip()
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith("#")]
    assert ci[-1] == test_cmd and "pip install -c constraints.txt " in test_cmd
    run_cmd = readme.split("## Run it", 1)[1].split("## Test it", 1)[0]
    assert "pip install -c constraints.txt -e . && .venv/bin/briefbot" in run_cmd


# --- the wheel: a regular install works anywhere -------------------------------------------------------------------

SOURCES = ("pyproject.toml", "README.md", "config.example.yaml", "bot", "content")  # what building the wheel reads


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline (no build isolation, no index) from a copy of the sources, so the shared checkout
    gets no build/ folder."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    str(src), "-w", str(out)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("briefbot-*.whl")
    return built


def test_the_image_copies_what_the_wheel_is_built_from() -> None:
    """The Dockerfile copies every source the wheel needs (the sample briefing and example config included)
    before its pip install."""
    steps = instructions()
    install = next(i for i, (op, arg) in enumerate(steps) if op == "RUN" and "pip install" in arg)
    copied = {src.rstrip("/") for op, arg in steps[:install] if op == "COPY" for src in arg.split()[:-1]}
    assert set(SOURCES) <= copied


def test_the_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    """Every module under bot/, the answer engine's data, new-briefing's model of untyped names, Alembic's template,
    the example config and the sample briefing are in the wheel, and nothing from outside bot/ but its metadata."""
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bot").rglob("*.py") if "__pycache__" not in p.parts}
    assert modules == {n for n in names if n.endswith(".py")}
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bot" / "core" / "answer" / "data").iterdir()}
    assert data <= names and "bot/digests/migrations/script.py.mako" in names
    assert "bot/authoring/name_types.json" in names
    sample = {f"bot/sample_files/content/{p.relative_to(ROOT / 'content').as_posix()}"
              for p in (ROOT / "content").rglob("*") if p.is_file()}
    assert sample != set() and sample <= names and "bot/sample_files/config.example.yaml" in names
    assert [n for n in names if not n.startswith(("bot/", "briefbot-"))] == []


def test_the_installed_wheel_works_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    """Installed (not editable) and run from an empty folder: ask and check answer from the bundled sample,
    and init writes a starter folder that checks."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")} | {"PYTHONPATH": str(target)}

    def installed(*args: str, cwd: Path = empty) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(target / "bin" / "briefbot"), *args], capture_output=True, text=True, cwd=cwd,
                              env=env, timeout=120)

    ask = installed("ask", "Who is Kristi Noem?")
    assert ask.returncode == 0 and "Homeland Security" in ask.stdout and ask.stderr == ""
    check = installed("check")
    assert check.returncode == 0, check.stderr
    bundled = target / "bot" / "sample_files" / "content"
    assert f"ok  content: {bundled} (the sample bundled with briefbot" in check.stdout  # the installed copy, not ROOT
    init = installed("init", "starter")
    assert init.returncode == 0 and (empty / "starter" / "config.yaml").is_file()
    again = installed("check", cwd=empty / "starter")
    assert again.returncode == 0 and f"ok  content: {empty / 'starter' / 'content'}\n" in again.stdout
