"""A held-out probe of real-word errors: hand-written slips, each alone and inside a book.

    .venv/bin/python bench/realword_probe.py [--checks context] [--host Candide] [--show]

`bench/checks_eval.py` and `bench/context_tune.py` inject errors by rule (`real_word_typo`,
`confusion_swap`) into DEV texts, and the context check's thresholds are chosen there. This
probe is written by hand instead, as a typist or an OCR engine slips: one real word into
another ("several tines", "on the tale", "I will meat you", "a cold winter mourning"), some
beyond the check's reach on purpose (two letters apart: "she road her horse", "the dark
would"), each in a plain sentence; and correct sentences whose rare word stands where a
frequent one often does ("three sharp tines", "the quay", "a shawl"), where no finding is
right. Each sentence is checked (a) alone and (b) inserted, a sentence at the end of a
paragraph spread evenly, into a long real text (a LIMSI English book, Candide by default, or
the sample memoir with `--host sample`). Prints per setting the errors caught (a finding
over the slip whose replacement is the meant word), flagged (any finding over it), and the
findings on the correct sentences (false alarms).

Never tune on this: run it before and after a change to the check, and report both.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from align.checks import check_text
from align.checks.evaluate import limsi_books
from align.checks.model import Finding
from align.segment import segment_text

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
SAMPLE = ROOT.parent / "shared" / "sample" / "000_ba55a7e14820959d.txt"


@dataclass(frozen=True)
class Probe:
    """A sentence; `slip` (a whole word in it) is wrong and `meant` right, or both empty: no error."""

    sentence: str
    slip: str = ""
    meant: str = ""

    def span(self) -> tuple[int, int]:
        """Where the slip stands in the sentence (its first occurrence as a whole word)."""
        padded = f" {self.sentence} "
        for mark in " ,.;:!?":
            at = padded.find(f" {self.slip}{mark}")
            if at >= 0:
                return at, at + len(self.slip)
        raise ValueError(f"{self.slip!r} is not a word of {self.sentence!r}")


ERRORS: tuple[Probe, ...] = (
    Probe("He walked several tines around the house.", "tines", "times"),
    Probe("She put the cup on the tale and sat down.", "tale", "table"),
    Probe("I will meat you at the station tomorrow.", "meat", "meet"),
    Probe("It was a cold winter mourning, and the roads were empty.", "mourning", "morning"),
    Probe("She road her horse across the field every day.", "road", "rode"),  # two letters apart
    Probe("Nothing could be seen in the dark would beyond the river.", "would", "wood"),  # two letters apart
    Probe("He wiped his forehead with the back of his hank.", "hank", "hand"),
    Probe("She opened the dour and looked out into the yard.", "dour", "door"),
    Probe("There was no one in the hose when we came back.", "hose", "house"),
    Probe("He said he would come back in an our.", "our", "hour"),
    Probe("We had diner with her parents on Sunday.", "diner", "dinner"),
    Probe("The old man sat down on the bench to test.", "test", "rest"),
    Probe("She did not want to loose her only friend.", "loose", "lose"),
    Probe("He was to tired to say anything.", "to", "too"),
    Probe("I could here the rain on the roof all night.", "here", "hear"),
    Probe("They walked along the beach until the son went down.", "son", "sun"),
    Probe("He has been working on his new boot for three years.", "boot", "book"),
    Probe("The letter was sent last weak, but it never came.", "weak", "week"),
    Probe("He put the money back into his pocked.", "pocked", "pocket"),
    Probe("They lived in a small horse near the church.", "horse", "house"),
    Probe("My farther worked in the mill for twenty years.", "farther", "father"),
    Probe("She was wearing a long black cress.", "cress", "dress"),
    Probe("He asked me weather I had seen his brother.", "weather", "whether"),
    Probe("The king sat on his thrown and said nothing.", "thrown", "throne"),  # two letters apart
    Probe("She had a cold and stayed in bad all day.", "bad", "bed"),
    Probe("He sent his son to buy some bread and mild.", "mild", "milk"),
    Probe("I need to fiend my keys before we go.", "fiend", "find"),
    Probe("The teacher asked the class to open there books.", "there", "their"),
    Probe("He was hit by a car as he crossed the rod.", "rod", "road"),
    Probe("She wrote a long latter to her mother.", "latter", "letter"),
    Probe("He spent the hole day in the garden.", "hole", "whole"),
    Probe("We had to wait for more than and hour.", "and", "an"),  # "an" is short
    Probe("He bought a new cat and drove it to the city.", "cat", "car"),
    Probe("The doctor said he must not leave his room for ten rays.", "rays", "days"),
    Probe("He spoke so quietly that I could hardly bear him.", "bear", "hear"),
    Probe("I have not seen him since he left the country tree years ago.", "tree", "three"),
    Probe("The water in the river was very cold that mouth.", "mouth", "month"),
    Probe("He sat in the corner reading a newspaper and smoking a pope.", "pope", "pipe"),
    Probe("He sat at his desk, writing a letter to his wise.", "wise", "wife"),
    Probe("He never new what she was thinking.", "new", "knew"),
    Probe("I walked down the hill and crossed the bridge over the rover.", "rover", "river"),
    Probe("She looked out of the widow at the falling snow.", "widow", "window"),
    Probe("He ate his super in silence and went to bed.", "super", "supper"),
)

CORRECT: tuple[Probe, ...] = (
    Probe("The fork had three sharp tines."),
    Probe("She pressed her cheek to the cool pane of glass."),
    Probe("The deer lifted its head and sniffed the air."),
    Probe("He tugged at the reins and the horse stopped."),
    Probe("She sewed a hem along the edge of the cloth."),
    Probe("The hull of the boat was covered in barnacles."),
    Probe("He tied the boat to the quay and climbed out."),
    Probe("A hare ran across the field and vanished."),
    Probe("The mare grazed quietly beside her foal."),
    Probe("They drank mead from wooden cups."),
    Probe("He trimmed the wick of the lamp."),
    Probe("The monks sang in the dim nave of the church."),
    Probe("She wore a shawl over her shoulders."),
    Probe("The cart stuck in the mire near the ford."),
    Probe("He gave the dog a pat on the head."),
    Probe("The boy threw a pebble into the pond."),
    Probe("He rowed the boat across the bay."),
    Probe("A lark sang high above the meadow."),
)


def run(text: str, checks: list[str]) -> list[Finding]:
    return check_text(text, segment_text(text), checks=checks)


def insert(host: str, probes: tuple[Probe, ...]) -> tuple[str, list[int]]:
    """The host with each probe sentence appended to a paragraph, spread evenly; where each starts."""
    paras = host.rstrip("\n").split("\n")
    step = len(paras) // (len(probes) + 1)
    at = {step * (k + 1): p for k, p in enumerate(probes)}
    out, starts, pos = [], [], 0
    for k, para in enumerate(paras):
        if k in at:
            para = f"{para} " if para.strip() else para
            starts.append(pos + len(para))
            para += at[k].sentence
        out.append(para)
        pos += len(para) + 1
    return "\n".join(out) + "\n", starts


def score(label: str, placed: list[tuple[Probe, int, list[Finding]]], show: bool) -> None:
    """Caught and flagged slips, and findings on the correct sentences, of one setting."""
    caught = flagged = alarms = elsewhere = 0
    lines = []
    for probe, start, findings in placed:
        inside = [f for f in findings if start <= f.start < start + len(probe.sentence)]
        if not probe.slip:
            alarms += len(inside)
            lines += [f"  FALSE   {f.original!r} -> {f.replacement!r} in {probe.sentence!r}" for f in inside]
            continue
        a, b = probe.span()
        over = [f for f in inside if f.start < start + b and f.end > start + a]
        hit = any(f.replacement is not None and f.replacement.lower() == probe.meant for f in over)
        caught += hit
        flagged += bool(over)
        elsewhere += len(inside) - len(over)
        mark = "CAUGHT" if hit else "FLAGGED" if over else "MISSED"
        lines.append(f"  {mark:7s} {probe.slip} -> {probe.meant}: "
                     + ", ".join(f"{f.original!r} -> {f.replacement!r}" for f in inside))
    n_err, n_ok = sum(bool(p.slip) for p, _, _ in placed), sum(not p.slip for p, _, _ in placed)
    print(f"{label:34s} caught {caught:2d}/{n_err}  flagged {flagged:2d}/{n_err}  "
          f"other findings in the error sentences {elsewhere}  false alarms on {n_ok} correct sentences {alarms}")
    if show:
        print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", default="context", help="comma-separated check families to run")
    parser.add_argument("--host", default="Candide", help="a LIMSI English book's name, or 'sample'")
    parser.add_argument("--show", action="store_true", help="print every probe's findings")
    args = parser.parse_args()
    t0 = time.perf_counter()
    checks = args.checks.split(",")
    probes = ERRORS + CORRECT
    score("alone", [(p, 0, run(p.sentence, checks)) for p in probes], args.show)
    host = SAMPLE.read_text(encoding="utf-8") if args.host == "sample" else limsi_books(BENCH)[args.host]
    text, starts = insert(host, probes)
    findings = run(text, checks)
    placed = [(p, s, findings) for p, s in zip(probes, starts, strict=True)]
    score(f"in {args.host} ({len(text.split())} words)", placed, args.show)
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
