"""Text normalisation: normalise's fast path gives exactly what its definition (a character map, then each run
of regex white space one space, stripped) gives."""
from __future__ import annotations

import random
import re

from bot.core.text import fold, normalise, strip_chat_markup

_DEFINITION_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                                 "\u2014": "-", "\u00a0": " "})


def by_definition(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_DEFINITION_MAP)).strip()


def test_normalise_folds_typography_and_white_space() -> None:
    assert normalise("  \u201cIt\u2019s\u201d\u00a0\u2014 done\t\n now ") == "\"It's\" - done now"
    assert fold("The \u2018Port\u2019") == "the 'port'"
    assert strip_chat_markup("<@U123> hi  @here") == "hi"


def test_normalise_is_its_definition_on_every_white_space_and_mapped_character() -> None:
    """Every character the regex \\s matches (Unicode white space: str.isspace reads the same), the mapped
    typographic ones and a few others, in random strings."""
    spaces = [chr(c) for c in range(0x110000) if re.match(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(0x110000) if chr(c).isspace()]
    alphabet = [*spaces, *"\u2018\u2019\u201c\u201d\u2013\u2014\u00a0", *"ab .-'\"\x00\x1f", "\u00e9", "\u4e2d"]
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert normalise(text) == by_definition(text), repr(text)
    assert normalise("") == by_definition("") == ""
