"""Corrections: recorded, reviewed changes to the English, and the text they derive.

- `model`: the correction record and its events (replay folds events into state);
- `log`: the append-only correction log of one document, with its replay cache;
- `relocate`: finding a correction's span again when the text changes;
- `workspace`: one document's text, sentences and log, opened together, and search over corrections;
- `diff`: word-level differences between two versions of a sentence;
<<<<<<< HEAD
- `occurrences`: every occurrence of a word or phrase, where a change is proposed throughout;
- `review`: the workflow (propose, revise, withdraw, restore, approve, reject, comment);
=======
- `review`: the workflow (propose, revise, withdraw, restore, approve, reject, comment), one or many at once;
- `groups`: pending proposals reviewed together (one check's, or one person's same change);
>>>>>>> bulk
- `apply`: the corrected text, original + approved corrections.
"""
