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

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

GENRES = ["opinion", "reporting", "satire"]
FOLDERS = {"en": "EN", "fr": "FR", "de": "GE", "it": "IT", "pl": "PO", "ru": "RU"}
GRID = [-4 + 0.25 * i for i in range(33)]


def fit_predict(Xtr, y, Xte):
    """One-vs-rest balanced logistic regression: one probability column per genre."""
    P = np.zeros((Xte.shape[0], 3))
    for c in range(3):
        clf = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced")
        clf.fit(Xtr, (y == c).astype(int))
        P[:, c] = clf.predict_proba(Xte)[:, 1]
    return P


def decide(P, off):
    return (np.log(np.clip(P, 1e-9, 1) / np.clip(1 - P, 1e-9, 1)) + off).argmax(1)


def tune(P, y):
    best = (-1, 0, 0)
    for a in GRID:
        for b in GRID:
            v = f1_score(y, decide(P, np.array([0, a, b])), average="macro", labels=[0, 1, 2], zero_division=0)
            if v > best[0] + 1e-12:
                best = (v, a, b)
    return np.array([0, best[1], best[2]])


def main():
    folds_path = sys.argv[1]
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    data = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.path.join("..", "shared", "data", "semeval2023-t3")
    base = os.path.join(data, FOLDERS[lang])
    fold_of = json.load(open(folds_path))
    t0 = time.time()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "train-labels-subtask-1.txt"), encoding="utf-8") if l.strip()]
    texts = [open(os.path.join(base, "train-articles-subtask-1", f"article{r[0]}.txt"), encoding="utf-8").read() for r in rows]
    y = np.array([GENRES.index(r[1]) for r in rows])
    folds = np.array([fold_of[r[0]] for r in rows])
    pred = np.zeros_like(y)
    for f in range(folds.max() + 1):
        tr, te = np.where(folds != f)[0], np.where(folds == f)[0]
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        oof = np.zeros((len(tr), 3))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=f + 1).split(Xtr, y[tr]):
            oof[b] = fit_predict(Xtr[a], y[tr][a], Xtr[b])
        pred[te] = decide(fit_predict(Xtr, y[tr], Xte), tune(oof, y[tr]))
    per = f1_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    print(json.dumps({"lang": lang, "macroF1": float(per.mean()), "perClass": {g: float(per[i]) for i, g in enumerate(GENRES)}, "seconds": round(time.time() - t0, 1), "sklearn": __import__("sklearn").__version__}))


if __name__ == "__main__":
    main()
