"""Numbers written in words, English and Russian: "three hundred and twenty-fifth", «двести тридцать пять».

A numeral grammar over the closed class of number words of each language: units, teens and
tens add, "hundred" multiplies what precedes it, a scale ("thousand", «тысяча») closes a group
("two thousand three hundred" = 2300); ordinals count as their cardinal. Russian words are
read through pymorphy3 (any case or gender: «двумя», «семнадцатого»), only where it tags them
numerals (NUMR, ordinal Anum) or scale nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3


@dataclass(frozen=True)
class Spelt:
    """A number written in words: its value, its span in the text, and whether it is one word of an
    ambiguous kind ("one", "second": also a pronoun and a unit of time)."""

    value: int
    start: int
    end: int
    ambiguous: bool


def _table(words: str, values: list[int]) -> dict[str, int]:
    return dict(zip(words.split(), values, strict=True))


_UNITS = list(range(20))
_TENS = [20, 30, 40, 50, 60, 70, 80, 90]
_HUNDREDS = [100, 200, 300, 400, 500, 600, 700, 800, 900]
EN_WORDS = {
    **_table("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen", _UNITS),
    **_table("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth", _UNITS[1:]),
    **_table("twenty thirty forty fifty sixty seventy eighty ninety", _TENS),
    **_table("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth", _TENS),
    "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "million": 10**6, "millions": 10**6,
    "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}
RU_LEMMAS = {
    **_table("ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать "
             "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать", _UNITS),
    **_table("первый второй третий четвёртый пятый шестой седьмой восьмой девятый десятый одиннадцатый "
             "двенадцатый тринадцатый четырнадцатый пятнадцатый шестнадцатый семнадцатый восемнадцатый "
             "девятнадцатый", _UNITS[1:]),
    **_table("двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто", _TENS),
    **_table("двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый восьмидесятый девяностый", _TENS),
    **_table("сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот", _HUNDREDS),
    **_table("сотый двухсотый трёхсотый четырёхсотый пятисотый шестисотый семисотый восьмисотый девятисотый",
             _HUNDREDS),
    **_table("двое трое четверо пятеро шестеро семеро восьмеро девятеро десятеро", _UNITS[2:11]),
    "оба": 2, "тысяча": 1000, "тысячный": 1000, "миллион": 10**6, "миллионный": 10**6, "сотня": 100,
}
_RU_BY_KEY = {k.replace("ё", "е"): v for k, v in RU_LEMMAS.items()}
_SCALES = {1000, 10**6}
_EN_AMBIGUOUS = {"one", "second"}  # a pronoun ("no one"), a unit of time ("a second")
_EN_TOKEN = re.compile(r"[A-Za-z]+")


def _combine(values: list[int]) -> int:
    total, group = 0, 0
    for v in values:
        if v in _SCALES:
            total += (group or 1) * v
            group = 0
        elif v == 100:
            group = (group or 1) * 100
        else:
            group += v
    return total + group


def joins(prev: int, value: int, ordinal: bool = False) -> bool:
    """Whether `value` continues a number whose last word was `prev` ("twenty" "five", "hundred"
    "ten", "two" "thousand"), not a list ("five, six", "second and third") nor a fraction
    («девяносто девять сотых»: an ordinal multiplies nothing)."""
    if value in _SCALES or value == 100:
        return prev < value and not ordinal
    if prev in _SCALES or prev % 100 == 0:
        return value < prev
    return prev in _TENS and value < 10


def english(text: str) -> list[Spelt]:
    """Numbers in English words ("three hundred and twenty-five", "the fifth"), with their spans."""
    out: list[Spelt] = []
    run: list[tuple[int, int, int, str]] = []  # value, start, end, word

    def close() -> None:
        if run:
            words = [w for *_, w in run]
            out.append(Spelt(_combine([v for v, *_ in run]), run[0][1], run[-1][2],
                             len(words) == 1 and words[0] in _EN_AMBIGUOUS))
            run.clear()

    for m in _EN_TOKEN.finditer(text):
        word = m.group().lower()
        value = EN_WORDS.get(word)
        gap = text[run[-1][2] : m.start()] if run else ""
        if value is None:
            if not (word == "and" and run and gap == " " and run[-1][0] >= 100):  # "hundred and ten"
                close()
            continue
        if run and (gap not in (" ", "-", " and ") or not joins(run[-1][0], value)):
            close()
        run.append((value, m.start(), m.end(), word))
    close()
    return out


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def ru_value(word: str) -> int | None:
    """The value of a Russian number word in any form («двумя» → 2, «семнадцатого» → 17), else None."""
    parse = _morph().parse(word.lower())[0]
    value = _RU_BY_KEY.get(parse.normal_form.replace("ё", "е"))
    if value is None:
        return None
    if "NUMR" in parse.tag or "Anum" in parse.tag or value in _SCALES or value == 100:
        return value
    return None


_RU_TOKEN = re.compile(r"[а-яёА-ЯЁ]+")


# Russian tells the hour by the one under way: «половина седьмого», «в восьмом часу» are after six
# and seven, which English names.
_RU_HOUR = re.compile(r"половин\w*\s+$|^\s+час", re.IGNORECASE)


def russian(text: str) -> list[int]:
    """The values of the numbers written in Russian words («тысяча девятьсот семнадцатого» → 1917);
    an hour told the Russian way also as the English one (half past six for «половина седьмого»)."""
    out: list[int] = []
    run: list[tuple[int, int, int]] = []  # value, start, end

    def close() -> None:
        if run:
            value = _combine([v for v, *_ in run])
            out.append(value)
            if len(run) == 2 and run[0][0] in _SCALES:  # «тысяч двадцать»: about twenty thousand
                out.append(run[0][0] * run[1][0])
            if _RU_HOUR.search(text[max(0, run[0][1] - 12) : run[0][1]]) or _RU_HOUR.search(text[run[-1][2] :][:8]):
                out.append(value - 1)
            run.clear()

    for m in _RU_TOKEN.finditer(text):
        value = ru_value(m.group())
        if run and (value is None or text[run[-1][2] : m.start()] != " "
                    or not joins(run[-1][0], value, "Anum" in _morph().parse(m.group().lower())[0].tag)):
            close()
        if value is not None:
            run.append((value, m.start(), m.end()))
    close()
    return out
