"""Latin word tables: abbreviations, spelling variants and stop words, as data.

Every token of every name (query and list alike) goes through `canonical_token`, so
"Tech.", "Technologies" and "technology" meet, and Russian transliteration variants
("Kh"/"H", "-iy"/"-y"/"-yi", "Ts"/"C") collapse to one key. Both sides get the same
treatment, so a rewrite can only make two spellings meet, never make one disappear.
"""

from __future__ import annotations

import re
from functools import lru_cache

from compliance.matching.pinyin import is_pinyin

#: Abbreviations written with a full stop ("Man.", "Ind.") → the word. Only applied when
#: the dot is present: "man" alone is a word (and a pinyin syllable).
DOTTED_ABBREVIATIONS: dict[str, str] = {
    "man": "manufacturing", "mfg": "manufacturing", "ind": "industry", "dev": "development",
    "nat": "national", "natl": "national", "equip": "equipment", "std": "standard",
    "inst": "institute", "univ": "university", "sci": "science", "acad": "academy",
    "res": "research", "tech": "technology", "intl": "international", "int": "international",
    "eng": "engineering", "engg": "engineering", "assn": "association", "assoc": "association",
    "admin": "administration", "dept": "department", "elec": "electronic", "electr": "electronic",
    "mach": "machinery", "prod": "product", "aero": "aeronautic", "aeronaut": "aeronautic",
    "chem": "chemical", "pharm": "pharmaceutical", "mgmt": "management", "svcs": "service",
    "mil": "military", "def": "defense", "sys": "system", "comm": "communication",
    "telecom": "telecommunication", "bros": "brother", "hldgs": "holding", "hldg": "holding",
    "technol": "technology", "corp": "corporation", "grp": "group", "matl": "material", "matls": "material",
    "mgt": "management", "ctr": "center", "lab": "laboratory", "labs": "laboratory",
    "trad": "trading", "avn": "aviation", "rsch": "research", "inds": "industry", "indus": "industry",
    "mfr": "manufacturing", "mfrs": "manufacturing", "mktg": "marketing", "svc": "service", "engr": "engineering",
    "govt": "government", "instr": "instrument", "semicond": "semiconductor", "shpg": "shipping",
    "shipbldg": "shipbuilding", "transp": "transport", "devt": "development", "petrol": "petroleum",
    "distr": "distribution", "dist": "distribution", "opt": "optic", "prec": "precision", "sol": "solution",
    "aeron": "aeronautic", "astron": "astronautic", "mat": "material", "mech": "machinery", "ass": "association",
    "exp": "export", "imp": "import", "invest": "investment", "inv": "investment", "co-op": "cooperative",
    "scient": "science", "commun": "communication", "serv": "service", "info": "information", "inf": "information",
    "syst": "system", "aviat": "aviation", "acad": "academy", "indl": "industry", "indy": "industry",
    "mchy": "machinery", "trdg": "trading", "eqpt": "equipment", "cie": "company",
}

#: Whole-word rewrites applied to every token (after case folding).
WORD_VARIANTS: dict[str, str] = {
    "co": "company", "corp": "corporation", "ltd": "limited", "inc": "incorporated",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "medicine": "medical", "physic": "physics",
    "tech": "technology", "technologies": "technology", "technological": "technology",
    "technic": "technology", "technics": "technology", "technique": "technology",
    "intl": "international", "internat": "international", "natl": "national",
    "mfg": "manufacturing", "manufacture": "manufacturing", "manufacturer": "manufacturing",
    "univ": "university", "inst": "institute", "dept": "department",
    "electronics": "electronic", "electronical": "electronic", "electrical": "electric",
    "industries": "industry", "industrial": "industry",
    "aeronautics": "aeronautic", "aeronautical": "aeronautic", "astronautics": "astronautic",
    "astronautical": "astronautic", "centre": "center", "defence": "defense",
    "organisation": "organization", "optics": "optic", "optical": "optic",
    "pharmaceuticals": "pharmaceutical", "telecommunications": "telecommunication",
    "communications": "communication", "holdings": "holding", "logistic": "logistics",
    "trade": "trading", "machines": "machinery", "machine": "machinery", "mechanical": "machinery",
    "polytechnic": "polytechnical", "polytechnique": "polytechnical",
    "sciences": "science", "scientific": "science", "systems": "system",
    "materials": "material", "instruments": "instrument", "instrumentation": "instrument",
    "services": "service", "products": "product", "solutions": "solution", "devices": "device",
    "semiconductors": "semiconductor", "automotive": "automobile", "auto": "automobile",
    # ERP-master abbreviations written without their full stop ("Intl", "Int'l" loses its apostrophe first)
    "technol": "technology", "grp": "group", "matl": "material", "matls": "material", "equip": "equipment",
    "rsch": "research", "inds": "industry", "avn": "aviation", "mfr": "manufacturing", "mfrs": "manufacturing",
    "mktg": "marketing", "svc": "service", "svcs": "service", "engr": "engineering", "govt": "government",
    "semicond": "semiconductor", "shpg": "shipping", "shipbldg": "shipbuilding", "devt": "development",
    "intl": "international", "hldgs": "holding", "hldg": "holding", "assn": "association", "natl": "national",
    "elec": "electronic", "electr": "electronic", "sys": "system", "comm": "communication",
    "engg": "engineering", "sci": "science", "mgmt": "management", "labs": "laboratory", "lab": "laboratory",
    "indl": "industry", "indy": "industry", "mchy": "machinery", "trdg": "trading", "eqpt": "equipment",
    "techs": "technology", "scis": "science", "comms": "communication", "acad": "academy", "cie": "company",
    # pinyin industry and institution words, as an English listing renders them
    "keji": "technology", "jishu": "technology", "dianzi": "electronic", "daxue": "university",
    "gongye": "industry", "yanjiusuo": "institute", "yanjiuyuan": "institute", "kexueyuan": "academy",
    "xueyuan": "college", "maoyi": "trading", "jinchukou": "import", "shiye": "industry", "guoji": "international",
    "jixie": "machinery", "shebei": "equipment", "zhizao": "manufacturing", "cailiao": "material",
    "xinxi": "information", "tongxin": "communication", "ruanjian": "software", "huagong": "chemical",
    "nengyuan": "energy", "wuliu": "logistics", "kongu": "holding", "konggu": "holding",
    "yiqi": "instrument", "jingmi": "precision", "guangdian": "optoelectronic", "zhineng": "intelligent",
}

#: Words that say what a company does or is, not which one it is: a name that lacks or adds
#: them ("Huawei" / "Huawei Technologies") is still the same name. They cost GENERIC_COST of
#: their weight when unmatched (score.py); places are in places.py.
GENERIC_WORDS: frozenset[str] = frozenset(
    """technology science industry international trading trade import export development investment holding
    enterprise enterprises global general national commercial business service solution product system
    engineering manufacturing research institute academy center laboratory innovation supply management
    information equipment material resource new world university college school electronic
    """.split()
)
# Not "electric", "software", "network", "airline": they name a line of business, and a company that
# adds one ("Mitsubishi Electric Software") is often a different company.

#: Words that say what kind of body a name is: a place of learning or research, not a company. A query that adds
#: one to a listed name holding none ("Kashan University" / "KASHAN", "University of Arizona" / "ARIZONA S.A.")
#: names another body of the same name, so the word costs as a distinctive one (score.py); a listed name that
#: has one, and a query that leaves it out ("Harbin Institute of Technology" / "Harbin Technology"), are
#: treated as any generic word.
INSTITUTION_WORDS: frozenset[str] = frozenset(
    """university universidad universidade universite universitat universita college school academy institute
    polytechnic conservatory seminary""".split()
)

#: Words that name a part or a site of a company, not another company: set aside when only
#: one name has them ("... Shenzhen Branch", "... Procurement Office") and named in the explanation.
SET_ASIDE_WORDS: frozenset[str] = frozenset(
    """branch office department representative rep plant factory subsidiary division procurement purchasing
    headquarters hq sales site warehouse unit subdivision affiliate bureau outlet agency liaison workshop
    depot store shop
    """.split()
)

#: Prefixes a ship's name is written with in trade documents ("MV EVER GIVEN", "M/T ADRIAN DARYA 1": motor
#: vessel, motor tanker); the lists name the ship without one. Leading a name of more words, one costs nothing
#: unmatched (set aside, named in the explanation). Dotted ("M.V.") is left alone: it reads as a person's initials.
SHIP_PREFIXES: frozenset[str] = frozenset({"mv", "mt"})

#: Units that carry a number as their name ("No. 58 Research Institute", "IX Plant", "III Department"):
#: "No." and a number before one of them is no house number, and a Roman numeral before one is a number.
NUMBERED_UNITS: frozenset[str] = SET_ASIDE_WORDS | frozenset(
    """institute research academy laboratory lab works school centre center hospital regiment brigade
    battalion squadron fleet design""".split()
)

#: Address words: a comma-separated part of a name cell holding one (or a house number) starts an address.
ADDRESS_WORDS: frozenset[str] = frozenset(
    """road rd street st avenue ave boulevard blvd lane ln highway hwy building bldg floor fl room rm suite
    district zone park province city town village county block tower plaza square lu jie dao hao lou hutong
    xiang cun zhen qu po box pobox postcode zip ulitsa ul prospekt pr dom str strasse platz gasse weg allee
    rue boulevard chemin via viale piazza corso calle avenida av carrera pasaje piso paseo plaza rua travessa
    estrada ulica prospect pereulok shosse naberezhnaya sokak cadde caddesi mahallesi mah sk cd""".split()
)
#: Address words that are also pinyin syllables or short words of names ("PAN, Hao", "Fu Lu"): they start
#: an address only in a part holding a number ("No. 1 Hao").
WEAK_ADDRESS_WORDS: frozenset[str] = frozenset(
    "lu jie dao hao lou xiang cun zhen qu st rd ln fl rm ul pr str dom av mah sk cd po box zip city town".split()
)
#: Titles and ranks before a person's name: absent from the other name without cost.
TITLES: frozenset[str] = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady madam mme mlle herr frau general gen
    colonel col lieutenant lt major maj captain capt admiral adm brigadier brig commander cmdr sheikh shaikh
    sheik haji hajji hadji imam mullah ayatollah hojatoleslam sayyid sayed engineer eng
    """.split()
)

#: Common given names of many countries: a name starting with one is read as a person's, so
#: a surname that is also a legal-form abbreviation ("Pat", "Sá") is not set aside.
GIVEN_NAMES: frozenset[str] = frozenset(
    """john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan
    jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank
    alexander patrick raymond jack dennis jerry tyler aaron jose henry adam douglas nathan peter zachary kyle
    walter harold jeremy ethan carl keith roger gerald christian terry sean arthur austin noah lawrence jesse
    joe bryan billy jordan albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene randy
    vincent russell louis philip bobby johnny bradley mary patricia jennifer linda elizabeth barbara susan
    jessica sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol
    amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan
    cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison
    doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany
    natalie isabella charlotte rose alexis kayla pat joao jorge carlos luis miguel pedro antonio manuel
    francisco javier fernando rafael ricardo sergio pablo diego andres alejandro eduardo roberto mario
    ana carmen lucia isabel rosa elena paula silvia marta laura pilar teresa cristina beatriz
    hans karl heinz klaus jurgen wolfgang dieter uwe gunter werner helmut stefan andreas markus thomas
    frank jean pierre michel philippe alain nicolas francois jacques marc luc olivier christophe
    giuseppe giovanni francesco luigi marco paolo stefano roberto alessandro andrea matteo lorenzo
    ivan sergei sergey alexei alexey aleksei aleksey andrei andrey dmitri dmitry vladimir nikolai nikolay
    mikhail yuri yury viktor victor igor oleg boris pavel anatoly gennady evgeny yevgeny konstantin maxim
    leonid valery vasily grigory roman ruslan denis artem anton ilya kirill natalia natalya olga tatiana
    tatyana svetlana irina elena ekaterina yekaterina anastasia lyudmila galina nadezhda larisa marina
    oksana yulia yuliya
    muhammad ahmad ali hasan husayn abdullah mahmud mustafa yusuf ibrahim ismail umar uthman khalid said
    hamid jafar qasim reza karim abdul abu nasser salih zaid hashim musa isa yahya faisal fatima aisha
    zainab maryam khadija hamza bilal tariq walid majid rashid saad sami adel amir amin anwar bashir
    farid habib jamal kamal karim mansour nabil rami sharif tarek yasser ziad mehdi hossein morteza
    mohsen javad saeed behrouz dariush farhad kamran parviz
    hiroshi takashi kenji yuki akira satoshi kazuo takeshi naoki yoshiko keiko sanae
    """.split()
)

#: Number words, for "Forty-Four" = "44" and "Fifty-Fourth" = "54th"; hundred and thousand multiply.
NUMBER_WORDS: dict[str, int] = {
    **{w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                  "fourteen fifteen sixteen seventeen eighteen nineteen".split())},
    **{w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())},
    **{w: i + 1 for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                      "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                                      "nineteenth".split())},
    **{w: 10 * (i + 2) for i, w in enumerate("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth "
                                             "ninetieth".split())},
}
MULTIPLIERS: dict[str, int] = {"hundred": 100, "hundredth": 100, "thousand": 1000, "thousandth": 1000}

_ROMAN = re.compile(r"^(?=[ivxl]{2,})(xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral of two or more letters from I, V, X, L ("ii", "xliv"), else None.

    Pinyin syllables ("xi", "li") are not read as numerals: Xi and Li are surnames."""
    if not _ROMAN.match(token) or is_pinyin(token):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    total = 0
    for ch, nxt in zip(token, token[1:] + " "):
        value = values[ch]
        total += -value if nxt != " " and values[nxt] > value else value
    return total


#: Common spellings of names written in Arabic or Persian script, each group read as its first spelling.
NAME_VARIANTS: dict[str, str] = {
    variant: group.split()[0]
    for group in (
        "muhammad mohammed mohamed mohammad muhammed mohamad mohamud mohd muhamad mohammet mehmet",
        "ahmad ahmed ahmet", "hasan hassan", "husayn hussein hussain husain husein hossein hosein huseyin",
        "abdullah abdallah abdulla", "abdul abdel abd", "mahmud mahmoud mahmood", "mustafa mostafa moustafa",
        "yusuf yousef youssef yousuf yosef", "ibrahim ebrahim", "ismail esmail ismael", "umar omar",
        "uthman osman othman usman", "khalid khaled", "said saeed saeid sayed", "ali aly", "hamid hamed",
        "jafar jaafar", "qasim qassem kasim kassem", "reza riza", "karim kareem", "rahman rehman",
        "abu abou", "bin ben ibn", "al el", "nasser nasir naser", "salih saleh", "zaid zayd zeid",
        "hashim hashem", "musa moussa mousa", "isa issa", "yahya yehia", "faisal faysal feisal",
    )
    for variant in group.split()
}


#: Words that carry no identity; dropped before matching.
STOP_WORDS: frozenset[str] = frozenset(
    "and of the for in at on by to del della les des du und et van von der den".split()
)
# Not "a", "an", "de", "da", "le", "e": they are also pinyin syllables, as in "Xi 'an".

#: Russian (and other) romanisation variants, as ordered regex rewrites.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch", "sch"),
        (r"kh", "h"),
        (r"ts", "c"),
        (r"tz", "c"),
        (r"ks", "x"),
        (r"(?:iy|yy|yi|ij|yj|ii)$", "y"),
        (r"iu", "yu"),
        (r"ia", "ya"),
        (r"(.)\1+", r"\1"),  # repeated letters: "Obshchestvo"/"Obshestvo", "Gazpromm"
        # Korean syllables: Revised Romanisation "eo", "eu" are "o", "u" in the older spellings
        # most Latin names use ("jeong"/"jong", "eun"/"un")
        (r"^([^aeiouy]{0,2})e([ou])(ng|n|k|l|m|p)?$", r"\1\2\3"),
    )
)

_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


@lru_cache(maxsize=262144)
def canonical_token(token: str) -> str:
    """The comparison key of one lower-case token (a fixed point: canonical of canonical is itself)."""
    word = NAME_VARIANTS.get(token, token)  # once, before the rewrites: its spellings are not fixed points of them
    for _ in range(8):
        rewritten = _rewrite(word)
        if rewritten == word:
            break
        word = rewritten
    return word


def _rewrite(token: str) -> str:
    word = WORD_VARIANTS.get(token, token)
    if word.isdigit():
        return word.lstrip("0") or "0"
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return ordinal.group(1).lstrip("0") or "0"
    if any(ch.isdigit() for ch in word):
        return word
    if len(word) > 4:
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        word = WORD_VARIANTS.get(word, word)
    if is_pinyin(word):  # romanised Chinese: its spelling is exact (Lixin ≠ Lixing)
        return word
    for pattern, replacement in _VARIANTS:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=1)
def institution_keys() -> frozenset[str]:
    """INSTITUTION_WORDS as token keys ("college" is keyed "colege")."""
    return frozenset(INSTITUTION_WORDS | {canonical_token(w) for w in INSTITUTION_WORDS})


@lru_cache(maxsize=2)
def generic_keys(places: bool = True) -> frozenset[str]:
    """GENERIC_WORDS (and PLACE_WORDS) as token keys: "engineering" is keyed "enginering".
    Kept in the warm cache, keyed by the code that derives them (keying them cost a run ~10 ms)."""
    from compliance.support import warmcache

    modules = (__name__, "compliance.matching.places", "compliance.matching.pinyin")
    key = warmcache.key_of(warmcache.code_fingerprint(*modules), str(places))
    return warmcache.cached("generic-keys", key, frozenset, lambda: _generic_keys(places))


def _generic_keys(places: bool) -> frozenset[str]:
    from compliance.matching.places import PLACE_WORDS

    words = GENERIC_WORDS | PLACE_WORDS if places else GENERIC_WORDS
    return frozenset(words | {canonical_token(w) for w in words})
