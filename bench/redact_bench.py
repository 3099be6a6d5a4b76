"""Log redaction on 1 MB adversarial inputs: the redactor's time next to one plain re.sub over the same text.

Each shape is built to make a backtracking pattern rescan the rest of the input from every position
(the old Discord-token pattern took 11 s on 200 KB of 'M-M-M-'). Linear cost shows as a time that grows
with the size (quarter size vs full size, ratio ~4) and stays a small multiple of the baseline: one plain
`re.sub` of one Slack-token pattern over the same text, the least a redactor could do.

    python bench/redact_bench.py [--size BYTES] [--repeat N]
"""
from __future__ import annotations

import argparse
import functools
import logging
import platform
import re
import time
from collections.abc import Callable

from bot.logs import Redactor, TextFormatter

SECRETS = ["xoxb-2718281828-3141592653589-Zq8WbVnR4tY7uKpLm3XcA9dE", "8f14e45fceea167a5a36dedd4bea2543",
           'pä"ss/w@rd!', "MTI3NDU2Nzg5MDEyMzQ1Njc4OQ.GhT2kq.Xy7z-AbCdEfGhIjKlMnOpQrStUvWxYz012345"]
OLD_DISCORD = r"\b[MNO][A-Za-z0-9_-]{22,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"  # quadratic: unbounded, then '.'
OLD_SIZE = 50_000
SHAPES: dict[str, str] = {  # name -> unit repeated up to the size
    "M-M-M- (Discord token start)": "M-",
    "base64 run with dots": "MTI3NDU2Nzg5MDEyMzQ1Njc4.GhT2kq.",
    "long base64 run": "aGVsbG8gd29ybGQ",
    "repeated xoxb-": "xoxb-",
    "xoxb- with short tails": "xoxb-12 ",
    "many @": "@",
    "user:pw@ no host end": ":a@",
    "many postgresql://": "postgresql://",
    "postgresql://u: no @": "postgresql://u:p/",
    "token=\" unclosed": 'token="',
    "'token': ' unclosed": "'token': '",
    "password= keys": "password=",
    "hooks.slack-gov.com/": "hooks.slack-gov.com/",
    "/interactions/<id>/": "/interactions/12345678901234567/",
    "newlines and escapes": "\n\x1b[31m\u2028",
}


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    redact = Redactor(SECRETS)
    baseline = re.compile(r"xox[a-z]-[0-9A-Za-z-]+")
    formatter = TextFormatter(redact)
    print(f"log redaction, {args.size:,} characters per input, best of {args.repeat}, "
          f"Python {platform.python_version()}")
    print(f"{'shape':32} {'baseline re.sub':>16} {'redactor':>10} {'x base':>7} {'1/4 size':>9} {'growth':>7}"
          f" {'clip+escape':>12}")
    for name, unit in SHAPES.items():
        text = (unit * (args.size // len(unit) + 1))[:args.size]
        quarter = text[:args.size // 4]
        base = best(functools.partial(baseline.sub, "[REDACTED]", text), args.repeat)
        full = best(functools.partial(redact, text), args.repeat)
        small = best(functools.partial(redact, quarter), args.repeat)
        record = best(functools.partial(_format, formatter, text), args.repeat)
        print(f"{name:32} {base * 1000:13.1f} ms {full * 1000:7.1f} ms {full / base:6.1f}x {small * 1000:6.1f} ms"
              f" {full / small:6.1f}x {record * 1000:9.2f} ms")
    old = re.compile(OLD_DISCORD)
    text = "M-" * (OLD_SIZE // 2)
    print(f"for contrast, the Discord-token pattern this replaced, on {OLD_SIZE:,} characters of 'M-M-M-':"
          f" {best(lambda: old.sub('[REDACTED]', text), 1) * 1000:.0f} ms")
    print("growth: full size / quarter size (4.0 is linear, 16 would be quadratic);"
          " clip+escape: one whole log record, message cut to 10,000 characters")


def _format(formatter: TextFormatter, message: str) -> str:
    """A log record of `message` made and formatted, as the bot's handler would."""
    return formatter.format(logging.LogRecord("bench", logging.INFO, __file__, 0, "%s", (message,), None))


if __name__ == "__main__":
    main()
