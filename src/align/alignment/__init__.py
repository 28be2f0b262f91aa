"""Alignment: which Russian sentences each English sentence translates.

- `aligner`: the dynamic-programming core over two sentence lists (any language pair);
- `anchors`: cross-language anchor features (numbers, names, punctuation, terms) it uses;
- `neural`: the optional embedding scorer (bundled USE-m3 or a local model directory);
- `embedding_cache`: its vectors on disk, so a sentence is encoded once per model;
- `store`: beads on disk, the manual decisions to keep, the least confident beads;
- `run`: the aligner applied to a project's document, result stored;
- `batch`: a catalogue of documents on all cores or a Dask cluster, resumable;
- `decisions`: people's link, unlink, merge and split decisions;
- `evaluate`: Vecalign-format alignments read and written, strict and lax P/R/F1 against a gold;
- `synthetic`: a generated book pair with its gold alignment, for tests and benchmarks.
"""
