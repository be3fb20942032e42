#!/usr/bin/python3
"""The frames peer (SemEval-2023 Task 3 subtask 2, any of its six languages): scikit-learn TF-IDF
(word 1-2-grams, sublinear tf, min_df 2) + LogisticRegression(C=1) per frame, on the same outer folds as
narrascope (the JSON of article id -> fold written by bench/frames-cv.mjs), with the same threshold
procedure: 5-fold out-of-fold probabilities on each outer training part, one global threshold on the
grid 0.02..0.98 maximising micro-F1, then per-frame thresholds shrunk toward it by
support / (support + 20).

Usage: /usr/bin/python3 bench/frames_peer.py <folds.json> [--data DIR] [--lang en|fr|de|it|pl|ru]
Prints one JSON line: micro-F1, macro-F1, seconds, sklearn version. Reads the corpus at run time.
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from techniques_peer import FRAMES, LANG_DIRS, multilabel_cv, score_multilabel  # noqa: E402  (the same recipe and threshold procedure)

SHRINKAGE = 20


def main():
    folds_path = sys.argv[1]
    data = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.path.join("..", "shared", "data", "semeval2023-t3")
    lang = sys.argv[sys.argv.index("--lang") + 1].lower() if "--lang" in sys.argv else "en"
    if lang not in LANG_DIRS:
        sys.exit(f"--lang: unknown language {lang!r} (known: {', '.join(LANG_DIRS)})")
    base = os.path.join(data, LANG_DIRS[lang])
    folds_by_id = json.load(open(folds_path))
    t0 = time.time()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "train-labels-subtask-2.txt"), encoding="utf-8") if l.strip()]
    texts = [open(os.path.join(base, "train-articles-subtask-2", f"article{r[0]}.txt"), encoding="utf-8").read() for r in rows]
    Y = np.array([[1 if f in (r[1].split(",") if len(r) > 1 else []) else 0 for f in FRAMES] for r in rows])
    missing = [r[0] for r in rows if r[0] not in folds_by_id]
    if missing:
        sys.exit(f"{folds_path}: no fold for article {missing[0]} ({len(missing)} missing)")
    pred = multilabel_cv(texts, Y, None, [folds_by_id[r[0]] for r in rows], 5, 1.0, SHRINKAGE)
    out = {"lang": lang, **score_multilabel(Y, pred)}
    out["seconds"] = round(time.time() - t0, 1)
    out["sklearn"] = __import__("sklearn").__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
