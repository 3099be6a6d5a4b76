"""The `briefbot` command line, run as a user would: a real process, no tokens, no network."""
from __future__ import annotations

import argparse
import itertools
import json
import os
import pty
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import app_registry
from bot.cli import CLI_ALIASES, build_parser
from tests.conftest import CONTENT, MAIN_ID, ROOT

Run = subprocess.CompletedProcess[str]


def briefbot(*args: str, stdin: str = "", cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """`python -m bot ARGS` in a fresh process, with none of the caller's BRIEFBOT_ variables."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=60)


def run_in(folder: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> Run:
    """briefbot run from `folder` (this checkout still importable)."""
    return briefbot(*args, stdin=stdin, cwd=folder, env={"PYTHONPATH": str(ROOT), **(env or {})})


# --- README's command lines, tested against the parser and run ------------------------------------------------------

SAMPLES = {"ID": MAIN_ID, "TOPIC": "ketamine", "NAME": "Kristi Noem", "SPEAKER": "Rubio",
           "QUESTION": "Who is Kristi Noem?", "FILE": str(ROOT / "config.example.yaml"), "DIR": "starter"}
TOOLS = {"new-briefing", "slack-manifest", "discord-invite"}  # their own modules test them; here they are only parsed
NEEDLES = {"brief": "Belgi", "facts": "ketamine", "who": "Homeland Security", "timeline": "September 10",
           "quote": "lot of trouble", "source": "Jett James Pruitt", "briefings": MAIN_ID, "ask": "Homeland Security",
           "check": f"ok  {MAIN_ID}", "init": "config.yaml", "run": "briefbot console", "chat": "briefbot console"}


def documented() -> list[str]:
    """Every `briefbot ...` command README.md and CONTENT.md show: indented command lines and inline code."""
    found: list[str] = []
    for doc in ("README.md", "CONTENT.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        found += [line.strip() for line in text.splitlines() if re.match(r" {4}briefbot( |$)", line)]
        found += re.findall(r"`(briefbot(?: [^`]*)?)`", text)
    return list(dict.fromkeys(found))


def concrete(line: str) -> list[tuple[list[str], str]]:
    """A documented line as the argument lists it stands for (optional parts included, each alternative of
    `a|b|c`, placeholders filled in) and its stdin (`< file`)."""
    line, _, stdin_file = line.partition(" < ")
    words = shlex.split(line.split(" > ")[0].replace("[", " ").replace("]", " "))[1:]
    filled = ["123456789012345678" if prev == "--application-id" else SAMPLES.get(w, w)
              for prev, w in zip(["", *words], words, strict=False)]  # each word with the one before it
    stdin = f"{SAMPLES['QUESTION']}\n" if stdin_file else "quit\n"
    return [(list(v), stdin) for v in itertools.product(*[w.split("|") for w in filled])]


def command_of(argv: list[str]) -> str:
    parsed = build_parser(app_registry()).parse_args(argv)
    return parsed.cmd or "run"


def test_readme_shows_the_command_line() -> None:
    """The documented lines are found (a test reading nothing proves nothing), and every command is documented."""
    lines = documented()
    assert "briefbot brief [--length tldr|short|full] [--briefing ID]" in lines and len(lines) > 15
    shown = {command_of(argv) for line in lines for argv, _ in concrete(line)}
    parser = build_parser(app_registry())
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    aliases = {a for names in CLI_ALIASES.values() for a in names}
    assert set(commands.choices) - aliases <= shown


@pytest.mark.parametrize("line", documented())
def test_every_documented_line_parses_and_runs(line: str, tmp_path: Path) -> None:
    """Each `briefbot ...` line of README.md and CONTENT.md is accepted by the parser in every form it shows; run
    from an empty folder (the bundled sample briefing), it succeeds with its answer and no log lines unless asked."""
    forms = concrete(line)
    for argv, _ in forms:
        try:
            command_of(argv)
        except SystemExit:
            pytest.fail(f"the parser refuses {argv}")
    argv, stdin = forms[0]
    if command_of(argv) in TOOLS:
        return
    out = run_in(tmp_path, *argv, stdin=stdin)
    assert out.returncode == 0, (argv, out.stderr)
    assert NEEDLES[command_of(argv)] in out.stdout, (argv, out.stdout[:500])
    assert "Traceback" not in out.stderr
    if "--log-level" not in argv:
        assert out.stderr == "", argv


# --- one grammar ---------------------------------------------------------------------------------------------------

def test_global_options_go_before_or_after_the_command(tmp_path: Path) -> None:
    """--config, --log-format and --log-level are accepted on either side of the command's name, tools included."""
    config = tmp_path / "mine.yaml"  # not ./config.yaml, which would be read without being named
    config.write_text(f"content_dir: {CONTENT}\nslack:\n  rename: {{who: brief}}\n", encoding="utf-8")
    for argv in (["--config", str(config), "check"], ["check", "--config", str(config)],
                 ["ask", "--config", str(config), "Who?"], ["slack-manifest", "--config", str(config)]):
        out = run_in(tmp_path, *argv)
        assert out.returncode == 2 and "slack.rename.who (line 3)" in out.stderr, argv  # the file was read
    out = run_in(tmp_path, "briefings", "--log-format", "json", "--log-level", "INFO")
    assert out.returncode == 0 and MAIN_ID in out.stdout
    records = [json.loads(line) for line in out.stderr.splitlines()]
    assert records and all(r["level"] == "INFO" for r in records)


def test_query_commands_take_briefing_and_words_in_any_order(tmp_path: Path) -> None:
    """`--briefing ID` and `--length` by name, or the slash command's words in any order, give the same answer."""
    named = run_in(tmp_path, "brief", "--length", "tldr", "--briefing", MAIN_ID)
    words = run_in(tmp_path, "brief", MAIN_ID, "tldr")
    assert named.returncode == words.returncode == 0 and named.stdout == words.stdout and "Belgi" in named.stdout
    for command in ("facts", "timeline", "quote", "source"):
        unknown = run_in(tmp_path, command, "--briefing", "belgium")
        assert unknown.returncode == 1 and f"Briefings: {MAIN_ID}" in unknown.stderr, command


def test_quote_is_the_slash_name_and_quotes_its_alias(tmp_path: Path) -> None:
    """`briefbot quote` is /quote; `briefbot quotes` answers the same."""
    quote, quotes = run_in(tmp_path, "quote", "Rubio"), run_in(tmp_path, "quotes", "--speaker", "Rubio")
    assert quote.returncode == quotes.returncode == 0
    assert quote.stdout == quotes.stdout and "lot of trouble" in quote.stdout


def test_no_public_on_the_command_line(tmp_path: Path) -> None:
    """`public` means something only in a channel: --public is refused, and the word is just a word."""
    flag = run_in(tmp_path, "brief", "--public")
    assert flag.returncode == 2 and "unrecognized arguments: --public" in flag.stderr
    word = run_in(tmp_path, "who", "public")
    assert word.returncode == 1 and "I don't know anyone called 'public'" in word.stderr


def test_a_mistyped_command_gets_a_suggestion(tmp_path: Path) -> None:
    """`briefbot quots` says what it may mean."""
    out = run_in(tmp_path, "quots")
    assert out.returncode == 2 and "Did you mean quotes or quote?" in out.stderr


def test_output_is_formatted_on_a_terminal_and_plain_in_a_pipe(tmp_path: Path) -> None:
    """On a terminal the title is bold; piped, there are no escape codes; chat markdown shows in neither."""
    piped = run_in(tmp_path, "facts")
    assert "\x1b[" not in piped.stdout and "(Author's argument)" in piped.stdout and "_(" not in piped.stdout
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")} | {"PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-m", "bot", "facts"], stdout=follower, cwd=tmp_path, env=env) as proc:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        assert proc.wait(timeout=60) == 0
    text = shown.decode("utf-8")
    assert "\x1b[1mFacts (10 of 69)\x1b[0m" in text and "_(" not in text


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`briefbot facts | head -1`: when the reader has gone, briefbot stops with no traceback and no message."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line: every write fails, deterministically
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")} | {"PYTHONPATH": str(ROOT)}
    for argv in (["facts"], ["ask", "Who is Kristi Noem?"]):
        proc = subprocess.run([sys.executable, "-m", "bot", *argv], stdout=write, stderr=subprocess.PIPE,
                              cwd=tmp_path, env=env, timeout=60)
        assert proc.returncode == 1 and proc.stderr == b"", argv
    os.close(write)


def test_the_console_starts_with_its_banner_and_logs_only_when_asked(tmp_path: Path) -> None:
    """`briefbot` from an empty folder: the banner first, no INFO lines; --log-level INFO shows the one line saying
    the bundled sample briefing is used."""
    quiet = run_in(tmp_path, stdin="/source\nquit\n")
    assert quiet.returncode == 0 and quiet.stdout.startswith("briefbot console") and "Pruitt" in quiet.stdout
    assert quiet.stderr == ""
    loud = run_in(tmp_path, "--log-level", "INFO", stdin="quit\n")
    assert [line for line in loud.stderr.splitlines() if "sample briefing bundled with briefbot" in line] != []
    assert sum("bundled with briefbot" in line for line in loud.stderr.splitlines()) == 1


# --- init ----------------------------------------------------------------------------------------------------------

def test_init_writes_a_starter_folder_that_checks(tmp_path: Path) -> None:
    """`briefbot init DIR` writes config.yaml and content/ and says so; check there passes on that content; a
    second init overwrites nothing and exits 2."""
    out = run_in(tmp_path, "init", "starter")
    assert out.returncode == 0 and "Wrote 3 files:" in out.stdout and "starter/config.yaml" in out.stdout
    check = run_in(tmp_path / "starter", "check")
    assert check.returncode == 0 and f"ok  content: {tmp_path / 'starter' / 'content'}\n" in check.stdout
    again = run_in(tmp_path, "init", "starter")
    assert again.returncode == 2 and "nothing was written" in again.stderr


# --- check catches what run would trip on --------------------------------------------------------------------------

TOKENS = {"SLACK_BOT_TOKEN": "xoxb-1-2-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-2-abcdef"}
SLACK_ON = "slack:\n  enabled: true\n  bot_token: ${SLACK_BOT_TOKEN}\n  app_token: ${SLACK_APP_TOKEN}\n"
SUBSCRIPTION = "digests:\n  subscriptions:\n    - platform: slack\n      channel: C1\n      schedule: daily 09:00\n"


@pytest.mark.parametrize(("text", "where", "fix"), [
    ("storage:\n  url: mysql://briefbot@db/briefbot\n", "storage.url (line 2)", "SQLite or PostgreSQL"),
    ("storage:\n  url: postgresql+psycopg://u@db:notaport/b\n", "storage.url (line 2)", "the port is not a number"),
    ("storage:\n  url: ${DATABASE_URL}\n", "storage.url (line 2)", "the environment variable DATABASE_URL is not set"),
    (SUBSCRIPTION, "digests.subscriptions[0].platform (line 3)", "set slack.enabled: true"),
    (SLACK_ON + SUBSCRIPTION + "      briefing: belgium\n", "digests.subscriptions[0].briefing (line 10)",
     f"there is no briefing 'belgium'; the briefings are: {MAIN_ID}"),
    ("default_briefing: belgium-silent\n", "default_briefing (line 1)", f"the briefings are: {MAIN_ID}"),
    ("channel_briefings:\n  C1: belgium\n", "channel_briefings.C1 (line 2)", f"the briefings are: {MAIN_ID}"),
    ("slack:\n  rename: {whoo: whois}\n", "slack.rename.whoo (line 2)", "there is no command /whoo; the commands are:"),
    ("slack:\n  rename: {who: brief}\n", "slack.rename.who (line 2)", "/brief already has that name on Slack"),
    ("digests:\n  catch_up: 1 hour\n", "digests.catch_up (line 2)", "write 90s, 30m, 1h, 1h30m, 2d or 1w, or ISO 8601"),
    ("content_dir: nowhere\n", "content_dir (line 1)", "does not exist: create it (`briefbot init DIR`"),
])
def test_check_names_file_key_line_and_fix(tmp_path: Path, text: str, where: str, fix: str) -> None:
    """Each config `run` would trip on fails `check` with exit 2: one line with the file, the key, its line and
    the fix, no traceback."""
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    out = run_in(tmp_path, "check", env=TOKENS)
    assert out.returncode == 2, out.stdout
    assert out.stderr.startswith(f"briefbot: config.yaml: {where}: ") and fix in out.stderr, out.stderr  # as found
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_check_says_which_driver_to_install(tmp_path: Path) -> None:
    """PostgreSQL without the postgres extra (psycopg missing) is caught by check, without connecting anywhere."""
    stub = tmp_path / "without-psycopg" / "psycopg"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n")
    (tmp_path / "config.yaml").write_text("storage:\n  url: postgresql+psycopg://briefbot@db/briefbot\n")
    out = briefbot("check", cwd=tmp_path, env={"PYTHONPATH": f"{stub.parent}{os.pathsep}{ROOT}"})
    assert out.returncode == 2
    assert ("storage.url (line 2): the database driver 'psycopg' is not installed: install briefbot[postgres]"
            in out.stderr)


def test_run_refuses_what_check_refuses(tmp_path: Path) -> None:
    """`run` goes through the same checks before starting anything: a digest for a briefing that does not exist
    stops start-up with exit 2 instead of failing when it is due."""
    (tmp_path / "config.yaml").write_text(SLACK_ON + SUBSCRIPTION + "      briefing: belgium\n", encoding="utf-8")
    out = run_in(tmp_path, "run", env=TOKENS)
    assert out.returncode == 2 and "digests.subscriptions[0].briefing (line 10): there is no briefing" in out.stderr


def test_ask_leaves_the_digest_settings_to_run_and_check(tmp_path: Path) -> None:
    """A schedule or database URL only the digests read does not stop `ask`, which runs no digests (nor loads
    the libraries that check them); `check` and `run` still refuse it, with its line."""
    text = SLACK_ON + SUBSCRIPTION.replace("daily 09:00", "when pigs fly") + "storage:\n  url: mysql://db/b\n"
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    ask = run_in(tmp_path, "ask", "Who is Kristi Noem?", env=TOKENS)
    assert ask.returncode == 0 and "Homeland Security" in ask.stdout and ask.stderr == ""
    for cmd in ("check", "run"):
        out = run_in(tmp_path, cmd, env=TOKENS)
        assert out.returncode == 2, out.stderr
        assert out.stderr.startswith("briefbot: config.yaml: storage.url (line 11): briefbot keeps digests in SQLite")
        assert out.stderr.endswith("(and 1 more)\n")  # the schedule


def test_check_says_where_the_content_and_the_storage_are(tmp_path: Path) -> None:
    """check's summary names the content folder (the bundled sample here) and the storage backend, never blank."""
    out = run_in(tmp_path, "check")
    assert out.returncode == 0
    assert f"ok  content: {CONTENT} (the sample bundled with briefbot" in out.stdout
    assert "platforms none (the console); storage sqlite" in out.stdout


# --- the rest of the command line ----------------------------------------------------------------------------------

def test_unknown_person_exits_1_with_suggestion() -> None:
    """A name the article lacks is said plainly, with close names, exit 1."""
    out = briefbot("who", "Kristi", "Noam")
    assert out.returncode == 1 and "Kristi Noem" in out.stderr


def test_ask_jsonl_contract() -> None:
    """--jsonl reads questions line by line and writes one JSON object per question."""
    out = briefbot("ask", "--jsonl", stdin="Who wrote this article?\n\nWhat is the capital of Germany?\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert set(row) >= {"question", "answered", "answer", "citations", "confidence"}
    assert rows[0]["answered"] and rows[0]["citations"][0]["briefing"] == "belgium-silent-front"
    assert not rows[1]["answered"]


def test_chat_console_takes_slash_commands() -> None:
    """The console accepts the chat platforms' slash commands and plain questions."""
    out = briefbot("chat", stdin="/brief tldr\n/who\nWho is Cilia Flores?\nquit\n")
    assert out.returncode == 0
    assert "Belgi" in out.stdout and "/who needs name" in out.stdout and "Maduro" in out.stdout


def test_default_mode_without_tokens_is_the_console(tmp_path: Path) -> None:
    """`briefbot` with no arguments and no config runs the console."""
    (tmp_path / "content").symlink_to(CONTENT)
    out = briefbot(stdin="/source\n", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0 and "briefbot console" in out.stdout and "Pruitt" in out.stdout


def test_check_reports_bad_content_with_exit_2(tmp_path: Path) -> None:
    """`briefbot check` on broken content exits 2 with file, path and line, and no traceback."""
    folder = tmp_path / "content" / "demo"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text("Nothing here.\n")
    (folder / "briefing.yaml").write_text("id: demo\nmetadata: [\n")
    config = tmp_path / "config.yaml"
    config.write_text("content_dir: content\n")
    out = briefbot("--config", str(config), "check")
    assert out.returncode == 2
    assert f"{folder / 'briefing.yaml'}" in out.stderr and "(line " in out.stderr
    assert "Traceback" not in out.stderr


def test_check_passes_on_bundled_content() -> None:
    """`briefbot check` validates config and content and says what it found."""
    out = briefbot("--config", str(ROOT / "config.example.yaml"), "check")
    assert out.returncode == 0 and "ok  belgium-silent-front" in out.stdout


def test_bad_config_exits_2() -> None:
    """A config error is one line naming the key, exit 2."""
    out = briefbot("--config", "/nonexistent/briefbot.yaml", "check")
    assert out.returncode == 2 and "cannot read the config file" in out.stderr


# --- review marks left in a draft ----------------------------------------------------------------------------------

REVIEWED = """\
id: {id}
metadata:
  title: "Harbour bridge closes"
  author: "A. Writer"
  reading_time_minutes: 1
summaries:
  tldr: "The harbour bridge closes for repairs."
  short: ["The harbour bridge closes for repairs."]
  full: [{{heading: "Bridge", text: "The harbour bridge closes for repairs."}}]
facts:
  - id: bridge-closes
    statement: "The harbour bridge closes for repairs."
    evidence: "The harbour bridge closes for repairs"
"""


def content_with(tmp_path: Path, briefings: dict[str, str]) -> Path:
    """A config file whose content folder holds the given briefing.yaml texts, each with the same article."""
    for briefing_id, text in briefings.items():
        folder = tmp_path / "content" / briefing_id
        folder.mkdir(parents=True)
        (folder / "article.txt").write_text("The harbour bridge closes for repairs on Monday.\n", encoding="utf-8")
        (folder / "briefing.yaml").write_text(text, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("content_dir: content\n", encoding="utf-8")
    return config


def marked(briefing_id: str, lines: list[int]) -> str:
    """REVIEWED with '# REVIEW' marks at the end of the given (1-based) lines, as new-briefing leaves them."""
    text = REVIEWED.format(id=briefing_id).splitlines()
    return "\n".join(f"{line}  # REVIEW: check this" if n in lines else line for n, line in enumerate(text, 1)) + "\n"


def test_check_warns_of_review_marks_and_still_passes(tmp_path: Path) -> None:
    """`briefbot check` names each briefing still carrying '# REVIEW' marks, their count and first lines, and exits
    0; a briefing with none gets no warning."""
    config = content_with(tmp_path, {"draft": marked("draft", [4, 5, 6, 7, 11, 12, 13]),
                                     "done": REVIEWED.format(id="done")})
    out = briefbot("--config", str(config), "check")
    assert out.returncode == 0 and "ok  draft" in out.stdout and "ok  done" in out.stdout
    assert f"draft: 7 lines of {tmp_path / 'content' / 'draft' / 'briefing.yaml'}" in out.stderr
    assert "(lines 4, 5, 6, 7, 11, ...)" in out.stderr
    assert "done" not in out.stderr and "Traceback" not in out.stderr


def test_check_strict_fails_while_review_marks_remain(tmp_path: Path) -> None:
    """`briefbot check --strict` exits 2 naming the briefings not reviewed yet, and passes once no mark is left."""
    config = content_with(tmp_path, {"draft": marked("draft", [1]), "done": REVIEWED.format(id="done")})
    out = briefbot("--config", str(config), "check", "--strict")
    assert out.returncode == 2
    assert "check --strict: 1 briefing(s) not reviewed yet (draft)" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "content" / "draft" / "briefing.yaml").write_text(REVIEWED.format(id="draft"), encoding="utf-8")
    assert briefbot("--config", str(config), "check", "--strict").returncode == 0
