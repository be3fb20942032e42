#!/usr/bin/python3
"""The peer for SemEval-2023 Task 3 (any of its six languages): scikit-learn TF-IDF + LogisticRegression, on the same
outer folds as narrascope (read from the JSON written by `narrascope eval <task> --cv 5 --folds-out`),
with the same threshold procedure: inner k-fold out-of-fold probabilities on each outer training
part, one global threshold on the grid 0.02..0.98 maximising micro-F1, then per-label thresholds
shrunk toward it by support / (support + shrinkage). Genre: balanced class weights and per-class
logit offsets tuned on inner folds for macro-F1 (as narrascope does).

Usage: /usr/bin/python3 bench/techniques_peer.py <techniques|frames|genre> <folds.json> [--data DIR] [--lang en|fr|de|it|pl|ru]
Techniques paragraphs are the rows of the label file, their text the article's line of that number
(stripped): the non-English templates have glued rows (see the corpus PROVENANCE.md).
Prints one JSON line with the scores and the seconds taken. Reads the corpus at run time.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

TECHNIQUES = [l.strip() for l in """Appeal_to_Authority Appeal_to_Popularity Appeal_to_Values Appeal_to_Fear-Prejudice Flag_Waving
Causal_Oversimplification False_Dilemma-No_Choice Consequential_Oversimplification Straw_Man Red_Herring Whataboutism Slogans
Appeal_to_Time Conversation_Killer Loaded_Language Repetition Exaggeration-Minimisation Obfuscation-Vagueness-Confusion
Name_Calling-Labeling Doubt Guilt_by_Association Appeal_to_Hypocrisy Questioning_the_Reputation""".split()]
FRAMES = """Economic Capacity_and_resources Morality Fairness_and_equality Legality_Constitutionality_and_jurisprudence
Policy_prescription_and_evaluation Crime_and_punishment Security_and_defense Health_and_safety Quality_of_life Cultural_identity
Public_opinion Political External_regulation_and_reputation""".split()
GENRES = ["opinion", "reporting", "satire"]
GRID = [round((k + 1) * 2) / 100 for k in range(49)]
LANG_DIRS = {"en": "EN", "fr": "FR", "de": "GE", "it": "IT", "pl": "PO", "ru": "RU"}
MISSPELT = {"Appeal_to_Fear-Prejudi-\u010dce": "Appeal_to_Fear-Prejudice"}


def vectorizer():
    return TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))


def fit_predict(Xtr, Ytr, Xte, C, class_weight=None):
    """One-vs-rest logistic regression; labels without positives get probability 0."""
    P = np.zeros((Xte.shape[0], Ytr.shape[1]))
    for l in range(Ytr.shape[1]):
        y = Ytr[:, l]
        if y.sum() == 0 or y.sum() == len(y):
            P[:, l] = float(y.mean())
            continue
        clf = LogisticRegression(C=C, max_iter=1000, class_weight=class_weight)
        clf.fit(Xtr, y)
        P[:, l] = clf.predict_proba(Xte)[:, 1]
    return P


def micro_f1(P, Y, t):
    pred = P >= t
    tp = (pred & (Y == 1)).sum()
    fp = (pred & (Y == 0)).sum()
    fn = ((~pred) & (Y == 1)).sum()
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def tune(P, Y, shrinkage):
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
        tl = max(GRID, key=f)
        w = support[l] / (support[l] + shrinkage)
        th[l] = w * tl + (1 - w) * best
    return th


def multilabel_cv(texts, Y, groups, folds, inner, C, shrinkage):
    k = max(folds) + 1
    pred = np.zeros_like(Y)
    for f in range(k):
        tr = np.array([i for i in range(len(texts)) if folds[i] != f])
        te = np.array([i for i in range(len(texts)) if folds[i] == f])
        if len(te) == 0:
            continue
        vec = vectorizer()
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        oof = np.zeros((len(tr), Y.shape[1]))
        splitter = GroupKFold(inner) if groups is not None else KFold(inner, shuffle=True, random_state=f + 1)
        for a, b in splitter.split(Xtr, groups=None if groups is None else [groups[i] for i in tr]):
            oof[b] = fit_predict(Xtr[a], Y[tr][a], Xtr[b], C)
        th = tune(oof, Y[tr], shrinkage)
        pred[te] = (fit_predict(Xtr, Y[tr], Xte, C) >= th).astype(int)
    return pred


def score_multilabel(Y, pred):
    return {"microF1": f1_score(Y, pred, average="micro", zero_division=0), "macroF1": f1_score(Y, pred, average="macro", zero_division=0)}


def genre_cv(texts, y, folds, inner, C):
    k = max(folds) + 1
    y = np.array(y)
    pred = np.zeros_like(y)
    offsets_grid = [-4 + 0.25 * i for i in range(33)]
    def decide(P, off):
        z = np.log(np.clip(P, 1e-9, 1) / np.clip(1 - P, 1e-9, 1)) + off
        return z.argmax(1)
    for f in range(k):
        tr = np.array([i for i in range(len(texts)) if folds[i] != f])
        te = np.array([i for i in range(len(texts)) if folds[i] == f])
        if len(te) == 0:
            continue
        vec = vectorizer()
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        Ytr = np.eye(3, dtype=int)[y[tr]]
        oof = np.zeros((len(tr), 3))
        for a, b in StratifiedKFold(inner, shuffle=True, random_state=f + 1).split(Xtr, y[tr]):
            oof[b] = fit_predict(Xtr[a], Ytr[a], Xtr[b], C, class_weight="balanced")
        best = (-1, 0, 0)
        for a_ in offsets_grid:
            for b_ in offsets_grid:
                v = f1_score(y[tr], decide(oof, np.array([0, a_, b_])), average="macro", labels=[0, 1, 2], zero_division=0)
                if v > best[0] + 1e-12:
                    best = (v, a_, b_)
        pred[te] = decide(fit_predict(Xtr, Ytr, Xte, C, class_weight="balanced"), np.array([0, best[1], best[2]]))
    per = f1_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    return {"macroF1": float(per.mean()), "perClass": {g: float(per[i]) for i, g in enumerate(GENRES)}}


def main():
    task, folds_path = sys.argv[1], sys.argv[2]
    data = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.path.join("..", "shared", "data", "semeval2023-t3")
    lang = sys.argv[sys.argv.index("--lang") + 1].lower() if "--lang" in sys.argv else "en"
    if lang not in LANG_DIRS:
        sys.exit(f"--lang: unknown language {lang!r} (known: {', '.join(LANG_DIRS)})")
    base = os.path.join(data, LANG_DIRS[lang])
    folds_by_key = json.load(open(folds_path))
    t0 = time.time()
    if task == "techniques":
        labels, keys, texts, groups, lines = {}, [], [], [], {}
        for line in open(os.path.join(base, "train-labels-subtask-3.txt"), encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if len(c) < 2:
                continue
            key = (c[0], c[1])
            labels[key] = [MISSPELT.get(t, t) for t in (c[2].split(",") if len(c) > 2 and c[2] else [])]
            if c[0] not in lines:
                lines[c[0]] = open(os.path.join(base, "train-articles-subtask-3", f"article{c[0]}.txt"), encoding="utf-8").read().split("\n")
            keys.append(key)
            texts.append(lines[c[0]][int(c[1]) - 1].strip())
            groups.append(c[0])
        Y = np.array([[1 if t in labels.get(k, []) else 0 for t in TECHNIQUES] for k in keys])
        folds = [folds_by_key[f"{a}\t{b}"] for a, b in keys]
        pred = multilabel_cv(texts, Y, groups, folds, 3, C=1.0, shrinkage=30)
        out = score_multilabel(Y, pred)
    elif task == "frames":
        rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "train-labels-subtask-2.txt"), encoding="utf-8") if l.strip()]
        texts = [open(os.path.join(base, "train-articles-subtask-2", f"article{r[0]}.txt"), encoding="utf-8").read() for r in rows]
        Y = np.array([[1 if f in r[1].split(",") else 0 for f in FRAMES] for r in rows])
        folds = [folds_by_key[r[0]] for r in rows]
        pred = multilabel_cv(texts, Y, None, folds, 5, C=1.0, shrinkage=20)
        out = score_multilabel(Y, pred)
    else:
        rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "train-labels-subtask-1.txt"), encoding="utf-8") if l.strip()]
        texts = [open(os.path.join(base, "train-articles-subtask-1", f"article{r[0]}.txt"), encoding="utf-8").read() for r in rows]
        y = [GENRES.index(r[1]) for r in rows]
        folds = [folds_by_key[r[0]] for r in rows]
        out = genre_cv(texts, y, folds, 5, C=1.0)
    out["task"] = task
    out["seconds"] = round(time.time() - t0, 1)
    out["sklearn"] = __import__("sklearn").__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
