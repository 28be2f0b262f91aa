"""False friends of Russian translators: "family" written where the aligned Russian says «фамилия».

A closed, language-pair phenomenon, so a table (`FALSE_FRIENDS`): each English false friend,
the Russian words that lure a translator to it (lemmas, matched through pymorphy3 so every
case and number counts), and what the Russian means. Entries come from the published lists:
  [AK] V. V. Akulenko (ed.), Англо-русский и русско-английский словарь «ложных друзей
       переводчика», Moscow: Sovetskaya Entsiklopediya, 1969;
  [WP] Wikipedia, «Ложные друзья переводчика» (ru) and "False friend" (en), the English lists;
  [EX] Englex, «Ложные друзья переводчика: 115 слов» (englex.ru/translators-false-friends).
With the Russian word in the aligned bead the right English is proposed; without an
alignment a word is only flagged, and only where the sentence shows the Russian sense
(`FalseFriend.cue`: "his family was Ivanov", "Academic Pavlov").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

from align.checks.model import WORD_RE, CheckInput, Finding, Word


@dataclass(frozen=True)
class FalseFriend:
    english: str  # the false friend (lemma, lowercase)
    russian: tuple[str, ...]  # lemmas of the Russian words it is mistaken for
    right: str  # what the Russian means, in English
    cue: str = ""  # regex over the sentence (the word is {w}) showing the Russian sense without source


FALSE_FRIENDS: tuple[FalseFriend, ...] = (
    FalseFriend("family", ("фамилия",), "surname",  # фамилия: last name, not one's kin [AK][WP][EX]
                r"\b(?i:his|her|my|their|your|whose) {w},? (?:was|is) [A-Z]"),
    FalseFriend("prospect", ("проспект",), "avenue", r"[A-Z][a-z]+ {w}\b"),  # проспект: a wide street [AK][WP]
    FalseFriend("aspirant", ("аспирант", "аспирантка"), "postgraduate",  # a doctoral student [AK][WP]
                r"\b{w}s? (?:at|of) (?:the )?(?:institute|university|academy|department)"),
    FalseFriend("lunatic", ("лунатик",), "sleepwalker"),  # лунатик: a somnambulist [AK][WP]
    FalseFriend("pathetic", ("патетический", "патетичный"), "impassioned"),  # lofty, full of pathos [AK][WP]
    FalseFriend("academic", ("академик",), "academician", r"\b{w} [A-Z][a-z]+"),  # member of an Academy [AK][WP]
    FalseFriend("magazine", ("магазин",), "shop"),  # магазин: a shop [AK][WP][EX]
    FalseFriend("artist", ("артист", "артистка"), "actor"),  # артист: a performer [AK][WP][EX]
    FalseFriend("accurate", ("аккуратный",), "neat"),  # аккуратный: tidy, careful [AK][WP][EX]
    FalseFriend("sympathetic", ("симпатичный",), "likeable"),  # симпатичный: nice, attractive [AK][WP][EX]
    FalseFriend("decade", ("декада",), "ten days"),  # декада: a period of ten days [AK][WP]
    FalseFriend("intelligent", ("интеллигентный",), "cultured"),  # of the intelligentsia [AK][WP][EX]
    FalseFriend("intelligence", ("интеллигенция",), "intelligentsia"),  # the educated class [AK][WP]
    FalseFriend("data", ("дата",), "date"),  # дата: a calendar date [AK][WP]
    FalseFriend("fabric", ("фабрика",), "factory"),  # фабрика: a mill, factory [AK][WP][EX]
    FalseFriend("complexion", ("комплекция",), "build"),  # комплекция: physique [AK][WP]
    FalseFriend("cabinet", ("кабинет",), "study"),  # кабинет: a study, an office [AK][WP]
    FalseFriend("clay", ("клей",), "glue"),  # клей: glue [AK][WP]
    FalseFriend("genial", ("гениальный",), "brilliant"),  # гениальный: of genius [AK][WP]
    FalseFriend("replica", ("реплика",), "remark"),  # реплика: a rejoinder [AK][WP]
    FalseFriend("resin", ("резина",), "rubber"),  # резина: rubber [AK][WP]
    FalseFriend("velvet", ("вельвет",), "corduroy"),  # вельвет: corduroy [AK][WP]
    FalseFriend("angina", ("ангина",), "tonsillitis"),  # ангина: a sore throat [AK][WP]
    FalseFriend("anecdote", ("анекдот",), "joke"),  # анекдот: a (funny) joke [AK][WP][EX]
    FalseFriend("accord", ("аккорд",), "chord"),  # аккорд: a musical chord [AK][WP]
    FalseFriend("actual", ("актуальный",), "topical"),  # актуальный: of current interest [AK][WP][EX]
    FalseFriend("compositor", ("композитор",), "composer"),  # композитор: a composer [AK][WP]
    FalseFriend("chef", ("шеф",), "boss"),  # шеф: a chief, patron [AK][WP][EX]
    FalseFriend("baton", ("батон",), "loaf"),  # батон: a long loaf [AK][WP]
    FalseFriend("physician", ("физик",), "physicist"),  # физик: a physicist [AK][WP]
    FalseFriend("revision", ("ревизия",), "inspection"),  # ревизия: an audit [AK][WP]
    FalseFriend("speculation", ("спекуляция",), "profiteering"),  # black-market dealing [AK]
    FalseFriend("fraction", ("фракция",), "faction"),  # фракция: a party group [AK][WP]
    FalseFriend("decoration", ("декорация",), "scenery"),  # декорация: a stage set [AK][WP]
    FalseFriend("patron", ("патрон",), "cartridge"),  # патрон: a cartridge (also a boss) [AK][WP]
    FalseFriend("obligation", ("облигация",), "bond"),  # облигация: a bond (security) [AK][WP]
    FalseFriend("spectacle", ("спектакль",), "performance"),  # спектакль: a stage play [AK][WP]
    FalseFriend("brilliant", ("бриллиант",), "diamond"),  # бриллиант: a cut diamond [AK][WP]
    FalseFriend("carton", ("картон",), "cardboard"),  # картон: cardboard [AK][WP]
    FalseFriend("plaid", ("плед",), "rug"),  # плед: a travelling rug, blanket [AK][WP]
    FalseFriend("stool", ("стул",), "chair"),  # стул: a chair [AK][WP]
    FalseFriend("trap", ("трап",), "gangway"),  # трап: a ship's ladder [AK][WP]
    FalseFriend("affair", ("афера",), "swindle"),  # афера: a fraud [AK][WP]
    FalseFriend("sympathy", ("симпатия",), "liking"),  # симпатия: a liking, attraction [AK][WP]
    FalseFriend("balloon", ("баллон",), "cylinder"),  # баллон: a gas cylinder [AK][WP]
    FalseFriend("biscuit", ("бисквит",), "sponge cake"),  # бисквит: a sponge cake [AK][WP]
    FalseFriend("marmalade", ("мармелад",), "fruit jelly"),  # мармелад: fruit jelly sweets [AK][WP]
    FalseFriend("tribune", ("трибуна",), "rostrum"),  # трибуна: a platform, stand [AK][WP]
    FalseFriend("economy", ("экономия",), "saving"),  # экономия: thrift, a saving [AK][WP]
    FalseFriend("instance", ("инстанция",), "authority"),  # инстанция: a level of authority [AK][WP]
    FalseFriend("preservative", ("презерватив",), "condom"),  # презерватив: a condom [WP][EX]
    FalseFriend("direction", ("дирекция",), "management"),  # дирекция: the board of directors [AK][WP]
    FalseFriend("hazard", ("азарт",), "excitement"),  # азарт: passion, heat (of a game) [AK][WP]
    FalseFriend("camera", ("камера",), "cell"),  # камера: a (prison) cell [AK][WP]
    FalseFriend("receipt", ("рецепт",), "prescription"),  # рецепт: a prescription, recipe [AK][WP]
    FalseFriend("conserves", ("консервы",), "tinned food"),  # консервы: canned food [AK][WP]
)
BY_ENGLISH: dict[str, FalseFriend] = {f.english: f for f in FALSE_FRIENDS}


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def ru_lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy3 gives a Russian word (all its readings)."""
    return frozenset(p.normal_form for p in _morph().parse(word.lower()))


@lru_cache(maxsize=100_000)
def ru_known(word: str) -> bool:
    """Whether pymorphy3's dictionary has the Russian word (not a guess from its ending)."""
    return bool(_morph().word_is_known(word.lower()))


@lru_cache(maxsize=100_000)
def morph_tag(word: str) -> str:
    """pymorphy3's tag of a Russian word's likeliest reading, as text ("VERB,perf…")."""
    return str(_morph().parse(word.lower())[0].tag)


def _lemma(word: str) -> tuple[str, bool] | None:
    """The false friend a lowercase English word is a form of, and whether it is plural."""
    if word in BY_ENGLISH:
        return word, False
    for suffix, base in (("ies", "y"), ("es", ""), ("s", "")):
        stem = word[: -len(suffix)] + base if word.endswith(suffix) else ""
        if stem in BY_ENGLISH:
            return stem, True
    return None


def _plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") else last + ("es" if last.endswith(("s", "sh", "ch")) else "s")
    return f"{head} {last}".strip()


def _cased(original: str, replacement: str) -> str:
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


def check(inp: CheckInput) -> list[Finding]:
    """False friends proposed where the aligned Russian has the lure, flagged where only the context shows it."""
    hits = [(w, found) for w in inp.words if (found := _lemma(w.text.lower()))]
    if not hits:
        return []
    if inp.ru is not None and inp.beads:
        return _aligned(inp, hits)
    return _in_context(inp, hits)


def _aligned(inp: CheckInput, hits: list[tuple[Word, tuple[str, bool]]]) -> list[Finding]:
    out = []
    for w, (lemma, plural) in hits:
        seg = inp.segmentation.at(w.start)
        bead = inp.bead_of.get(seg.id) if seg else None
        ru = [s for i in bead.ru if inp.ru is not None and (s := inp.ru.get(i))] if bead else []
        friend = BY_ENGLISH[lemma]
        lure = next((m.group() for s in ru for m in WORD_RE.finditer(s.text)
                     if ru_lemmas(m.group()) & set(friend.russian)), None)
        if lure is None:
            continue
        right = _cased(w.text, _plural(friend.right) if plural else friend.right)
        out.append(inp.finding(w.start, w.end, right, "mistranslation", "false-friends.aligned",
                               f"'{w.text}' renders «{lure}», which means '{right}' (a false friend)", 0.7))
    return out


def _in_context(inp: CheckInput, hits: list[tuple[Word, tuple[str, bool]]]) -> list[Finding]:
    out = []
    for w, (lemma, _) in hits:
        friend = BY_ENGLISH[lemma]
        seg = inp.segmentation.at(w.start)
        if not friend.cue or seg is None:
            continue
        cue = re.compile(friend.cue.replace("{w}", re.escape(w.text)))
        at = w.start - seg.start
        if any(m.start() <= at < m.end() for m in cue.finditer(seg.text)):
            out.append(inp.finding(w.start, w.end, None, "mistranslation", "false-friends.context",
                                   f"'{w.text}' here reads like Russian «{friend.russian[0]}» "
                                   f"('{friend.right}'): a false friend?", 0.4))
    return out
