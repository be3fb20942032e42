#!/usr/bin/python3
"""The genre peer (SemEval-2023 Task 3 subtask 1, any of the six languages): scikit-learn TF-IDF
(word 1-2-grams, sublinear tf, min_df 2) + LogisticRegression (one-vs-rest, balanced class weights,
C 1), on the same outer folds as narrascope (the JSON written by bench/genre-cv.mjs or
`narrascope eval genre --cv 5 --folds-out`), with per-class logit offsets tuned for macro-F1 on 5
inner folds of each outer training part.

Usage: /usr/bin/python3 bench/genre_peer.py <folds.json> --lang <en|fr|de|it|pl|ru> [--data DIR]
Prints one JSON line with macro-F1, per-class F1 and the seconds taken. Reads the corpus at run time.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from techniques_peer import GENRES, LANG_DIRS, genre_cv  # noqa: E402  (the same recipe and offset procedure)


def main():
    folds_path = sys.argv[1]
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    data = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.path.join("..", "shared", "data", "semeval2023-t3")
    if lang not in LANG_DIRS:
        sys.exit(f"--lang: unknown language {lang!r} (known: {', '.join(LANG_DIRS)})")
    base = os.path.join(data, LANG_DIRS[lang])
    fold_of = json.load(open(folds_path))
    t0 = time.time()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "train-labels-subtask-1.txt"), encoding="utf-8") if l.strip()]
    texts = [open(os.path.join(base, "train-articles-subtask-1", f"article{r[0]}.txt"), encoding="utf-8").read() for r in rows]
    scores = genre_cv(texts, [GENRES.index(r[1]) for r in rows], [fold_of[r[0]] for r in rows], 5, 1.0)
    print(json.dumps({"lang": lang, **scores, "seconds": round(time.time() - t0, 1), "sklearn": __import__("sklearn").__version__}))

if __name__ == "__main__":
    main()
