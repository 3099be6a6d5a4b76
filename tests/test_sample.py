"""The sample shipped in the package: found in a checkout, standing in for a missing content folder, `init`."""
from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot import sample
from tests.conftest import CONTENT, MAIN_ID, ROOT


def test_in_a_checkout_the_sample_is_the_top_level_content_and_example_config() -> None:
    """From a source checkout the sample files are the top-level content/ and config.example.yaml themselves
    (the installed wheel carries copies: tests/ops/test_packaging.py)."""
    assert sample.files() == ROOT and sample.content_dir() == CONTENT


def test_a_missing_default_folder_falls_back_to_the_sample_with_one_log_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """No content folder configured or found: the bundled sample, said once at INFO; a found one is used as is."""
    with caplog.at_level(logging.INFO, logger="bot.sample"):
        assert sample.content_for(tmp_path / "content", explicit=False) == CONTENT
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == (f"no content folder at {tmp_path / 'content'}: using the sample briefing bundled with briefbot "
                    f"({CONTENT}); `briefbot init` writes an editable copy and a config")
    caplog.clear()
    (tmp_path / "content").mkdir()
    assert sample.content_for(tmp_path / "content", explicit=False) == tmp_path / "content"
    assert sample.content_for(tmp_path / "elsewhere", explicit=True) == tmp_path / "elsewhere"  # never replaced
    assert caplog.records == []


def test_init_writes_the_config_and_the_sample_briefing(tmp_path: Path) -> None:
    """init writes config.yaml (the commented example) and content/<id>/ with both files, and lists them."""
    written = sample.init(tmp_path / "bot")
    assert written == [tmp_path / "bot" / "config.yaml", tmp_path / "bot" / "content" / MAIN_ID / "article.txt",
                       tmp_path / "bot" / "content" / MAIN_ID / "briefing.yaml"]
    assert (tmp_path / "bot" / "config.yaml").read_bytes() == (ROOT / "config.example.yaml").read_bytes()
    assert (tmp_path / "bot" / "content" / MAIN_ID / "briefing.yaml").read_bytes() == \
        (CONTENT / MAIN_ID / "briefing.yaml").read_bytes()


def test_init_overwrites_nothing(tmp_path: Path) -> None:
    """If any file init would write exists, it writes none and says which exist."""
    (tmp_path / "config.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(sample.InitError, match=rf"^{re.escape(str(tmp_path / 'config.yaml'))} already exists; "
                                              "nothing was written"):
        sample.init(tmp_path)
    assert (tmp_path / "config.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "content").exists()
