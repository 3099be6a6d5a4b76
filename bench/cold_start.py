"""Cold start: a fresh `briefbot ask` process next to the import floor, `python -c "import yaml, pydantic, bm25s"`.

The floor is what any process that reads a YAML briefing, validates it and ranks passages pays before doing any
work. Each round runs every command once, in an order shuffled per round (paired, interleaved: a noisy moment
hits all of them alike); the figures are medians over the rounds and the ratio is each command's median over the
floor's median from the same rounds, and, steadier on a busy machine, the paired ratio: the median over rounds
of each round's time over that round's floor. Each is given for wall time and for CPU time (user + system),
which a busy machine disturbs less.

    .venv/bin/python bench/cold_start.py [--runs 21] [--question "Who wrote the article?"] [--brief]
        [--importtime] [--compare DIR] [--cache warm|empty]

--importtime prints the slowest imports of one `briefbot ask` (`python -X importtime`), to see what to cut.
--compare DIR also times `ask` from another checkout of the source (e.g. `git archive REV | tar -x -C DIR`),
run with this venv and DIR first on PYTHONPATH: before and after in the same rounds.
--cache: briefbot's cache folder ($BRIEFBOT_CACHE_DIR: the sentence vectors, and the index build cache where the
code has one) is a fresh folder warmed by the untimed first run (warm, the default), or emptied before every run.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
FLOOR = "import yaml, pydantic, bm25s"


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(cmd: list[str], env: dict[str, str], cwd: str, empty_cache: bool = False) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one run of `cmd`."""
    if empty_cache:
        shutil.rmtree(env["BRIEFBOT_CACHE_DIR"], ignore_errors=True)
    t, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed, cpu = time.perf_counter() - t, _cpu() - cpu
    if done.returncode not in (0, 1):  # 1: `ask` abstained, still a full run
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, cpu


def importtime(cmd: list[str], env: dict[str, str], cwd: str, top: int) -> None:
    """The `top` slowest imports of `cmd` by cumulative time, outermost first."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "import sys; from bot.__main__ import main; sys.argv[0] = 'briefbot'; sys.exit(main())",
                           *cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative), name[1:].rstrip()))  # nested imports are indented
    top_level = [(us, name) for us, name in rows if not name.startswith(" ")]
    print(f"\nslowest top-level imports of `briefbot {' '.join(cmd)}` (cumulative ms):")
    for us, name in sorted(top_level, reverse=True)[:top]:
        print(f"  {us / 1000:7.1f}  {name}")
    total = sum(us for us, _ in top_level)
    print(f"  {total / 1000:7.1f}  all imports")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21, help="rounds; each runs every command once")
    ap.add_argument("--question", default="Who wrote the article?")
    ap.add_argument("--brief", action="store_true", help="time `briefbot brief` too")
    ap.add_argument("--importtime", action="store_true", help="print the slowest imports of one `briefbot ask`")
    ap.add_argument("--compare", metavar="DIR", help="also time `ask` from the source checkout in DIR")
    ap.add_argument("--cache", choices=("warm", "empty"), default="warm",
                    help="briefbot's cache folder warmed once, or emptied before each run")
    args = ap.parse_args()
    env = dict(os.environ)
    env.pop("BRIEFBOT_CONFIG", None)
    briefbot = str(BIN / "briefbot")
    commands: dict[str, list[str]] = {
        "floor: import yaml, pydantic, bm25s": [sys.executable, "-c", FLOOR],
        f"briefbot ask {args.question!r}": [briefbot, "ask", args.question],
    }
    if args.brief:
        commands["briefbot brief"] = [briefbot, "brief"]
    if args.compare:
        src = Path(args.compare).resolve()
        main = f"import sys; sys.path.insert(0, {str(src)!r}); from bot.__main__ import main; sys.exit(main())"
        commands[f"ask from {src.name}"] = [sys.executable, "-c", main, "ask", args.question]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {args.runs} interleaved rounds; "
          f"the bundled sample briefing, no config file; cache folder {args.cache}")
    with tempfile.TemporaryDirectory() as empty:  # no config.yaml nor content/ here: the bundled sample
        env["BRIEFBOT_CACHE_DIR"] = os.path.join(empty, ".cache")
        # compiled modules as an installed package has them (pip writes them): kept under the temporary folder, so
        # the source tree gets no __pycache__ and a PYTHONDONTWRITEBYTECODE set for it does not make every run
        # compile bot/ from source
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(empty, "pycache")
        for cmd in commands.values():  # warm the OS file cache, .pyc files and (if kept) the cache, untimed
            _time(cmd, env, empty)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        rng = random.Random(13)
        for _ in range(args.runs):
            order = list(commands)
            rng.shuffle(order)
            for name in order:
                is_floor = name == next(iter(commands))
                wall, cpu = _time(commands[name], env, empty, args.cache == "empty" and not is_floor)
                times[name].append(wall)
                cpus[name].append(cpu)
        if args.importtime:
            importtime(["ask", args.question], env, empty, 15)
    for what, table in (("wall", times), ("CPU (user + system)", cpus)):
        floors = next(iter(table.values()))
        print(f"\n{what + ' time':42s} {'median':>8s} {'min':>8s} {'ratio of medians':>17s} {'paired ratio':>13s}")
        for name, ts in table.items():
            paired = statistics.median(t / f for t, f in zip(ts, floors, strict=True))  # each round's own floor
            print(f"{name:42s} {statistics.median(ts) * 1000:6.0f}ms {min(ts) * 1000:6.0f}ms "
                  f"{statistics.median(ts) / statistics.median(floors):16.2f}x {paired:12.2f}x")
    print("\npaired ratio: the median over rounds of the command's time over the floor's time in the same round;\n"
          "CPU time counts the process's own work only, so it moves less than wall time on a busy machine")

if __name__ == "__main__":
    main()
