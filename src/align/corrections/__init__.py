"""Corrections: recorded, reviewed changes to the English, and the text they derive.

- `model`: the correction record and its events (replay folds events into state);
- `log`: the append-only correction log of one document, with its replay cache;
- `relocate`: finding a correction's span again when the text changes;
- `workspace`: one document's text, sentences and log, opened together, and search over corrections;
- `diff`: word-level differences between two versions of a sentence;
- `review`: the workflow (propose, revise, withdraw, restore, approve, reject, comment);
- `apply`: the corrected text, original + approved corrections.
"""
