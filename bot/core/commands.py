"""The briefing commands (/brief, /facts, /ask, ...) and their handlers, platform-free."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.core.briefing import Fact
from bot.core.context import Context
from bot.core.loader import LoadedBriefing
from bot.core.offers import answer_actions
from bot.core.registry import Command, Option, Registry, UsageError, help_reply
from bot.core.reply import Block, Reply, error_reply
from bot.core.store import ContentStore, UnknownBriefing
from bot.core.text import fold, strip_chat_markup

if TYPE_CHECKING:
    from bot.core.answer import Answer

__all__ = ["answered", "build_registry", "fact_block", "footer"]

LENGTHS = ("tldr", "short", "full")
MAX_FACTS = 10
KIND_LABEL = {"argument": "Author's argument", "prediction": "Author's prediction", "background": "Background",
              "reported": ""}


def _briefings(ctx: Context, prefix: str) -> list[str]:
    return [i for i in ctx.library.current.store.ids() if fold(prefix) in i][:25]


def _names(ctx: Context, prefix: str) -> list[str]:
    return [n for n in ctx.library.current.store.entity_names() if fold(prefix) in fold(n)][:25]


def _topics(ctx: Context, prefix: str) -> list[str]:
    return [t for t in ctx.library.current.store.topics() if fold(prefix) in t][:25]


BRIEFING = Option("briefing", "Which briefing (default: the main one)", complete=_briefings)
PUBLIC = Option("public", "Post the answer in the channel instead of only to you", type=bool)


def _briefing(ctx: Context, args: Mapping[str, Any]) -> str | None:
    """The briefing a command is about: the one it names, else its channel's (channel_briefings), else None."""
    return args.get("briefing") or ctx.library.briefing_for(ctx.channel_id)


def _pick(ctx: Context, args: Mapping[str, Any], command: str) -> tuple[ContentStore, LoadedBriefing]:
    """The store and the briefing `command` is about; an unknown one is a usage error of that command, whose
    message lists the briefings and whose usage shows the command's other values ('/brief long')."""
    store = ctx.library.current.store
    try:
        return store, store.get(_briefing(ctx, args))
    except UnknownBriefing as exc:
        raise UsageError(str(exc), _COMMANDS_BY_NAME[command]) from None


def footer(lb: LoadedBriefing) -> str:
    """What a reply about one briefing says under it: the article's title and author, and its kind unless news."""
    meta = lb.briefing.metadata
    kind = f" ({meta.kind})" if meta.kind != "news" else ""
    return f"{meta.title} \u2014 {meta.author}{kind}"


def _reply(lb: LoadedBriefing, title: str, blocks: list[Block], args: Mapping[str, Any]) -> Reply:
    return Reply(title=title, blocks=tuple(blocks), footer=footer(lb), url=lb.briefing.metadata.url,
                 ephemeral=not args.get("public", False))


def fact_block(store: ContentStore, lb: LoadedBriefing, fact: Fact, heading: str = "") -> Block:
    """A fact with its evidence cited, labelled when it is the author's argument or prediction."""
    label = KIND_LABEL[fact.kind]
    text = f"{fact.statement} _({label})_" if label else fact.statement
    return Block(text, heading=heading, citation=store.citation(lb, fact.evidence))


def brief(ctx: Context, args: Mapping[str, Any]) -> Reply:
    _, lb = _pick(ctx, args, "brief")
    s = lb.briefing.summaries
    length = args.get("length", "short")
    if length == "tldr":
        blocks = [Block(s.tldr)]
    elif length == "short":
        blocks = [Block("\n".join(f"\u2022 {b}" for b in s.short))]
    else:
        blocks = [Block(sec.text, heading=sec.heading) for sec in s.full]
    return _reply(lb, f"Briefing: {lb.briefing.metadata.title}", blocks, args)


def _matches(fact: Fact, topic: str, entity_ids: set[str]) -> bool:
    return topic in fact.tags or bool(entity_ids & set(fact.entities)) or topic in fold(fact.statement)


def facts(ctx: Context, args: Mapping[str, Any]) -> Reply:
    store, lb = _pick(ctx, args, "facts")
    topic = fold(args.get("topic", ""))
    chosen = list(lb.briefing.facts)
    if topic:
        entity_ids = {e.id for blb, e in store.entities(topic) if blb is lb}
        chosen = [f for f in chosen if _matches(f, topic, entity_ids)]
        if not chosen:
            close = [t for t in store.topics() if topic[:4] in t][:5] or store.topics()[:8]
            return error_reply(f"I have no facts about {args['topic']!r} in this briefing.",
                               hint=f"Topics I know: {', '.join(close)}.")
    shown = chosen[:MAX_FACTS]
    blocks = [fact_block(store, lb, f) for f in shown]
    about = f" about {args['topic']}" if topic else ""
    title = f"Facts{about} ({len(shown)} of {len(chosen)})"
    return _reply(lb, title, blocks, args)


def ask(ctx: Context, args: Mapping[str, Any]) -> Reply:
    return answered(ctx, args)[0]


def answered(ctx: Context, args: Mapping[str, Any]) -> tuple[Reply, Answer]:
    """/ask's reply and the engine's Answer behind it, whose entities a thread keeps (bot.core.conversation)."""
    snapshot = ctx.library.current
    question = strip_chat_markup(args["question"])
    if not question:
        raise UsageError("/ask needs a question, not only mentions.", _COMMANDS_BY_NAME["ask"])
    answer = snapshot.engine.ask(question, _briefing(ctx, args))
    store = snapshot.store
    cited = answer.briefing or _briefing(ctx, args)
    try:
        lb = store.get(cited)
    except UnknownBriefing as exc:
        raise UsageError(str(exc), _COMMANDS_BY_NAME["ask"]) from None
    blocks = [Block(answer.text, citation=answer.citations[0] if answer.citations else None)]
    blocks += [Block("", citation=c) for c in answer.citations[1:]]
    reply = _reply(lb, f"Q: {args['question']}", blocks, args)
    actions = answer_actions(store, answer, question, _briefing(ctx, args), bool(args.get("public")))
    return replace(reply, actions=actions), answer


def who(ctx: Context, args: Mapping[str, Any]) -> Reply:
    """Who someone is, across every briefing, or in the one `briefing` names."""
    store = ctx.library.current.store
    hits = store.entities(args["name"])
    if args.get("briefing"):
        _, chosen = _pick(ctx, args, "who")
        hits = [(lb, ent) for lb, ent in hits if lb is chosen]
    if not hits:
        close = store.suggest(args["name"])
        hint = f"Did you mean {', '.join(close)}?" if close else "Try /who with a name from the article."
        return error_reply(f"I don't know anyone called {args['name']!r} in these briefings.", hint=hint)
    blocks: list[Block] = []
    for lb, ent in hits:
        aka = [a for a in ent.aliases if a != ent.name]
        text = ent.role + (f"\nAlso: {', '.join(aka)}" if aka else "")
        blocks.append(Block(text, heading=f"{ent.name} ({ent.type})"))
        quote = next((q for q in lb.briefing.quotes if q.speaker == ent.id), None)
        if quote:
            blocks.append(Block(quote.context, citation=store.citation(lb, quote.text)))
        fact = next((f for f in lb.briefing.facts if ent.id in f.entities), None)
        if fact:
            blocks.append(fact_block(store, lb, fact))
    return _reply(hits[0][0], f"Who is {hits[0][1].name}?", blocks, args)


def timeline(ctx: Context, args: Mapping[str, Any]) -> Reply:
    store, lb = _pick(ctx, args, "timeline")
    blocks = [Block(e.event, heading=e.label, citation=store.citation(lb, e.evidence))
              for e in lb.briefing.timeline]
    return _reply(lb, f"Timeline: {lb.briefing.metadata.title}", blocks or [Block("No dated events.")], args)


def quote(ctx: Context, args: Mapping[str, Any]) -> Reply:
    store, lb = _pick(ctx, args, "quote")
    quotes = list(lb.briefing.quotes)
    names = {e.id: e.name for e in lb.briefing.entities}
    speaker = args.get("speaker")
    if speaker:
        ids = {e.id for blb, e in store.entities(speaker) if blb is lb}
        quotes = [q for q in quotes if q.speaker in ids]
        if not quotes:
            speakers = sorted({names[q.speaker] for q in lb.briefing.quotes})
            return error_reply(f"No quotes from {speaker!r} in this briefing.", hint=f"Quoted: {', '.join(speakers)}.")
    blocks = [Block(q.context, heading=names[q.speaker], citation=store.citation(lb, q.text)) for q in quotes]
    return _reply(lb, "Quotes", blocks or [Block("This article quotes no one.")], args)


def source(ctx: Context, args: Mapping[str, Any]) -> Reply:
    _, lb = _pick(ctx, args, "source")
    m = lb.briefing.metadata
    lines = [f"By {m.author}" + (f", {m.publication}" if m.publication else "")]
    if m.subtitle:
        lines.append(m.subtitle)
    lines.append(f"{m.kind.capitalize()} \u00b7 {m.reading_time_minutes} min read"
                 + (f" \u00b7 {m.published}" if m.published else ""))
    if m.url:
        lines.append(m.url)
    return _reply(lb, m.title, [Block("\n".join(lines))], args)


def briefings(ctx: Context, args: Mapping[str, Any]) -> Reply:
    store = ctx.library.current.store
    blocks = [Block(f"{lb.briefing.metadata.title} \u2014 {lb.briefing.metadata.author}",
                    heading=lb.briefing.id + (" (default)" if lb.briefing.id == store.default_id else ""))
              for lb in store]
    return Reply(title=f"{len(store)} briefing(s)", blocks=tuple(blocks), ephemeral=not args.get("public", False))


COMMANDS = (
    Command("brief", "Summary of the article", brief, (
        Option("length", "How long: tldr, short or full", choices=LENGTHS), BRIEFING, PUBLIC)),
    Command("facts", "Key facts, each with its evidence", facts, (
        Option("topic", "A topic, person or place", complete=_topics), BRIEFING, PUBLIC)),
    Command("ask", "Ask a question; answered from the article with a citation", ask, (
        Option("question", "Your question", required=True), BRIEFING, PUBLIC)),
    Command("who", "Who is someone (or what is an organisation) in the article", who, (
        Option("name", "A person, organisation or place", required=True, complete=_names), BRIEFING, PUBLIC)),
    Command("timeline", "Dated events in order", timeline, (BRIEFING, PUBLIC)),
    Command("quote", "What people said, verbatim", quote, (
        Option("speaker", "Only quotes from this person", complete=_names), BRIEFING, PUBLIC)),
    Command("source", "The article: title, author, publication, link", source, (BRIEFING, PUBLIC)),
    Command("briefings", "List the briefings I hold", briefings, (PUBLIC,)),
)
_COMMANDS_BY_NAME = {c.name: c for c in COMMANDS}


def build_registry(*extra: Command) -> Registry:
    """The registry of briefing commands plus any extra (e.g. /digest) commands."""
    registry = Registry()
    registry.extend(COMMANDS)
    registry.extend(extra)
    about = Option("command", "A command to explain", complete=lambda ctx, prefix: [
        c.name for c in registry.available(ctx) if c.name.startswith(prefix.lstrip("/").lower())][:25])
    registry.add(Command("help", "What I can do", lambda ctx, args: help_reply(registry, ctx, args.get("command")),
                         (about,)))
    return registry
