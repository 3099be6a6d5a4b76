"""A small general English lexicon for news questions: synonyms, irregular forms, function words.

Nothing here is about one article: the groups are ordinary paraphrases a reader uses
("confiscated" for "seized", "tonnes" for "tons", "PM" for "prime minister").
"""
from __future__ import annotations

import re

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# Multi-word and case-sensitive rewrites applied to the raw text before tokenising. Each runs only
# when its trigger (a lower-case substring every match contains) occurs in the text.
PHRASES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (trigger, re.compile(pattern, flags), repl) for trigger, pattern, repl, flags in (
        # "the US" is "America", not "the Americas": the article is dropped with the abbreviation
        ("us", r"\b(?:[Tt]he )?(?:U\.S\.A\.|U\.S\.|USA|US)(?=\W|$)", "America", 0),
        ("united states", r"\b(?:the )?United States\b", "America", re.I),
        ("place", r"\b(?:take|takes|taking|taken|took) place\b", "happened", re.I),
        ("u", r"\bU\.K\.|\bUK\b", "United Kingdom", 0),
        ("eu", r"\bEU\b", "European Union", 0),
        ("pm", r"\bPMs?\b", "prime minister", 0),
        ("gen", r"\bGen[- ]?Z\b", "Generation Z", re.I),
        ("premier", r"\bpremier\b", "prime minister", re.I),
        ("head of government", r"\bhead of government\b", "prime minister", re.I),
        ("custody", r"\b(?:taken|take|took|taking|held|hold) into custody\b|\bin custody\b", "captured", re.I),
        ("up", r"\b(?:make|makes|made|making) up\b|\bconsists? of\b|\bcomprised? of\b", "make", re.I),
        ("up", r"\bbreak(?:ing)?[- ]up\b", "breakup", re.I),
        # a phrasal verb is ambiguous ("split up power" / "split up a country"): drop the particle and let
        # the verb's synonym groups offer every reading
        ("up", r"\b(split|splits|splitting|divide|divided|divides|carve|carved) up\b", r"\1", re.I),
        ("break away", r"\bbreak away\b", "breakup", re.I),
        ("crack", r"\bcrack(?:ing|ed)? down\b", "crackdown", re.I),
        ("entry", r"\b(?:point of entry|entry point|entry port)\b", "hub", re.I),
        ("metric", r"\bmetric (?:tons?|tonnes?)\b", "tons", re.I),
        ("in a row", r"\bin a row\b", "consecutive", re.I),
        ("straight", r"\bstraight\b", "consecutive", re.I),
        ("successive", r"\bsuccessive\b", "consecutive", re.I),
        ("back-to-back", r"\bback-to-back\b", "consecutive", re.I),
        ("developed", r"\bless (?:economically )?developed\b", "underdeveloped", re.I),
        (" out", r"\b(?:kept|keep|keeps|keeping|shut|shuts|frozen|froze|locked) out\b", "excluded", re.I),
        (" out", r"\b(?:came|come|comes) out\b", "released", re.I),
        ("shelves", r"\bhit (?:the )?shelves\b", "released", re.I),
    )
) + tuple(  # a spelled-out day of a month: "the third of January", "January the third" are January 3
    (word, re.compile(pattern, re.I), repl) for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second twenty-third "
        "twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
        .split(), 1)
    for pattern, repl in ((rf"\b(?:the )?{word} (?:day )?of ({_MONTHS})\b", rf"\1 {n}"),
                          (rf"\b({_MONTHS}),? (?:the )?{word}\b", rf"\1 {n}")))

# Irregular inflections the Snowball stemmer leaves alone.
IRREGULAR = {
    "took": "take", "taken": "take", "wrote": "write", "written": "write", "said": "say", "says": "say",
    "spoke": "speak", "spoken": "speak", "went": "go", "gone": "go", "won": "win", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow", "caught": "catch",
    "sought": "seek", "led": "lead", "held": "hold", "met": "meet", "began": "begin", "begun": "begin",
    "became": "become", "ran": "run", "sat": "sit", "thought": "think", "told": "tell", "brought": "bring",
    "bought": "buy", "made": "make", "gave": "give", "given": "give", "saw": "see", "seen": "see",
    "chose": "choose", "chosen": "choose", "swore": "swear", "sworn": "swear", "stood": "stand",
    "paid": "pay", "sent": "send", "spent": "spend", "built": "build", "lost": "lose", "kept": "keep",
    "left": "leave", "did": "do", "does": "do", "done": "do", "got": "get", "gotten": "get", "came": "come", "knew": "know",
    "known": "know", "meant": "mean", "felt": "feel", "found": "find", "ate": "eat",
    "children": "child", "people": "people", "men": "man", "women": "woman",
    # abbreviated months ("jan 3"); "may" and "march" are words of their own
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december",
}

NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "thousand": "1000", "dozen": "12", "half": "0.5",
}

# Synonym groups: every word of a group also stands for the group (first word is its name).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("seize", "seized", "seizing", "seizure", "seizures", "confiscate", "confiscated", "confiscating",
     "confiscation", "intercept", "intercepted", "interception", "impound", "impounded", "haul", "hauls",
     "bust", "busts", "recover", "recovered"),
    ("capture", "captured", "arrest", "arrested", "detain", "detained", "detention", "apprehend",
     "apprehended", "nab", "nabbed", "catch", "custody", "abduct", "abducted", "grab", "grabbed", "seize"),
    ("ton", "tons", "tonne", "tonnes"),
    ("cocaine", "coke"),
    ("drug", "drugs", "narcotic", "narcotics", "substance", "substances"),
    ("traffick", "trafficking", "trafficker", "traffickers", "smuggle", "smuggled", "smuggler", "smugglers",
     "smuggling", "dealer", "dealers", "trade"),
    ("cartel", "cartels", "mafia", "syndicate", "syndicates", "gangs", "kingpin", "kingpins"),
    ("author", "authors", "authored", "write", "writer", "writes", "writing", "pen", "penned", "columnist",
     "journalist", "byline"),
    ("police", "authority", "authorities", "officials", "officers", "enforcement", "customs"),
    ("visit", "visited", "visiting", "trip", "travel", "travelled", "traveled", "tour", "toured", "stop"),
    ("welcome", "welcomed", "host", "hosted", "hosting", "greet", "greeted", "receive", "received"),
    ("chair", "chairman", "chairwoman", "chairperson", "leader", "lead", "leads", "head", "heads",
     "headed", "boss", "president"),
    ("military", "forces", "troops", "army", "soldiers", "armed"),
    ("member", "members", "belong", "belongs", "belonged", "membership"),
    ("govern", "government", "governments", "cabinet", "ministry", "administration", "executive"),
    ("independence", "independent", "secession", "secede", "secessionist", "separatism", "separatist",
     "breakaway", "breakup", "split", "divide", "divided", "partition", "sovereignty", "leave", "exit"),
    ("divide", "divided", "divides", "dividing", "division", "split", "splits", "splitting", "share", "shared",
     "shares", "sharing", "distribute", "distributed", "distribution", "allocate", "allocated", "carve"),
    ("difficult", "difficulty", "difficulties", "hard", "harder", "tough", "tougher", "struggle", "struggles"),
    ("organisation", "organisations", "organization", "organizations", "group", "groups", "body", "bodies",
     "movement", "outfit"),
    ("sufficient", "suffice", "suffices", "enough", "adequate"),
    ("decrease", "decreased", "decline", "declined", "fall", "drop", "dropped", "dip", "shrink", "shrank",
     "reduce", "reduced", "lower", "down"),
    ("increase", "increased", "rise", "grow", "surge", "surged", "climb", "climbed", "jump", "up", "larger",
     "higher"),
    ("pivot", "pivoted", "switch", "switched", "shift", "shifted", "move", "moved", "turn", "turned",
     "adapt", "adapted", "change", "changed", "alter", "altered", "modify", "modified", "adjust", "adjusted"),
    ("import", "imports", "imported", "importing", "importation", "arrive", "arrives", "arrived", "arriving",
     "arrival", "arrivals", "inflow", "influx", "enter", "entering", "entered", "reach", "reaching", "receive",
     "received", "flow", "flows", "flowing"),
    ("compare", "compared", "comparison", "liken", "likened", "equate", "equated", "analogy", "like"),
    ("seek", "seeks", "want", "wants", "wanted", "goal", "goals", "aim", "aims", "objective", "advocate",
     "advocates", "advocating", "push", "pushes", "demand", "demands", "desire", "ambition", "strive"),
    ("enforce", "crackdown", "clampdown", "measure", "measures", "security"),
    ("say", "stated", "stating", "remark", "remarked", "comment", "commented", "tell", "telling",
     "claim", "claimed", "declare", "declared", "assert", "asserted", "mention", "mentioned", "quote",
     "quoted", "words", "speech", "statement", "statements", "remarks"),
    ("criticise", "criticised", "criticize", "criticized", "criticism", "critic", "attack", "attacked",
     "slam", "slammed", "blast", "blasted", "condemn", "condemned", "deride", "derided", "deriding",
     "denounce", "denounced", "accuse", "accused", "lambast", "rebuke", "rebuked", "insult", "insulted"),
    ("praise", "praised", "praising", "commend", "commended", "laud", "lauded", "applaud", "hail",
     "hailed", "thank", "thanked", "appreciation", "compliment"),
    ("ask", "asked", "request", "requested", "plea", "appeal", "appealed", "invite", "invited", "invitation"),
    ("help", "assist", "assistance", "aid", "support", "supported", "backing"),
    ("vote", "votes", "voted", "voter", "voters", "ballot", "ballots", "electorate"),
    ("elect", "election", "elections", "electoral", "poll", "polls"),
    ("win", "won", "winning", "victory", "success", "triumph"),
    ("money", "monetary", "cash", "funds", "funding", "financial", "subsidy", "subsidies", "payment",
     "payments", "transfer", "transfers", "subsidise", "subsidised", "subsidising", "subsidize", "subsidized",
     "subsidizing", "bankroll", "bankrolling"),
    ("revenue", "income", "taxes", "tax"),
    ("poor", "poorer", "poverty", "destitute", "deprived", "underdeveloped"),
    ("unemployment", "jobless", "joblessness", "unemployed"),
    ("economy", "economic", "economically", "economies"),
    ("language", "languages", "linguistic", "speak", "speaking", "tongue"),
    ("region", "regions", "area", "areas", "province", "provinces", "territory", "zone"),
    ("city", "cities", "town", "towns", "municipality", "municipalities"),
    ("country", "countries", "nation", "nations", "kingdom", "state", "states"),
    ("port", "ports", "harbour", "harbor", "seaport", "docks"),
    ("ship", "shipping", "vessel", "vessels", "container", "containers", "freight", "cargo"),
    ("company", "companies", "firm", "firms", "business", "businesses"),
    ("america", "american", "americans"),
    ("europe", "european", "europeans"),
    ("belgium", "belgian", "belgians"),
    ("flanders", "flemish", "fleming", "flemings"),
    ("wallonia", "walloon", "walloons"),
    ("venezuela", "venezuelan"),
    ("spouse", "wife", "husband", "married"),
    ("charge", "charged", "indict", "indicted", "indictment", "prosecute", "prosecuted", "accuse", "accused"),
    ("negotiate", "negotiation", "negotiations", "talks", "bargaining"),
    ("power", "office", "government", "governing"),
    ("form", "formation", "forming", "formed", "assemble", "obtain"),
    ("book", "books", "novel", "memoir"),
    ("publish", "published", "publishing", "publication", "release", "released", "releasing"),
    ("study", "studies", "studying", "student", "studied", "degree", "education"),
    ("university", "college", "institute", "school"),
    ("founded", "founding", "establish", "established", "launch", "launched", "create", "created"),
    ("website", "site", "outlet", "newspaper", "magazine", "blog"),
    ("hub", "entry", "gateway", "route", "conduit"),
    ("major", "main", "primary", "biggest", "largest", "leading", "principal", "key", "vital", "chief"),
    ("weaken", "undermine", "undercut", "hurt", "damage", "erode", "harm", "debase", "debasement",
     "deteriorate", "deterioration", "impair", "hamper", "hinder", "weaker"),
    ("strengthen", "boost", "bolster", "reinforce", "intensify", "intensifying", "stronger"),
    ("cooperate", "cooperation", "collaboration", "collaborate", "partnership", "ally", "allies", "alliance",
     "partner", "bilateral"),
    ("combat", "fight", "fighting", "battle", "war", "counter", "tackle", "curb", "curbing", "dismantle",
     "dismantling", "stop"),
    ("crime", "crimes", "criminal", "criminals"),
    ("violence", "violent"),
    ("illegal", "illicit", "unlawful"),
    ("minister", "ministers", "secretary"),
    ("recent", "recently", "latest", "lately"),
    ("wealth", "rich", "richer", "wealthy", "prosperous"),
    ("monitor", "watch", "track", "surveil", "surveillance", "scrutinise", "scrutinize"),
    ("attention", "care", "concern", "notice", "ignore", "overlook", "overlooked", "radar"),
    ("lie", "lied", "lying", "cheat", "cheated", "deceive", "deceived", "betray", "betrayed"),
    ("threat", "danger", "risk", "crisis"),
    ("opposition", "oppose", "opposed", "block", "blocked", "exclude", "excluded", "shun", "shunned",
     "boycott", "cordon"),
    ("moderate", "moderated", "soften", "softened", "tone", "change", "changed", "alter", "altered", "modify",
     "modified", "revise", "revised", "adjust", "adjusted"),
)

# Function words and question words: dropped from questions and passages alike.
STOPWORDS = frozenset("""
a an the and or but if then else of to in on at by for with from into onto about above below over under
again further once here there all any both each few more most other some such no nor not only own same so
than too very s t can will just should now i me my myself we our ours ourselves you your yours yourself he
him his himself she her hers herself it its itself they them their theirs themselves this that these those
am is are was were be been being have has had having do does did doing would could might must shall may
what which who whom whose when where why how whats whos wheres hows isnt doesnt didnt dont wasnt
please tell me let know kindly also ever yet still even per via as up's together along alongside among
between against during before after while within without across around through toward towards upon amid
despite unlike whether instead rather already soon later ago approximately roughly exactly just
until till behind beyond beside besides near inside outside beneath underneath else im ive others another done
""".split()) - {"up", "more", "down", "less"}

# Words that carry no topic of their own ("what happened", "which job"): ignored when deciding
# whether the article covers a question, but not treated as its subject.
LIGHT = frozenset("""
happen happened happens happening occur occurred take takes get gets go goes going make makes made
come comes thing things something anything article column piece op-ed oped essay story text
mean means meaning result results consequence consequences effect effects impact
think thinks believe believes argue argues argued argument view opinion feel feels suggest suggests
say exactly really actually according accord give gives name named called call job role position title
work works hold holds like kind sort type way ways thing number amount quantity quantities volume total
figure much many long often time times year years date day days month months week weeks period periods
happen reason reasons cause causes caused purpose explain explains describe described describes detail details
main point points idea ideas specific specifically exact overall generally general whole
locate located location situated find based base see seem seems look looks stand stands
represent represents politically ideology ideologically
involve involved involves involving participate participated participating participant participants
abbreviation abbreviations acronym acronyms initials background backgrounds bio biography profile
""".split())

# Words that ask for a quotation rather than a paraphrase.
SAY_WORDS = re.compile(
    r"\b(say|says|said|saying|remark\w*|stat(?:ed|ing)|comment\w*|tell(?! (?:me|us)\b)|told|quot\w*|words?"
    r"|declar\w*|respon\w*|repl\w*|react\w*|claim\w*|speech"
    # "state" is a verb after a name or a pronoun, not in "the federal state"
    r"|(?:(?:did|does|do|to|he|she|they|who|it)\s+|(?-i:[A-Z])[\w'-]*\s+)(?-i:states?))\b", re.I)
# "What does the author/article say ...": the whole article is the author's word, so no quotation is needed.
BY_AUTHOR = re.compile(r"\b(?:author|writer|columnist|article|column|piece|op-ed|story|text)\b", re.I)
# Nouns naming a position held in or over something ("the chairman of X", "X's president").
ROLE_WORDS = frozenset("chairman chairwoman chair president leader head secretary minister mayor spokesman "
                       "spokeswoman spokesperson director chancellor governor king queen ceo founder".split())
