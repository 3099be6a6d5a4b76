"""The draft briefing: each wiring rule of bot/authoring/draft.py, on made-up passages, and the whole draft's scores
on the made-up dev articles of fixtures/drafts_dev."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bench.draft_quality import Ratio, entity_scores, inside, words
from bot.authoring.draft import UNKNOWN_SPEAKER, draft
from bot.authoring.fetch import Page
from bot.core.briefing import Briefing
from bot.core.loader import found_verbatim
from bot.core.text import fold

DEV = Path(__file__).parent / "fixtures" / "drafts_dev"

STORY = """Harwick council backs $12 million flood wall

Residents downstream say the plan moves the water onto them

By Dana Moreau, Harwick Tribune

Published March 4, 2025

HARWICK — The Harwick town council voted 7 to 2 on Monday to build a $12 million flood wall along the Tamsin river.

"We have waited too long for this," said Councillor Priya Raman, who chairs the council's works committee.

Mayor Leo Whitcombe said the wall would protect 3,400 homes. "Every spring we fill sandbags," Whitcombe said.

Construction will begin on April 14 and is due to finish by the end of 2026.

Critics argued the money should go to drainage instead.
"""


def drafted(article: str = STORY, page: Page | None = None) -> dict[str, Any]:
    return draft(article, "harwick", page).data


def entity(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in data["entities"] if e["name"] == name)


def test_the_draft_is_a_valid_briefing_whose_spans_are_verbatim() -> None:
    """The dict validates as a Briefing, and every evidence and quote text passes the loader's verbatim check."""
    data = drafted()
    Briefing.model_validate(data)
    spans = [f["evidence"] for f in data["facts"]] + [e["evidence"] for e in data["timeline"]]
    assert all(found_verbatim(s, fold(STORY)) for s in spans + [q["text"] for q in data["quotes"]])


def test_headline_standfirst_byline_and_date_line_fill_the_metadata() -> None:
    """The first paragraph is the title, a line under it that is no sentence the subtitle; the byline gives
    author and publication, the date line the published date; none of them becomes a fact."""
    meta = drafted()["metadata"]
    assert meta["title"] == "Harwick council backs $12 million flood wall"
    assert meta["subtitle"] == "Residents downstream say the plan moves the water onto them"
    assert (meta["author"], meta["publication"], meta["published"]) == ("Dana Moreau", "Harwick Tribune", "2025-03-04")
    assert not [f for f in drafted()["facts"] if "Moreau" in f["evidence"] or "Published" in f["evidence"]]


def test_a_fetched_page_gives_what_the_text_does_not() -> None:
    """With --url, the page's author, site, date and address fill the metadata."""
    page = Page(text="", title="Harwick council backs flood wall", author="Ann Example and Bo Sample",
                published="2025-03-05", publication="The Harwick Tribune", url="https://tribune.example/wall")
    bare = STORY.replace("By Dana Moreau, Harwick Tribune\n\n", "").replace("Published March 4, 2025\n\n", "")
    meta = drafted(bare, page)["metadata"]
    assert (meta["author"], meta["publication"]) == ("Ann Example and Bo Sample", "The Harwick Tribune")
    assert (meta["published"], meta["url"], meta["title"]) == ("2025-03-05", "https://tribune.example/wall",
                                                               "Harwick council backs flood wall")


def test_each_author_is_a_person_whose_role_is_the_byline() -> None:
    """Every name of the byline is an entity of type person, unless the story already names them."""
    page = Page("", "", "Ann Example and Bo Sample", "", "", "")
    data = drafted(page=page)
    assert entity(data, "Ann Example")["type"] == entity(data, "Bo Sample")["type"] == "person"
    assert entity(data, "Bo Sample")["role"] == "Author of the article."


def test_a_dateline_is_left_out_of_facts_and_summaries() -> None:
    """'HARWICK — ' opens no fact, event or summary; what follows it is still a verbatim span."""
    made = draft(STORY, "harwick")
    assert made.sentences[0].startswith("The Harwick town council voted 7 to 2")
    summaries = made.data["summaries"]
    opening = [s[:8] for s in [summaries["tldr"], *summaries["short"], *(f["evidence"] for f in made.data["facts"])]]
    assert "HARWICK" not in opening


def test_a_named_speaker_is_resolved_to_the_entity() -> None:
    """'"…," Whitcombe said' gives the Leo Whitcombe entity, a titled name ('Councillor Priya Raman') its entity."""
    data = drafted()
    speakers = {q["text"]: q["speaker"] for q in data["quotes"]}
    assert speakers["Every spring we fill sandbags"] == entity(data, "Leo Whitcombe")["id"]
    assert speakers["We have waited too long for this"] == entity(data, "Priya Raman")["id"]


def test_titles_become_roles() -> None:
    """The entity's role comes through from its title ('Mayor Leo Whitcombe')."""
    assert entity(drafted(), "Leo Whitcombe")["role"].lower() == "mayor"


def test_unknown_speaker_only_when_no_speaker_is_named() -> None:
    """Every quote named: no 'unknown-speaker' entity; a quote with no speaker anywhere near: one."""
    assert UNKNOWN_SPEAKER not in {e["id"] for e in drafted()["entities"]}
    data = drafted(STORY + '\nA banner outside the hall read "Nobody asked the people downstream".\n')
    assert {q["speaker"] for q in data["quotes"] if q["text"].startswith("Nobody asked")} == {UNKNOWN_SPEAKER}
    assert UNKNOWN_SPEAKER in {e["id"] for e in data["entities"]}


def test_a_speaker_no_entity_matches_becomes_an_entity() -> None:
    """A speaker named only by a description ('a lawyer for the families') is an entity of its own, not unknown."""
    data = drafted(STORY + '\n"We will appeal," said a lawyer for the families.\n')
    speaker = next(q["speaker"] for q in data["quotes"] if q["text"] == "We will appeal")
    assert speaker != UNKNOWN_SPEAKER and speaker in {e["id"] for e in data["entities"]}


def test_one_timeline_event_per_date_and_sentence() -> None:
    """A sentence naming one date twice, or said twice, gives one event; the events run in date order."""
    twice = "Inspections on April 14 and a vote on April 14 will decide it."
    data = drafted(STORY + f"\n{twice}\n\n{twice}\n")
    events = [(e["date"], e["evidence"]) for e in data["timeline"]]
    assert events.count(("2025-04-14", twice)) == 1 and len(set(events)) == len(events)
    assert [d for d, _ in events] == sorted(d for d, _ in events)


def test_timeline_years_come_from_the_published_date() -> None:
    """'April 14' in a story published in March 2025 is 2025-04-14."""
    assert ("2025-04-14", "April 14") in {(e["date"], e["label"]) for e in drafted()["timeline"]}


def test_facts_carry_figures_kinds_entities_and_dates() -> None:
    """A sentence with a figure is a fact with its figures whole, its kind, the entities and dates it names; an
    argument is a fact of kind argument."""
    data = drafted()
    facts = {f["evidence"]: f for f in data["facts"]}
    vote = next(f for e, f in facts.items() if e.startswith("The Harwick town council voted"))
    assert {"7 to 2", "$12 million"} <= set(vote["figures"]) and vote["tags"] == ["review"]
    assert vote["dates"] == ["2025-03-03"] and entity(data, "Tamsin")["id"] in vote["entities"]
    assert facts["Critics argued the money should go to drainage instead."]["kind"] == "argument"


def test_a_sentence_with_no_figure_date_or_claim_is_no_fact() -> None:
    """Plain narrative ('The meeting ended late.') is not a candidate fact."""
    facts = drafted(STORY + "\nThe meeting ended late.\n")["facts"]
    assert facts and not [f for f in facts if f["evidence"].startswith("The meeting")]


def test_an_article_with_no_candidate_still_has_one_fact() -> None:
    """A briefing needs a fact: with no sentence that qualifies, the one that best sums up the article."""
    data = drafted("Quiet day at the harbour\n\nThe boats stayed in. The gulls did not mind.\n")
    assert [f["evidence"] for f in data["facts"]] in (["The boats stayed in."], ["The gulls did not mind."])


def test_an_article_with_no_sentence_drafts_no_fact_and_does_not_recurse() -> None:
    """A headline over a paragraph that never ends as a sentence gives no sentences and no facts (new-briefing then
    refuses it politely); it used to recurse until Python gave up."""
    result = draft("Headline\n\n" + "of the " * 3000, "x")
    assert result.sentences == [] and result.data["facts"] == []

def test_summaries_are_sentences_of_the_article() -> None:
    """tldr and short are extracted sentences (to rewrite), several of them, not the title."""
    summaries = drafted()["summaries"]
    assert all(found_verbatim(s, fold(STORY)) for s in [summaries["tldr"], *summaries["short"]])
    assert len(summaries["short"]) >= 3


def test_without_a_published_date_the_first_full_date_is_the_anchor() -> None:
    """With no date line or dated dateline, weekdays count from the first date the story prints in full; the
    metadata's published date stays empty, since nothing says it."""
    data = drafted("Port opens scanners\n\nROTTERDAM — The port began using 12 scanners on March 3, 2025.\n\n"
                   "Customs officers trained on them on Friday.\n")
    assert data["metadata"]["published"] == ""
    assert [t["date"] for t in data["timeline"]] == ["2025-02-28", "2025-03-03"]


def test_a_described_speaker_is_resolved_to_the_person_or_body_described() -> None:
    """"the mayor said" is the one person whose role is mayor; "a spokesperson for Coastline Buses" speaks for the
    company; "Secretary of State Marco Rubio’s remarks" are Marco Rubio's, though a town is called Rubio."""
    data = drafted("Ferry row\n\nBy Jo Example\n\nPublished March 4, 2025\n\n"
                   "Mayor Helen Park backed the plan. \"It is the right thing to do,\" the mayor said.\n\n"
                   "Coastline Buses Ltd runs the service. \"We have been clear from the start,\" a spokesperson "
                   "for Coastline Buses said.\n\nSecretary of State Marco Rubio spoke on Monday. Rubio’s remarks "
                   "regarding Cuba being “in a lot of trouble,” drew criticism.\n")
    names = {e["id"]: e["name"] for e in data["entities"]}
    assert [names[q["speaker"]] for q in data["quotes"]] == ["Helen Park", "Coastline Buses Ltd", "Marco Rubio"]

# ---------------------------------------------------------------------------------------------- the dev set

def _said_by(data: dict[str, Any], quote: dict[str, Any], speaker: str) -> bool:
    """The draft gives the quote to an entity with the speaker's full name or surname as a name or alias."""
    entity: dict[str, Any] = next((e for e in data["entities"] if e["id"] == quote["speaker"]), {})
    own = {" ".join(words(n)) for n in [entity.get("name", ""), *entity.get("aliases", [])]}
    return bool(own & {" ".join(words(speaker)), words(speaker)[-1]})


def dev_scores(only: set[str] | None = None) -> dict[str, float]:
    """The bench's measures (bench/draft_quality.py) over the dev articles (or only the files named), each a sum
    over all of them: entity precision, recall and type accuracy; the share of gold quotes found and the speaker
    accuracy over those; the timeline's recall of the gold dates."""
    sums: dict[str, list[int]] = {}
    for file, ratios in _dev_ratios().items():
        if only is None or file in only:
            for name, ratio in ratios.items():
                sums.setdefault(name, [0, 0])
                sums[name][0] += ratio.hits
                sums[name][1] += ratio.total
    return {name: hits / total for name, (hits, total) in sums.items()}


@cache
def _dev_ratios() -> dict[str, dict[str, Ratio]]:
    """Each dev article's measures, drafted once for all the groups a test sums."""
    out = {}
    for article in yaml.safe_load((DEV / "expected.yaml").read_text(encoding="utf-8"))["articles"]:
        data = draft((DEV / article["file"]).read_text(encoding="utf-8"), "dev").data
        gold = [{"name": name, "type": kind} for name, kind in article["entities"].items()]
        ratios = dict(entity_scores(data["entities"], gold))
        found = right = 0
        for want in article["quotes"]:
            hits = [q for q in data["quotes"] if inside(words(want["starts"]), words(q["text"]))]
            found += bool(hits)
            right += any(_said_by(data, q, want["speaker"]) for q in hits)
        wanted, have = {str(d) for d in article["dates"]}, {str(t["date"]) for t in data["timeline"]}
        ratios.update(quotes_found=Ratio(found, len(article["quotes"])), speaker_accuracy=Ratio(right, found),
                      date_recall=Ratio(len(wanted & have), len(wanted)))
        out[article["file"]] = ratios
    return out


THIRD_ROUND = {"kilnworth.txt", "tanner.txt", "fisheries.txt"}
FOURTH_ROUND = {"lockkeepers.txt", "brackley.txt", "marchetti.txt"}
FIFTH_ROUND = {"dunmore.txt", "ashgrove.txt"}
SIXTH_ROUND = {f"{name}.txt" for name in (
    "r6e_takeover", "r6e_border", "r6e_festival", "r6x_airline", "r6x_election", "r6x_patent",  # entity types
    "r6d_bridge", "r6d_shop", "r6d_coffee", "r6t_reservoir", "r6t_transit", "r6t_probe",  # dates and anchors
    "r6q_dockers", "r6q_libraries", "r6q_trial", "spk_ferry", "spk_landlord", "spk_exams")}  # quote speakers
SEVENTH_ROUND = {f"r7{name}.txt" for name in (  # entity types, by three writers
    "a_lockmaker", "a_comeback", "a_seltzer", "b_harbourlight", "b_corvane", "b_accord",
    "c_council", "c_mnd", "c_boat")}
EIGHTH_ROUND = {f"r8{name}.txt" for name in (  # ordinary news of many kinds, by three writers
    "d_scooter", "d_montreal", "d_starterhomes", "e_drought", "e_obituary", "e_strike",
    "f_floods", "f_sensors", "f_academy")}
NINTH_ROUND = {f"r9{name}.txt" for name in (  # ordinary news of many kinds, by three more writers
    "g_sonora", "g_harker", "g_clerk", "h_sindhfloods", "h_rentready", "h_halo2", "i_slievecarn", "i_cordell",
    "i_holroyd")}
TENTH_ROUND = {f"r10{name}.txt" for name in (  # and three more
    "j_quillon", "j_hollenstein", "j_trolleys", "k_harrowpoint", "k_assessment", "k_pipeline", "l_batteries",
    "l_library", "l_lunar")}
ELEVENTH_ROUND = {f"r11{name}.txt" for name in (  # a takeover, sport, tech and culture, by three more
    "m_mining", "m_rugby", "m_takeover", "n_heat", "n_lumen", "n_midland", "o_gameseven", "o_lanternyards",
    "o_seorinchips")}
TWELFTH_ROUND = {f"r12{name}.txt" for name in (  # a trial, a strike, oil, a ferry, an outbreak and more
    "p_festival", "p_fraud", "p_river", "q_crude", "q_porters", "q_rentals", "r_ferry", "r_glass", "r_nipah")}
THIRTEENTH_ROUND = {f"r13_{name}.txt" for name in (  # a recall, layoffs, a Test match, a wildfire and more
    "calloway", "lanternfall", "millbrook", "museum", "penrose", "santos", "sarb", "thunder", "tumble")}
FOURTEENTH_ROUND = {f"r14_{name}.txt" for name in (  # a rail crash, an EU vote, a grand prix, an obituary and more
    "ange", "arabica", "czech", "eu", "ferrule", "harborline", "liberia", "tallowood", "vellinger")}
FIFTEENTH_ROUND = {f"r15_{name}.txt" for name in (  # football, results, a ward closure, coalition talks and more
    "airport", "argyle", "chepauk", "coalition", "halden", "heartjab", "hospital", "sxsw", "ward")}
SIXTEENTH_ROUND = {f"r16_{name}.txt" for name in (  # streaming, a trial, hockey, Nigerian politics, floods and more
    "asda", "blockship", "deakin", "ekiti", "kraken", "lumio", "norvane", "sunvault", "teme")}
SEVENTEENTH_ROUND = {f"r17_{name}.txt" for name in (  # a stage race, a buyback, rates, a shooting, Suez and more
    "album", "buyback", "cable", "hollowmere", "kelvingrove", "kestrel", "meadows", "miami", "rates", "shooting",
    "stage", "suez")}
EIGHTEENTH_ROUND = {f"r18_{name}.txt" for name in (  # transfers, a chatbot, cyclones, a carmaker, a streamer and more
    "bonds", "chatbot", "clarendon", "cyclones", "deadline", "faida", "haw", "langkawi", "measles", "serum",
    "tidewater", "zwickau")}
LATER_ROUNDS = SIXTH_ROUND | SEVENTH_ROUND | EIGHTH_ROUND | NINTH_ROUND | TENTH_ROUND | ELEVENTH_ROUND | TWELFTH_ROUND \
    | THIRTEENTH_ROUND | FOURTEENTH_ROUND | FIFTEENTH_ROUND | SIXTEENTH_ROUND | SEVENTEENTH_ROUND | EIGHTEENTH_ROUND


def test_dev_set_scores() -> None:
    """On the made-up dev articles, the bench's measures stay near what was measured. First run of the first five,
    before any change for them (the honest estimate): entity precision 0.76, recall 0.94, type accuracy 0.88, quotes
    found 1.00, speaker accuracy 1.00, timeline date recall 0.68. First run of the three added in the second round
    (hillcrest, eagles, pruitt), on the code tuned to the five: 0.89, 0.93, 0.83, 0.90, 1.00, 0.88. First run of the
    three of the third round (kilnworth, tanner, fisheries), on the code tuned to the eight: 0.77, 0.94, 0.78, 0.79,
    1.00, 0.73. First run of the three of the fourth round (lockkeepers, a feature with many speakers; brackley, local
    politics with firms, a charity and a ship named like people; marchetti, an obituary dated "the following year",
    "two decades later" under a year-less dateline), on the code tuned to the eleven: 0.86, 0.95, 0.87, 1.00, 0.79,
    0.68; their golds then dated a season by its month, where the earlier golds date it by its year ("the summer of
    2023": 2023), and with that one convention made the same the first run's date recall is 0.81. First run of the
    two of the fifth round (dunmore, an ice storm told over several days by weekday and time; ashgrove, a city budget
    and ballot calendar of deadlines, "by the end of the month", "mid-March", "the 1990s", "on Jan. 9 and again on
    Jan. 23, 2025"), on the code tuned to the fourteen: 1.00, 0.96, 0.91, 1.00, 1.00, 0.80 (date recall of all
    sixteen 0.915, 0.948 after the rules they showed). First run of the eighteen of the sixth round, three each by
    six people working on entity types, dates and quote speakers, on the code tuned to the sixteen: entity types
    0.81 / 0.80 (types' two sets), date recall 0.24 / 0.42 (dates' two sets: every miss a whole article whose anchor
    was not read), speaker accuracy 0.66 / 0.71 (speakers' two sets). First runs of rounds seven, eight and nine, nine
    articles each by three writers, each on the code tuned to the rounds before it (precision, recall, type accuracy,
    quotes found, speaker accuracy, date recall): 0.85, 0.88, 0.83, 0.99, 0.93, 0.935 (seventh, rich in hard names);
    0.84, 0.89, 0.908, 1.00, 0.912, 0.932 (eighth, ordinary news); 0.86, 0.91, 0.845, 0.99, 0.953, 0.879 (ninth);
    0.85, 0.89, 0.861, 1.00, 0.964, 0.950 (tenth); 0.861, 0.907, 0.865, 1.00, 0.957, 0.959 (eleventh); 0.859,
    0.916, 0.919, 1.00, 0.929, 0.912 (twelfth, on the rules the eleventh showed); 0.787, 0.884, 0.852, 0.99,
    0.962, 0.843 (thirteenth; five of its nine print the headline straight above the byline, with no blank line);
    0.783, 0.901, 0.856, 1.00, 0.896, 0.870 (fourteenth); 0.869, 0.886, 0.836, 1.00, 0.925, 0.830 (fifteenth, whose
    writers' brief asked for a month or a year as its first day: its golds were put back to the set's convention,
    "2025-06" and "2025", before this first run); 0.846, 0.882, 0.827, 1.00, 0.953, 0.951 (sixteenth; type 0.890
    once the model of untyped names, trained without it, typed its names); 0.855, 0.900, 0.878, 0.99, 0.909, 0.881
    (seventeenth, twelve articles by four writers, on that model; the rules' guesses alone typed 0.835); 0.863, 0.900,
    0.828, 0.97, 0.933, 0.915 (eighteenth, twelve by four more, on the model fitted to the seventeen rounds before
    it; the rules' guesses alone 0.791).
    Each round keeps floors at what the rules after it measured, rounded down."""
    every = {a["file"] for a in yaml.safe_load((DEV / "expected.yaml").read_text(encoding="utf-8"))["articles"]}
    assert every >= LATER_ROUNDS
    every -= LATER_ROUNDS
    groups = {"first eight": every - THIRD_ROUND - FOURTH_ROUND - FIFTH_ROUND,
              "eleven": every - FOURTH_ROUND - FIFTH_ROUND, "fourteen": every - FIFTH_ROUND, "sixteen": every,
              "sixth": SIXTH_ROUND, "thirty-four": every | SIXTH_ROUND, "seventh": SEVENTH_ROUND,
              "eighth": EIGHTH_ROUND, "ninth": NINTH_ROUND, "tenth": TENTH_ROUND, "eleventh": ELEVENTH_ROUND,
              "twelfth": TWELFTH_ROUND, "thirteenth": THIRTEENTH_ROUND,
              "fourteenth": FOURTEENTH_ROUND, "fifteenth": FIFTEENTH_ROUND,
              "sixteenth": SIXTEENTH_ROUND, "seventeenth": SEVENTEENTH_ROUND,
              "eighteenth": EIGHTEENTH_ROUND}
    below = {(group, measure): round(score, 3) for group, files in groups.items()
             for measure, score in dev_scores(files).items() if score < DEV_FLOORS[group][measure]}
    assert below == {}


# what each group of dev articles measures at least: precision, recall, type accuracy, quotes found, speaker accuracy,
# date recall, as in dev_scores
DEV_FLOORS = {group: dict(zip(("entity_precision", "entity_recall", "type_accuracy", "quotes_found",
                               "speaker_accuracy", "date_recall"), floors, strict=True)) for group, floors in {
    "first eight": (0.95, 0.97, 0.97, 0.98, 0.95, 0.98),
    "eleven": (0.94, 0.97, 0.96, 0.98, 0.95, 0.92),
    "fourteen": (0.94, 0.98, 0.96, 0.98, 0.99, 0.93),
    "sixteen": (0.95, 0.97, 0.97, 0.99, 0.99, 0.95),
    "sixth": (0.93, 0.96, 0.96, 0.99, 0.99, 0.99),
    "thirty-four": (0.93, 0.97, 0.97, 0.99, 0.99, 0.97),
    "seventh": (0.85, 0.91, 0.91, 0.99, 0.93, 0.93),
    "eighth": (0.91, 0.96, 0.93, 0.99, 0.97, 0.93),
    "ninth": (0.87, 0.91, 0.88, 0.99, 0.96, 0.94),
    "tenth": (0.84, 0.89, 0.88, 0.99, 0.96, 0.95),
    "eleventh": (0.87, 0.92, 0.91, 0.99, 0.97, 0.95),
    "twelfth": (0.86, 0.91, 0.95, 0.99, 0.97, 0.96),
    "thirteenth": (0.78, 0.90, 0.90, 0.99, 0.97, 0.94),
    "fourteenth": (0.75, 0.85, 0.91, 0.99, 0.91, 0.90),
    "fifteenth": (0.86, 0.88, 0.83, 0.99, 0.94, 0.94),
    "sixteenth": (0.84, 0.88, 0.88, 0.99, 0.95, 0.95),
    "seventeenth": (0.85, 0.89, 0.92, 0.98, 0.92, 0.88),
    "eighteenth": (0.86, 0.89, 0.89, 0.97, 0.93, 0.91),
}.items()}


def test_the_headline_is_under_a_header_block_not_the_block() -> None:
    """A magazine prints its byline, section and date above the headline: the title is the headline, the line
    under it the standfirst, and the block is no part of the story."""
    data = draft("LENA HOLLOWAY\nSCIENCE\nFEB 9, 2027 7:30 AM\n\nComets Are Bluer Than We Thought\n\nA new survey "
                 "of 40 comets\n\nAstronomers said on Monday that the comet was blue.", "x").data
    assert (data["metadata"]["title"], data["metadata"]["subtitle"]) == ("Comets Are Bluer Than We Thought",
                                                                         "A new survey of 40 comets")
    assert data["metadata"]["author"] == "Lena Holloway"
    assert not any("SCIENCE" in f["evidence"] for f in data["facts"])


def test_a_person_named_in_full_only_in_the_standfirst_is_that_person_in_the_story() -> None:
    """The standfirst names "Tomas Arrieta"; the story only "Arrieta": he is one person, who speaks in it."""
    data = draft("Nordqvist holds on in Montreal\n\nElias Nordqvist held off championship leader Tomas Arrieta after a "
                 "late safety car\n\nElias Nordqvist won the race on Sunday.\n\nArrieta was measured. \"Second is not "
                 "a disaster,\" he told reporters.", "x").data
    arrieta = [e for e in data["entities"] if "Arrieta" in e["name"]]
    assert [(e["name"], e["type"]) for e in arrieta] == [("Tomas Arrieta", "person")]
    assert [q["speaker"] for q in data["quotes"]] == [arrieta[0]["id"]]


def test_a_spanish_name_goes_by_its_first_surname() -> None:
    """"Rogelio Cárdenas Ibarra" is "Cárdenas" later, and speaks as that person."""
    data = draft("Mine permit frozen\n\nDeputy Minister Rogelio Cárdenas Ibarra said the government would not appeal."
                 "\n\n\"The rules on water are real,\" Cárdenas told reporters.", "x").data
    people = [e for e in data["entities"] if "Cárdenas" in e["name"]]
    assert [(e["name"], e["type"]) for e in people] == [("Rogelio Cárdenas Ibarra", "person")]
    assert [q["speaker"] for q in data["quotes"]] == [people[0]["id"]]


def test_the_publication_named_in_the_story_is_an_organisation() -> None:
    """A wire service a dateline names ("(Orvane)"), when the story names it again ("told Orvane"), is
    an organisation; nothing else about a lone name would say so."""
    data = draft("Port reopens\n\nVELMORA, March 5 (Orvane) - The port reopened on Thursday.\n\n"
                 "Officials did not respond to questions from Orvane.", "x").data
    assert {e["name"]: e["type"] for e in data["entities"]}.get("Orvane") == "organisation"


def test_a_speaker_named_with_a_post_nominal_is_the_person() -> None:
    """"Jonathan Reddaway KC said" is Jonathan Reddaway, not a new entity with "KC" in its name."""
    data = draft('Trial opens\n\nJonathan Reddaway KC, for the prosecution, spoke first.\n\n"He designed it, he '
                 'signed it and he hid it," Jonathan Reddaway KC said.', "x").data
    speakers = {q["speaker"] for q in data["quotes"]}
    assert speakers == {e["id"] for e in data["entities"] if e["name"] == "Jonathan Reddaway"}


def test_a_dateline_of_two_bureaus_names_no_entity() -> None:
    """"FENWICK, Scotland/OSTBURG, Sept 18 (Reuters) -": both bureaus are the dateline's, not the story's names."""
    data = draft("Rocket fails\n\nFENWICK, Scotland/OSTBURG, Sept 18 (Reuters) - The rocket broke apart.", "x").data
    assert data["entities"] == [] and data["metadata"]["publication"] == "Reuters"


def test_a_headline_printed_straight_above_its_byline_is_the_title_and_the_lead_is_story() -> None:
    """No blank line between the headline, the byline and the date: the headline is still the title, and the
    first paragraph under them the story's lead, not the title."""
    data = draft("Plant shuts after leak\nBy Ann Vale\nNov 12, 2025 10:45am\n\nThe Harlow plant closed on Monday "
                 "after a leak.\n\nWorkers were sent home.", "x").data
    assert (data["metadata"]["title"], data["metadata"]["author"]) == ("Plant shuts after leak", "Ann Vale")
    assert data["facts"][0]["evidence"].startswith("The Harlow plant closed")


def test_a_paragraph_ending_on_the_colon_before_a_quotation_is_story() -> None:
    """"Superintendent Ana Ruiz said she learned of it last week. She said:" introduces the next paragraph's
    quotation: it is part of the story, and its names are the story's."""
    data = draft("Plan shelved\n\nSuperintendent Ana Ruiz said she learned of the plan last week. She said:\n\n"
                 "\"We were not asked.\"", "x").data
    assert [(e["name"], e["type"]) for e in data["entities"]] == [("Ana Ruiz", "person")]
