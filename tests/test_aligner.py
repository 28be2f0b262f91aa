"""The aligner on the sample book, on generated books and in two-file CLI mode."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from align.alignment.aligner import MODEL_FREE, align
from align.alignment.anchors import extract
from align.alignment.evaluate import confidence_auroc, read_alignment, score
from align.alignment.run import run_alignment
from align.alignment.synthetic import generate_book
from align.cli import main
from align.project import Project
from align.translit import spelling_key as fold

ROOT = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


def _indices(project: Project) -> tuple[list, dict[str, int], dict[str, int]]:
    from align import document
    from align.segment import segment

    ru = segment(document.load(project, DOC, "ru")).sentences
    en = segment(document.load(project, DOC, "en")).sentences
    return en, {s.id: s.index for s in ru}, {s.id: s.index for s in en}


def test_sample_matches_gold(project: Project) -> None:
    beads = run_alignment(project, DOC)
    en, ru_idx, en_idx = _indices(project)
    test = [(tuple(ru_idx[x] for x in b.ru), tuple(en_idx[x] for x in b.en)) for b in beads]
    result = score([read_alignment(ROOT / "tests/data/sample_alignment_gold.txt")], [test])
    print(f"sample strict F1 {result.strict.f1:.3f}, lax F1 {result.lax.f1:.3f}")
    assert result.strict.f1 >= 0.95
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)
    # Gold: English 106-221 have no Russian; Russian 92-108 is the passage the English omits.
    aligned_en = {i for r, e in test if r for i in e}
    aligned_ru = {i for r, e in test if e for i in r}
    assert not aligned_en & set(range(106, 222))
    assert not aligned_ru & set(range(92, 109))
    # Every English paragraph that has Russian source is aligned, sentence by sentence.
    with_source = {s.paragraph_index for s in en if s.index < 106}
    for s in en:
        if s.paragraph_index in with_source:
            assert s.index in aligned_en, s.text


def test_confidence_separates_right_from_wrong_beads() -> None:
    ru, en = ((ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    book = generate_book(ru, en, n_ru=1500, seed=3, omission=300)
    gold = set(book.gold)
    # Without paragraphs the aligner makes a dozen or a few dozen mistakes here (17 with the
    # model-free weights of the n-grams, 29 before); they must be the doubtful ones.
    beads = align(book.ru_sentences, book.en_sentences)
    right = [(b.src, b.tgt) in gold for b in beads]
    assert 10 <= right.count(False) <= 100
    auroc, _ = confidence_auroc([book.gold], [[(b.src, b.tgt) for b in beads]], [[b.confidence for b in beads]])
    assert auroc >= 0.88  # 0.91 (0.85 with the margin alone, 0.52 with the margin over a gap)
    one_sided = [b.confidence for b in beads if not (b.src and b.tgt)]
    assert len(one_sided) >= 300 and max(one_sided) > 0.7 and min(one_sided) < 0.5


def test_a_sentence_listing_five_items_translated_as_five_lines() -> None:
    """One source sentence listing five expeditions, the translation one line each (a 1-5 bead, as
    in the Text+Berg gold): one bead both ways round, not four lines and a stray one."""
    src = [
        "Im Jahre 1950 begann die Erforschung des Gebietes durch die Schweizer.",
        "Die wissenschaftliche Arbeit verteilte sich so: 1952 Augustin Lombard geologisch, 1953 Albert Zimmermann "
        "botanisch, 1954 Helmut Heuberger geographisch, 1955 Erwin Schneider kartographisch und 1956 Fritz Müller "
        "glaziologisch.",
        "Der Bericht von 1957 fasst die Ergebnisse aller Teilnehmer zusammen.",
        "Im Jahre 1958 folgte eine zweite Expedition mit Hans Lauterburg.",
    ]
    tgt = [
        "En 1950 commença l' exploration de la région par les Suisses.",
        "1952 , Augustin Lombard en géologie ;",
        "1953 , Albert Zimmermann en botanique ;",
        "1954 , Helmut Heuberger en géographie ;",
        "1955 , Erwin Schneider en cartographie ;",
        "1956 , Fritz Müller en glaciologie.",
        "Le rapport de 1957 résume les résultats de tous les participants.",
        "En 1958 suivit une seconde expédition avec Hans Lauterburg.",
    ]
    expected = [((0,), (0,)), ((1,), (1, 2, 3, 4, 5)), ((2,), (6,)), ((3,), (7,))]
    assert [(b.src, b.tgt) for b in align(src, tgt)] == expected
    assert [(b.tgt, b.src) for b in align(tgt, src)] == expected


def test_a_footnote_line_is_left_unaligned_not_swallowed() -> None:
    """A footnote line OCR left in the text ("3 Vgl. S. 112 .") has numbers no translated sentence
    nearby has: it opens a gap cheaply and becomes a 1-0 bead (0-1 the other way round), where
    the length score alone grew its neighbour's bead around it (a 2-1)."""
    src = [
        "Am 12. Juli verliessen wir das Basislager auf 5100 m und stiegen über den Gletscher zum ersten Hochlager.",
        "Der Aufstieg war mühsam, denn der Neuschnee reichte uns bis an die Knie.",
        "3 Vgl. S. 112 .",
        "Erst am Abend erreichten wir die Mulde unter dem Nordgrat, wo wir die Zelte aufstellten.",
        "In der Nacht tobte ein Sturm, und wir mussten die Zelte mehrmals neu verankern.",
        "Am nächsten Morgen war der Himmel wieder klar, und wir konnten weitergehen.",
    ]
    tgt = [
        "Le 12 juillet, nous quittâmes le camp de base à 5100 m et montâmes par le glacier jusqu' au premier "
        "camp d' altitude.",
        "La montée fut pénible, car la neige fraîche nous arrivait aux genoux.",
        "Ce n' est que le soir que nous atteignîmes la combe au pied de l' arête nord, où nous dressâmes les tentes.",
        "Pendant la nuit, une tempête fit rage, et nous dûmes ancrer les tentes plusieurs fois.",
        "Le lendemain matin, le ciel était de nouveau clair, et nous pûmes repartir.",
    ]
    expected = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert [(b.src, b.tgt) for b in align(src, tgt)] == expected
    assert [(b.tgt, b.src) for b in align(tgt, src)] == expected
    swallowed = [(b.src, b.tgt) for b in align(src, tgt, params=replace(MODEL_FREE, orphan_gap_bonus=0.0))]
    assert ((2, 3), (2,)) in swallowed


@pytest.mark.parametrize("paragraphs", [True, False])
def test_repeated_chapters_do_not_drift(project: Project, paragraphs: bool) -> None:
    """A book of twelve copies of the sample, one English sentence dropped in the first: every
    key occurs twelve times, so no key is a rare anchor; in-order pairs of keys keep the copies
    in step (before them: strict F1 0.01 without paragraphs, 0.22 with)."""
    from align import document
    from align.segment import segment

    ru = segment(document.load(project, DOC, "ru")).sentences
    en = segment(document.load(project, DOC, "en")).sentences
    copies, drop = 12, 3
    src = [s.text for s in ru] * copies
    tgt = [s.text for s in en] * copies
    src_par = [s.paragraph_index + 1000 * c for c in range(copies) for s in ru]
    tgt_par = [s.paragraph_index + 1000 * c for c in range(copies) for s in en]
    del tgt[drop], tgt_par[drop]
    gold = []
    for c in range(copies):
        for a, b in read_alignment(ROOT / "tests/data/sample_alignment_gold.txt"):
            moved = tuple(j + c * len(en) for j in b)
            kept = tuple(j - (j > drop) for j in moved if j != drop)
            if a or kept:
                gold.append((tuple(i + c * len(ru) for i in a), kept))
    pars = {"src_par": src_par, "tgt_par": tgt_par} if paragraphs else {}
    beads = align(src, tgt, **pars)
    result = score([gold], [[(b.src, b.tgt) for b in beads]])
    assert result.strict.f1 >= (0.99 if paragraphs else 0.85), result


def test_names_match_across_scripts() -> None:
    assert fold("Троцкий") == fold("Trotsky")
    assert fold("Главконцесском") == fold("Glavkontsesscom") == fold("Glavcontsesscom")
    feats = extract(["Зиновьев и Каменев в 1917 году?"], ["Zinoviev and Kamenev in 1917?", "Nothing here."])
    shared = (feats.src_b @ feats.tgt_b.T).toarray()
    assert shared[0, 0] >= 4 and shared[0, 1] == 0  # two names, a number, the question mark


def test_partial_cognates_share_ngrams_where_no_word_key_matches() -> None:
    """Präsident ~ président agree on no 6-letter stem: their 4-grams (side, iden, dent, ent$) tie the
    sentences; Expedition ~ expédition share a word key already and give no n-grams; Greek shares
    none with English."""
    feats = extract(["Der Präsident rauchte."], ["Le président fuma.", "Rien."], grams=True)
    assert feats.grams is not None and feats.src_b.nnz == 0
    shared = (feats.grams.src_b @ feats.grams.tgt_w.T).toarray()
    assert shared[0, 0] >= 4 and shared[0, 1] == 0
    keyed = extract(["Die Expedition."], ["L'expédition."], grams=True)
    assert keyed.grams is not None and keyed.src_b.nnz == 1 and keyed.grams.src_b.nnz == 0
    greek = extract(["Ο πρόεδρος κάπνισε ένα τσιγάρο."], ["The president smoked a cigarette."], grams=True)
    assert greek.grams is not None and greek.grams.src_b.nnz == 0
    assert extract(["Der Präsident."], ["Le président."]).grams is None  # only when asked


@pytest.mark.parametrize("chocolate_in", [0, 1])
def test_partial_cognates_decide_where_a_split_sentence_goes(chocolate_in: int) -> None:
    """The middle French sentence ("he also ate chocolate") fits the German sentence before it as
    well as the one after it by length, and no word key is shared: the n-grams of Schokolade ~
    chocolat (and of the rest: Konzert ~ concert, Doktor ~ docteur) put it with the German sentence
    that says so. Without them, both versions come out alike, so one is wrong."""
    fr = [
        "Après le concert, le président fuma une cigarette.",
        "Il mangea aussi du chocolat.",
        "Le docteur vint tard au théâtre avec sa famille.",
    ]
    ends = ["und ass Schokolade", "und lachte darüber"]  # as long as each other
    if chocolate_in:
        ends.reverse()
    de = [
        f"Nach dem Konzert rauchte der Präsident eine Zigarette {ends[0]}.",
        f"Der Doktor kam mit seiner Familie spät ins Theater {ends[1]}.",
    ]
    gold = [((0,), (0, 1)), ((1,), (2,))] if chocolate_in == 0 else [((0,), (0,)), ((1,), (1, 2))]
    assert [(b.src, b.tgt) for b in align(de, fr)] == gold
    swapped = [de[0].replace(ends[0], ends[1]), de[1].replace(ends[1], ends[0])]
    no_grams = replace(MODEL_FREE, w_gram=0.0)
    assert [(b.src, b.tgt) for b in align(de, fr, params=no_grams)] == [
        (b.src, b.tgt) for b in align(swapped, fr, params=no_grams)
    ]


def test_a_bead_ends_where_both_sides_end_in_the_same_mark() -> None:
    """The Greek splits the fourth sentence into an exclamation ("A soldier, then!") and the rest.
    Greek shares no word with English, and by length the short exclamation fits the sentence before
    it as well as the one it translates; a bead ending in "." on one side and "!" on the other costs
    more (`Params.end_mismatch`), so it goes with the sentence after it, both ways round. Without
    that cost it ends the bead before."""
    en = [
        "The travellers left the village at dawn and walked for many hours along the river, until the road "
        "turned towards the mountains.",
        "By evening they reached a small inn, where the owner gave them bread, cheese and a jug of red wine.",
        "The youngest of them, who had served two years in the army, told the others long and cheerful stories "
        "about the war and the far cities he had seen there in those long years.",
        "So he was a soldier; now he led the little company across the pass with the two old mules that had "
        "belonged to his father.",
        "During the whole journey they talked about the philosophy of their old teacher.",
    ]
    el = [
        "Οι ταξιδιώτες έφυγαν από το χωριό την αυγή και περπάτησαν πολλές ώρες δίπλα στο ποτάμι, ώσπου ο δρόμος "
        "έστριψε προς τα βουνά.",
        "Το βράδυ έφτασαν σε ένα μικρό πανδοχείο, όπου ο ιδιοκτήτης τούς έδωσε ψωμί, τυρί και μια κανάτα κόκκινο "
        "κρασί.",
        "Ο νεότερος, που είχε υπηρετήσει δύο χρόνια στο στρατό, διηγήθηκε στους άλλους μεγάλες ιστορίες για τον "
        "πόλεμο και τις πόλεις που είχε δει.",
        "Στρατιώτης λοιπόν!",
        "Τώρα οδηγούσε τη μικρή συντροφιά πάνω από το πέρασμα με τα δύο γέρικα μουλάρια που ανήκαν στον πατέρα του.",
        "Σε όλο το ταξίδι μιλούσαν για τη φιλοσοφία του παλιού τους δασκάλου.",
    ]
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3, 4)), ((4,), (5,))]
    assert [(b.src, b.tgt) for b in align(en, el)] == gold
    assert [(b.tgt, b.src) for b in align(el, en)] == gold
    unmarked = replace(MODEL_FREE, end_mismatch=0.0)
    assert ((2,), (2, 3)) in [(b.src, b.tgt) for b in align(en, el, params=unmarked)]
    assert ((2,), (2, 3)) in [(b.tgt, b.src) for b in align(el, en, params=unmarked)]


def test_the_rest_of_a_cut_sentence_stays_with_its_start() -> None:
    """The sentence splitter cut the second German sentence after "(grauen oder": the rest, starting
    lowercase, belongs to the bead of its start. By length it fits the short sentence after it as
    well; a bead starting lowercase on one side only costs more (`Params.start_mismatch`), so the
    rest stays with its start, both ways round. Without that cost it starts a bead of its own."""
    de = [
        "Am nächsten Morgen verliessen wir das Lager bei dichtem Nebel und stiegen langsam über den Gletscher "
        "zum Pass hinauf .",
        "Der Führer berichtet nur aus zweiter Hand , die Hirten hätten bezeugt , dass Spuren , die anfänglich "
        "einem Wolf zugeschrieben wurden , sich später als die eines ( grauen oder",
        "braunen ) Hundes herausgestellt hätten .",
        "Das ist natürlich nur ein Scheinargument .",
        "Am Abend erreichten wir die Hütte , wo uns der Wirt mit heissem Tee und Brot empfing .",
    ]
    fr = [
        "Le lendemain matin , nous avons quitté le camp dans un épais brouillard et sommes montés lentement au "
        "col par le glacier .",
        "Son information n' est que de seconde main .",
        "Des bergers lui ont assuré que des empreintes attribuées d' abord à un loup étaient en réalité celles "
        "d' un grand chien ( gris ou brun ) .",
        "Ce n' est là qu' un témoignage fallacieux .",
        "Le soir , nous avons atteint la cabane , où le gardien nous accueillit avec du thé chaud et du pain .",
    ]
    gold = [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), ((4,), (4,))]
    assert [(b.src, b.tgt) for b in align(de, fr)] == gold
    assert [(b.tgt, b.src) for b in align(fr, de)] == gold
    uncased = replace(MODEL_FREE, start_mismatch=0.0)
    assert ((2,), (3,)) in [(b.src, b.tgt) for b in align(de, fr, params=uncased)]
    assert ((2,), (3,)) in [(b.tgt, b.src) for b in align(fr, de, params=uncased)]


def test_generated_book_omission_and_untranslated_runs() -> None:
    ru, en = ((ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    book = generate_book(ru, en, n_ru=1500, seed=3, omission=300)
    beads = align(
        book.ru_sentences, book.en_sentences, src_par=book.paragraph_numbers("ru"), tgt_par=book.paragraph_numbers("en")
    )
    result = score([book.gold], [[(b.src, b.tgt) for b in beads]])
    assert result.strict.f1 >= 0.98, result
    omitted = {a[0] for a, b in book.gold if not b}
    aligned = {i for b in beads if b.tgt for i in b.src}
    assert len(omitted) >= 300 and len(omitted & aligned) <= 5
    untranslated = {b[0] for a, b in book.gold if not a}
    aligned_en = {j for b in beads if b.src for j in b.tgt}
    # Untranslated paragraphs have no anchors; paragraph skips and paragraph similarity keep
    # them unaligned (this book: 0 of 45 sentences aligned, 12 before paragraph evidence).
    assert untranslated and len(untranslated & aligned_en) <= 0.05 * len(untranslated)


def test_presegmented_cli_prints_vecalign_beads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "de.txt"
    tgt = tmp_path / "fr.txt"
    src.write_text(
        "Wir fuhren 1988 nach Zürich.\nDort regnete es drei Tage lang.\nDann kam die Sonne.\n", encoding="utf-8"
    )
    tgt.write_text(
        "Nous sommes allés à Zurich en 1988.\nIl y a plu pendant trois jours.\nPuis vint le soleil.\n", encoding="utf-8"
    )
    assert main(["--project", str(ROOT), "align", "--source", str(src), "--target", str(tgt), "--presegmented"]) == 0
    out = capsys.readouterr().out.splitlines()
    pattern = re.compile(r"^\[(\d+(,\d+)*)?\]:\[(\d+(,\d+)*)?\]:-?\d+\.\d+$")
    assert out and all(pattern.match(line) for line in out), out
    assert out[0].startswith("[0]:[0]:")
    src_ids = [int(x) for line in out for x in line.split(":")[0].strip("[]").split(",") if x]
    assert src_ids == [0, 1, 2]


def test_cli_summary_and_jsonl(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(project.root), "align", DOC]) == 0
    out = capsys.readouterr().out
    assert "English aligned: 106/222" in out and "0-1 116" in out and "least confident" in out
    assert main(["--project", str(project.root), "align", DOC, "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 236 and all('"ru"' in x and '"confidence"' in x for x in lines)


def test_document_without_russian(project: Project) -> None:
    (project.root / "texts/ru" / f"{DOC}.txt").unlink()
    beads = run_alignment(project, DOC)
    assert len(beads) == 222 and all(not b.ru and len(b.en) == 1 for b in beads)


def test_embedding_anchors_narrow_the_band_where_no_key_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two texts sharing no key (no number, name or punctuation) give the aligner no anchor: its
    band is the whole rectangle. Embeddings that pair the sentences give anchors, and the band
    drawn again around them has a fraction of the cells; the alignment is the right one."""
    import numpy as np

    from align.alignment import aligner

    rng = np.random.default_rng(3)
    n = 200
    src = [" ".join("".join(rng.choice(list("абвгдежзиклмнопрстуф"), 5)) for _ in range(rng.integers(4, 12)))
           for _ in range(n)]
    tgt = [" ".join("".join(rng.choice(list("qwxyz"), 5)) for _ in range(len(s.split()))) for s in src]
    base = rng.normal(size=(n, 64))
    src_emb = base / np.linalg.norm(base, axis=1, keepdims=True)
    noisy = base + 0.4 * rng.normal(size=(n, 64))
    tgt_emb = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    sizes: list[int] = []
    make_band = aligner._make_band

    def recording(*args):  # type: ignore[no-untyped-def]
        band = make_band(*args)
        sizes.append(band.size)
        return band

    monkeypatch.setattr(aligner, "_make_band", recording)
    beads = align(src, tgt, src_emb=src_emb, tgt_emb=tgt_emb)
    assert [(b.src, b.tgt) for b in beads] == [((k,), (k,)) for k in range(n)]
    assert sizes[0] == (n + 1) ** 2  # no key anchor: the whole rectangle
    assert len(sizes) == 2 and sizes[1] < sizes[0] / 4


def _gold_sentences(lang: str) -> list[str]:
    text = (ROOT / "tests" / "data" / "segmentation" / f"{lang}_gold.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and line != "¶"]


def test_a_lexicon_learned_from_the_document_aligns_a_pair_without_cognates() -> None:
    """The sample's Russian written in Greek letters (one letter for each) shares no word with the
    English, as Greek does not: only numbers, punctuation and lengths tie the two. The second pass
    learns word pairs from the first pass's confident beads (Greek-lettered революц ~ revolu,
    сказал ~ said) and, with them as keys, gets beads right that the first pass got wrong."""
    import dataclasses

    from align.alignment.aligner import MODEL_FREE
    from align.alignment.lexicon import learn

    cyrillic = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"
    greek = "αβγδεζηθικλμνξοπρστυφχψωϊϋάέήίόύώ"
    to_greek = str.maketrans(cyrillic + cyrillic.upper(), greek + greek.upper())
    src = [s.translate(to_greek) for s in _gold_sentences("ru")]
    tgt = _gold_sentences("en")
    gold = set(read_alignment(ROOT / "tests/data/sample_alignment_gold.txt"))
    first = align(src, tgt, params=dataclasses.replace(MODEL_FREE, lex_weight=0.0))
    second = align(src, tgt)
    wrong_first = {(b.src, b.tgt) for b in first} - gold
    wrong_second = {(b.src, b.tgt) for b in second} - gold
    assert len(wrong_first) >= 25  # 31
    assert len(wrong_second) <= len(wrong_first) - 8  # 22
    lexicon = learn(src, tgt, [(b.src, b.tgt) for b in first if b.confidence >= MODEL_FREE.lex_trust])
    pairs = {(s.translate({v: k for k, v in to_greek.items()}), t) for s, t in lexicon.pairs}
    assert {("револю", "revolu"), ("сказал", "said"), ("после", "after")} <= pairs
    # On the real Russian, whose names and cognates are keys already, it gets no more beads wrong.
    ru = _gold_sentences("ru")
    once = align(ru, tgt, params=dataclasses.replace(MODEL_FREE, lex_weight=0.0))
    assert len({(b.src, b.tgt) for b in align(ru, tgt)} - gold) <= len({(b.src, b.tgt) for b in once} - gold)  # 18


def test_a_fixed_bead_leaving_three_sentences_before_it_with_embeddings() -> None:
    """A stretch shorter than the largest bead (here 3 sentences before a fixed bead) has fewer
    neighbouring embedding pairs than bead sizes: the group norms must still be made (this raised)."""
    import numpy as np

    src, tgt = _gold_sentences("ru")[:8], _gold_sentences("en")[:9]
    gold = read_alignment(ROOT / "tests/data/sample_alignment_gold.txt")[:8]
    rng = np.random.default_rng(1)
    base = rng.normal(size=(len(gold), 32))
    src_emb = np.array([base[k] for k, (a, _) in enumerate(gold) for _ in a])
    tgt_emb = np.array([base[k] for k, (_, b) in enumerate(gold) for _ in b])
    src_emb /= np.linalg.norm(src_emb, axis=1, keepdims=True)
    tgt_emb /= np.linalg.norm(tgt_emb, axis=1, keepdims=True)
    beads = align(src, tgt, src_emb=src_emb, tgt_emb=tgt_emb, fixed=[((3,), (3, 4))])
    assert [(b.src, b.tgt) for b in beads] == gold


def test_presegmented_lines_end_only_at_line_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line holding U+2028 (a line separator pasted from a word processor) is still one line: the beads'
    line numbers are those of the file, not shifted by str.splitlines' extra breaks."""
    src = tmp_path / "de.txt"
    tgt = tmp_path / "fr.txt"
    src.write_text("Wir fuhren 1988 nach\u2028Zürich.\r\nDort regnete es 3 Tage lang.\nDann kam 1 Sonne.\n",
                   encoding="utf-8")
    tgt.write_text("Nous sommes allés à Zurich en 1988.\nIl a plu 3 jours.\u2029\nPuis vint 1 soleil.\n",
                   encoding="utf-8")
    assert main(["--project", str(ROOT), "align", "--source", str(src), "--target", str(tgt), "--presegmented"]) == 0
    beads = [line.split(":")[:2] for line in capsys.readouterr().out.splitlines()]
    assert beads == [["[0]", "[0]"], ["[1]", "[1]"], ["[2]", "[2]"]]
