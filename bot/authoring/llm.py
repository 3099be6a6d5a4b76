"""`new-briefing --llm`: a language model proposes summaries, fact wording and kinds, roles and quote speakers for
the offline draft; each proposal is checked (verbatim spans, known ids) and the draft is kept whenever the model
cannot help."""
from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, get_args

import urllib3
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.config import LlmConfig
from bot.core.briefing import Briefing, Fact
from bot.core.loader import found_verbatim
from bot.core.text import fold

__all__ = ["Report", "improve"]

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 2_000_000  # a proposal for one article is a few KB
KINDS = set(get_args(Fact.model_fields["kind"].annotation))  # reported, argument, prediction, background
INSTRUCTIONS = """You help a news editor turn one article into a briefing. You get the article and an automatic
draft of the briefing as JSON. Answer with one JSON object and nothing else. Every key is optional:
- "summaries": {"tldr": one sentence, "short": 3 to 6 sentences, "full": [{"heading": ..., "text": ...}]}, in your
  own words, saying only what the article says.
- "facts": [{"id": ..., "statement": ..., "kind": ..., "evidence": ...}]. "id" is a draft fact's id, or leave it out
  for a fact the draft missed. "statement" is the fact as one plain sentence of your own. "kind" is "reported"
  (something that happened or was said), "argument" (an opinion or a recommendation), "prediction" (what will or
  may happen) or "background" (context and history). "evidence" is copied character for character from the article.
- "entities": [{"id": ..., "role": ...}]: a draft entity's id and a short description of who or what it is here.
- "quotes": [{"id": ..., "speaker": ...}]: a draft quote's id and the id of the draft entity who said it; or
  {"text": ..., "speaker": ...} for a quote the draft missed, the text copied exactly from the article.
Use only ids from the draft. Add nothing the article does not say."""


@dataclass
class Report:
    """What the model's help came to, for one line on the terminal."""

    used: bool = False  # whether the model answered with a proposal that was merged
    message: str = ""
    merged: int = 0  # proposals taken into the draft
    not_verbatim: int = 0  # proposed evidence or quote texts not in the article: dropped
    unknown_ids: int = 0  # proposals naming a fact, entity or speaker the draft does not have: dropped
    invalid: int = 0  # proposals with an unknown kind or nothing in them: dropped
    changed: list[str] = field(default_factory=list)  # what was taken, as "facts/ID", "quotes/ID", "summaries"

    @property
    def dropped(self) -> int:
        return self.not_verbatim + self.unknown_ids + self.invalid


class LlmError(Exception):
    """The model could not help: unreachable, too slow, an HTTP error, or an answer that is not a proposal."""


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Section(_Loose):
    heading: str
    text: str


class _Summaries(_Loose):
    tldr: str = ""
    short: list[str] = []
    full: list[_Section] = []


class _Fact(_Loose):
    id: str = ""
    statement: str = ""
    kind: str = ""
    evidence: str = ""


class _Role(_Loose):
    id: str
    role: str


class _Quote(_Loose):
    id: str = ""
    text: str = ""
    speaker: str


class _Proposal(_Loose):
    summaries: _Summaries | None = None
    facts: list[_Fact] = []
    entities: list[_Role] = []
    quotes: list[_Quote] = []


def _messages(draft: dict[str, Any], article: str) -> list[dict[str, str]]:
    """The prompt: the instructions, then the article and the parts of the draft the model may improve."""
    keep = {"facts": ("id", "statement", "kind", "evidence"), "entities": ("id", "name", "type", "role"),
            "quotes": ("id", "speaker", "text")}
    shown = {part: [{k: item.get(k) for k in keys} for item in draft.get(part, [])] for part, keys in keep.items()}
    shown["summaries"] = draft.get("summaries", {})
    return [{"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": json.dumps({"article": article, "draft": shown}, ensure_ascii=False)}]


def _scrub(text: str, key: str) -> str:
    """A server's error text, one line, short, and without the key (some servers echo a wrong key back)."""
    text = " ".join(text.split())[:200]
    return text.replace(key, "[REDACTED]") if key else text


def _http_error(status: int, body: bytes, key: str) -> LlmError:
    try:
        phrase = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = str(status)
    try:
        detail = json.loads(body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        detail = body.decode("utf-8", "replace")
    return LlmError(f"the server answered {phrase}" + (f": {_scrub(str(detail), key)}" if detail else ""))


def _post(settings: LlmConfig, payload: dict[str, Any]) -> bytes:
    """POST {base_url}/chat/completions; the answer's body, or LlmError saying in one line why not."""
    url = f"{settings.base_url}/chat/completions"
    key = settings.api_key.get_secret_value()
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
    seconds = settings.timeout.total_seconds()
    log.info("asking %s at %s", settings.model, url)
    try:
        with urllib3.PoolManager() as pool:
            response = pool.request("POST", url, body=json.dumps(payload).encode("utf-8"), headers=headers,
                                    timeout=urllib3.Timeout(total=seconds), retries=False, redirect=False,
                                    preload_content=False)
            try:
                body = response.read(MAX_ANSWER_BYTES + 1)
            finally:
                response.close()
    except urllib3.exceptions.NewConnectionError:  # a ConnectTimeoutError too: checked before timeouts
        raise LlmError(f"cannot connect to {settings.base_url}; is the server running?") from None
    except urllib3.exceptions.TimeoutError:
        raise LlmError(f"{settings.base_url} did not answer within {seconds:g} seconds (llm.timeout)") from None
    except urllib3.exceptions.HTTPError as exc:
        raise LlmError(f"cannot reach {settings.base_url}: {_scrub(str(exc), key)}") from None
    if response.status != 200:
        raise _http_error(response.status, body, key)
    if len(body) > MAX_ANSWER_BYTES:
        raise LlmError(f"the answer is larger than {MAX_ANSWER_BYTES:,} bytes")
    return body


def _content(body: bytes) -> dict[str, Any]:
    """The JSON object in the model's message (a ```json fence around it is tolerated)."""
    try:
        content = json.loads(body)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmError("the server's answer is not an OpenAI-style chat completion") from None
    if not isinstance(content, str):
        raise LlmError("the model's message has no text")
    text = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        proposal = json.loads(text)
    except ValueError:
        raise LlmError(f"the model's answer is not JSON: {_scrub(text, '')[:80]!r}") from None
    if not isinstance(proposal, dict):
        raise LlmError("the model's answer is not a JSON object")
    return proposal


def _ask(settings: LlmConfig, draft: dict[str, Any], article: str) -> _Proposal:
    payload = {"model": settings.model, "messages": _messages(draft, article),
               "response_format": {"type": "json_object"}, "temperature": 0}
    answer = _content(_post(settings, payload))
    try:
        return _Proposal.model_validate(answer)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LlmError(f"the model's answer does not have the expected shape ({where}: {first['msg']})") from None


class _Merger:
    """Applies a proposal to a copy of the draft, one checked item at a time, counting what it drops."""

    def __init__(self, draft: dict[str, Any], article: str, report: Report):
        self.draft, self.report = copy.deepcopy(draft), report
        self.article = fold(article)
        self.entities = {e["id"] for e in self.draft.get("entities", [])}
        self.ids = {part: {item["id"]: item for item in self.draft.get(part, [])} for part in ("facts", "quotes")}

    def verbatim(self, span: str) -> bool:
        if span.strip() and found_verbatim(span, self.article):
            return True
        self.report.not_verbatim += 1
        return False

    def take(self, where: str) -> None:
        self.report.merged += 1
        self.report.changed.append(where)

    def new_id(self, part: str, stem: str) -> str:
        n = 1
        while f"{stem}-{n}" in self.ids[part]:
            n += 1
        return f"{stem}-{n}"

    def summaries(self, s: _Summaries | None) -> None:
        if s is None:
            return
        current = dict(self.draft.get("summaries", {}))
        short = [t.strip() for t in s.short if t.strip()]
        full = [{"heading": x.heading.strip(), "text": x.text.strip()} for x in s.full if x.text.strip()]
        for key, value in (("tldr", s.tldr.strip()), ("short", short), ("full", full)):
            if value:
                current[key] = value
                self.take(f"summaries/{key}")
        self.draft["summaries"] = current

    def fact(self, p: _Fact) -> None:
        if (p.kind and p.kind not in KINDS) or not (p.statement.strip() or p.kind or p.evidence):
            self.report.invalid += 1
            return
        known = self.ids["facts"].get(p.id)
        if p.id and known is None:
            self.report.unknown_ids += 1
            return
        if (known is None or p.evidence and p.evidence != known["evidence"]) and not self.verbatim(p.evidence):
            return
        if known is None:
            if not p.statement.strip():
                self.report.invalid += 1
                return
            known = {"id": self.new_id("facts", "model-fact"), "statement": "", "evidence": p.evidence,
                     "kind": "reported", "tags": ["review"], "entities": [], "dates": [], "figures": []}
            self.draft.setdefault("facts", []).append(known)
            self.ids["facts"][known["id"]] = known
        known.update({k: v for k, v in (("statement", p.statement.strip()), ("kind", p.kind),
                                        ("evidence", p.evidence)) if v})
        self.take(f"facts/{known['id']}")

    def role(self, p: _Role) -> None:
        entity = next((e for e in self.draft.get("entities", []) if e["id"] == p.id), None)
        if entity is None:
            self.report.unknown_ids += 1
        elif p.role.strip():
            entity["role"] = p.role.strip()
            self.take(f"entities/{p.id}")
        else:
            self.report.invalid += 1

    def quote(self, p: _Quote) -> None:
        known = self.ids["quotes"].get(p.id)
        if p.speaker not in self.entities or (p.id and known is None):
            self.report.unknown_ids += 1
            return
        if (known is None or p.text and p.text != known["text"]) and not self.verbatim(p.text):
            return
        if known is None:
            known = {"id": self.new_id("quotes", "model-quote"), "speaker": p.speaker, "text": p.text,
                     "context": ""}
            self.draft.setdefault("quotes", []).append(known)
            self.ids["quotes"][known["id"]] = known
        known.update({"speaker": p.speaker, **({"text": p.text} if p.text else {})})
        self.take(f"quotes/{known['id']}")


def _merge(draft: dict[str, Any], proposal: _Proposal, article: str, report: Report) -> dict[str, Any]:
    merger = _Merger(draft, article, report)
    merger.summaries(proposal.summaries)
    for f in proposal.facts:
        merger.fact(f)
    for r in proposal.entities:
        merger.role(r)
    for q in proposal.quotes:
        merger.quote(q)
    return merger.draft


def improve(draft_data: dict[str, Any], article: str, settings: LlmConfig) -> tuple[dict[str, Any], Report]:
    """The draft with the model's checked proposals merged, and a report; on any failure, the draft unchanged
    and a one-line reason. The draft is the plain-dict briefing (as briefing.yaml holds it)."""
    report = Report()
    try:
        proposal = _ask(settings, draft_data, article)
    except LlmError as exc:
        report.message = f"the model's help was not used: {exc}; the offline draft is kept"
        return draft_data, report
    merged = _merge(draft_data, proposal, article, report)
    try:
        Briefing.model_validate(merged)
    except ValidationError as exc:  # a proposal that passed each check but breaks the whole: keep the draft
        report.message = (f"the model's help was not used: the merged draft is not a valid briefing "
                          f"({exc.errors()[0]['msg']}); the offline draft is kept")
        return draft_data, Report(message=report.message)
    report.used = True
    report.message = (f"the model proposed {report.merged + report.dropped} changes: {report.merged} merged, "
                      f"{report.dropped} dropped ({report.not_verbatim} not verbatim in the article, "
                      f"{report.unknown_ids} naming unknown ids, {report.invalid} empty or of an unknown kind)")
    return merged, report
