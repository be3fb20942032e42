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
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

FRAMES = """Economic Capacity_and_resources Morality Fairness_and_equality Legality_Constitutionality_and_jurisprudence
Policy_prescription_and_evaluation Crime_and_punishment Security_and_defense Health_and_safety Quality_of_life Cultural_identity
Public_opinion Political External_regulation_and_reputation""".split()
GRID = [round((k + 1) * 2) / 100 for k in range(49)]
LANG_DIRS = {"en": "EN", "fr": "FR", "de": "GE", "it": "IT", "pl": "PO", "ru": "RU"}
SHRINKAGE = 20


def fit_predict(Xtr, Ytr, Xte):
    """One logistic regression per frame; a frame without positives (or negatives) gets its training share."""
    P = np.zeros((Xte.shape[0], Ytr.shape[1]))
    for l in range(Ytr.shape[1]):
        y = Ytr[:, l]
        if y.sum() == 0 or y.sum() == len(y):
            P[:, l] = float(y.mean())
            continue
        P[:, l] = LogisticRegression(C=1.0, max_iter=1000).fit(Xtr, y).predict_proba(Xte)[:, 1]
    return P


def micro_f1(P, Y, t):
    pred = P >= t
    tp = (pred & (Y == 1)).sum()
    fp = (pred & (Y == 0)).sum()
    fn = ((~pred) & (Y == 1)).sum()
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def tune(P, Y):
    best = max(GRID, key=lambda t: (micro_f1(P, Y, np.full(Y.shape[1], t)), -abs(t - 0.5)))
    th = np.full(Y.shape[1], best)
    support = Y.sum(0)
    for l in range(Y.shape[1]):
        if support[l] == 0:
            continue
        def f(t):
            trial = th.copy()
            trial[l] = t
            return (micro_f1(P, Y, trial), -abs(t - 0.5))
        w = support[l] / (support[l] + SHRINKAGE)
        th[l] = w * max(GRID, key=f) + (1 - w) * best
    return th


def cv(texts, Y, folds):
    pred = np.zeros_like(Y)
    for f in range(max(folds) + 1):
        tr = np.array([i for i in range(len(texts)) if folds[i] != f])
        te = np.array([i for i in range(len(texts)) if folds[i] == f])
        if len(te) == 0:
            continue
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        oof = np.zeros((len(tr), Y.shape[1]))
        for a, b in KFold(5, shuffle=True, random_state=f + 1).split(Xtr):
            oof[b] = fit_predict(Xtr[a], Y[tr][a], Xtr[b])
        pred[te] = (fit_predict(Xtr, Y[tr], Xte) >= tune(oof, Y[tr])).astype(int)
    return pred


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
    pred = cv(texts, Y, [folds_by_id[r[0]] for r in rows])
    out = {"lang": lang, "microF1": f1_score(Y, pred, average="micro", zero_division=0), "macroF1": f1_score(Y, pred, average="macro", zero_division=0)}
    out["seconds"] = round(time.time() - t0, 1)
    out["sklearn"] = __import__("sklearn").__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
