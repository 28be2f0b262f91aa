"""Alignment: which Russian sentences each English sentence translates.

- `aligner`: the dynamic-programming core over two sentence lists (any language pair);
- `anchors`: cross-language anchor features (numbers, names, punctuation, terms) it uses;
- `neural`: the optional embedding scorer (bundled USE-m3 or a local model directory);
- `store`: beads on disk, the manual decisions to keep, the least confident beads;
- `run`: the aligner applied to a project's document, result stored;
- `decisions`: people's link, unlink, merge and split decisions;
- `evaluate`: Vecalign-format alignments read and written, strict and lax P/R/F1 against a gold;
- `synthetic`: a generated book pair with its gold alignment, for tests and benchmarks.
"""
