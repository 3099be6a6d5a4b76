"""A made-up briefing for testing the engine's rules on passages no question set was written for."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answer import AnswerEngine
from bot.core.loader import load_content
from bot.core.store import ContentStore

ARTICLE = """Harbourtown Opens a New Ferry Line

The council says the crossing will cut commuting times in half

By Mara Quill

HARBOURTOWN (Coast Courier) — March 4, 2025

Harbourtown City Council opened a new electric ferry line on Monday, March 3, 2025, \
between the old quay and Gull Island.
The two ferries cost 14 million euros and carry up to 300 passengers each.
Mayor Tomas Reyes said the line was built because the bridge is closed for repairs until 2027.
"Nobody should lose an hour a day to traffic," Reyes said.
Last year the bridge carried 40,000 cars a day.
The bridge closed for repairs on January 10, 2025.
The council plans a second line to the airport in 2026.
"""

BRIEFING = """id: harbourtown-ferry
metadata:
  title: "Harbourtown Opens a New Ferry Line"
  author: "Mara Quill"
  publication: "Coast Courier"
  published: "2025-03-04"
  reading_time_minutes: 1
summaries:
  tldr: "Harbourtown opened a 14 million euro electric ferry line on March 3, 2025 while its bridge is closed."
  short: ["Two electric ferries link the old quay and Gull Island."]
  full: [{heading: "Harbourtown Opens a New Ferry Line", text: "The council opened an electric ferry line."}]
facts:
  - id: line-opened
    statement: "Harbourtown City Council opened a new electric ferry line on March 3, 2025."
    evidence: "Harbourtown City Council opened a new electric ferry line on Monday, March 3, 2025"
    entities: [council, gull-island]
    dates: ["2025-03-03"]
  - id: cost
    statement: "The two ferries cost 14 million euros and carry up to 300 passengers each."
    evidence: "The two ferries cost 14 million euros and carry up to 300 passengers each."
    figures: ["14 million euros", "300 passengers"]
  - id: why
    statement: "Mayor Tomas Reyes said the line was built because the bridge is closed for repairs until 2027."
    evidence: "Mayor Tomas Reyes said the line was built because the bridge is closed for repairs until 2027."
    entities: [tomas-reyes]
  - id: bridge-traffic
    statement: "Last year the bridge carried 40,000 cars a day."
    evidence: "Last year the bridge carried 40,000 cars a day."
  - id: bridge-closed
    statement: "The bridge closed for repairs on January 10, 2025."
    evidence: "The bridge closed for repairs on January 10, 2025."
    dates: ["2025-01-10"]
  - id: airport-line
    statement: "The council plans a second ferry line to the airport in 2026."
    evidence: "The council plans a second line to the airport in 2026."
    kind: prediction
    entities: [council]
    dates: ["2026"]
entities:
  - {id: council, name: "Harbourtown City Council", type: organisation, aliases: ["the council"],
     role: "The city's council, which runs the ferry line."}
  - {id: tomas-reyes, name: "Tomas Reyes", type: person, aliases: ["Reyes", "the mayor"], role: "Mayor of Harbourtown."}
  - {id: gull-island, name: "Gull Island", type: place, role: "Island linked to the old quay by the new line."}
timeline:
  - {date: "2025-03-03", label: "March 3, 2025", event: "The electric ferry line opens.",
     evidence: "opened a new electric ferry line on Monday, March 3, 2025", entities: [council]}
quotes:
  - {id: reyes-traffic, speaker: tomas-reyes, text: "Nobody should lose an hour a day to traffic",
     context: "On why the line matters."}
glossary:
  - {term: "the old quay", means: ["the ferry terminal in the harbour"]}
"""


@pytest.fixture(scope="session")
def made_up_store(tmp_path_factory: pytest.TempPathFactory) -> ContentStore:
    """The made-up briefing alone."""
    root = tmp_path_factory.mktemp("content")
    write(root, "harbourtown-ferry", ARTICLE, BRIEFING)
    return ContentStore(load_content(root))


@pytest.fixture(scope="session")
def made_up(made_up_store: ContentStore) -> AnswerEngine:
    """An engine over the made-up briefing alone."""
    return AnswerEngine(made_up_store)


def write(root: Path, briefing_id: str, article: str, briefing: str) -> Path:
    folder = root / briefing_id
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "briefing.yaml").write_text(briefing, encoding="utf-8")
    return folder
