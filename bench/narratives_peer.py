#!/usr/bin/python3
"""Peer for the narrative benchmark: TF-IDF (word 1-2 grams + char_wb 2-5 grams, sublinear tf,
min_df=2) with scikit-learn's one-vs-rest LogisticRegression, one classifier set for narratives and
one for sub-narratives (flat, "Other" and "<narrative>: Other" as ordinary classes). A label is
predicted when its probability reaches a global threshold (the best label when none does); each
threshold is tuned on inner 5-fold out-of-fold probabilities against the official per-article F1.

Usage: /usr/bin/python3 bench/narratives_peer.py <data-dir> <lang> <folds.tsv> <out-predictions.tsv> [--speed] [--seed N]
The folds file (id<TAB>fold) is written by bench/narratives.mjs so both systems use the same folds;
--seed (default 42) seeds the inner folds, as the outer fold seed seeds narrascope's.
"""
import sys, time
import numpy as np
from pathlib import Path
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_union
from sklearn.preprocessing import MultiLabelBinarizer

SEED = 42
C = 10.0
GRID = [round(0.02 * k, 2) for k in range(1, 50)]


def read_rows(path):
    rows = []
    for line in Path(path).read_text(encoding='utf8').splitlines():
        cols = line.split('\t')
        if len(cols) == 3:
            rows.append((cols[0], [x for x in cols[1].split(';') if x], [x for x in cols[2].split(';') if x]))
    return rows


def f1_sets(gold, pred, classes):
    g = {x for x in gold if x in classes}
    p = {x for x in pred if x in classes}
    d = len(g) + len(p)
    return 0.0 if d == 0 else 2 * len(g & p) / d


def vectorizer():
    return make_union(
        TfidfVectorizer(analyzer='word', ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )


def fit(X, label_sets):
    mlb = MultiLabelBinarizer()
    Y = mlb.fit_transform(label_sets)
    clf = OneVsRestClassifier(LogisticRegression(C=C, solver='liblinear', max_iter=1000))
    clf.fit(X, Y)
    return clf, list(mlb.classes_)


def decide(probs, classes, t):
    out = []
    for p in probs:
        chosen = [classes[j] for j in range(len(classes)) if p[j] >= t]
        out.append(chosen or [classes[int(np.argmax(p))]])
    return out


def tune(X, label_sets, classes_official):
    """Global threshold from inner 5-fold out-of-fold probabilities (the outer fold's tf-idf space
    is reused inside, as the narrascope models reuse theirs)."""
    kf = KFold(n_splits=5, shuffle=True, random_state=SEED)
    idx = np.arange(X.shape[0])
    all_classes = sorted({l for ls in label_sets for l in ls})
    oof = np.zeros((X.shape[0], len(all_classes)))
    for tr, te in kf.split(idx):
        clf, cls = fit(X[tr], [label_sets[i] for i in tr])
        P = clf.predict_proba(X[te])
        for j, c in enumerate(cls):
            oof[te, all_classes.index(c)] = P[:, j]
    best = (0.5, -1)
    for t in GRID:
        preds = decide(oof, all_classes, t)
        v = np.mean([f1_sets(g, p, classes_official) for g, p in zip(label_sets, preds)])
        if v > best[1] + 1e-12:
            best = (t, v)
    return best[0]


def main():
    data, lang, folds_path, out_path = sys.argv[1:5]
    speed = '--speed' in sys.argv
    global SEED
    if '--seed' in sys.argv:
        SEED = int(sys.argv[sys.argv.index('--seed') + 1])
    base = Path(data) / lang / 'train'
    rows = read_rows(base / 'subtask-2-annotations.txt')
    fold_of = dict(line.split('\t') for line in Path(folds_path).read_text().splitlines() if line)
    texts = [(base / 'raw-documents' / r[0]).read_text(encoding='utf8') for r in rows]
    tax = Path(data) / 'taxonomy'
    coarse_cls = set(x for x in (tax / 'subtask2_narratives.txt').read_text().splitlines() if x)
    fine_cls = set(x for x in (tax / 'subtask2_subnarratives.txt').read_text().splitlines() if x)
    folds = np.array([int(fold_of[r[0]]) for r in rows])
    preds = {}
    for f in sorted(set(folds)):
        tr = np.where(folds != f)[0]
        te = np.where(folds == f)[0]
        vec = vectorizer()
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        out = {}
        for level, col, cls in (('coarse', 1, coarse_cls), ('fine', 2, fine_cls)):
            sets = [rows[i][col] for i in tr]
            t = tune(Xtr, sets, cls)
            clf, classes = fit(Xtr, sets)
            out[level] = decide(clf.predict_proba(Xte), classes, t)
        print(f'{lang} peer fold {f + 1} done', file=sys.stderr, flush=True)
        for q, i in enumerate(te):
            preds[rows[i][0]] = (out['coarse'][q], out['fine'][q])
    with open(out_path, 'w', encoding='utf8') as fh:
        for r in rows:
            c, fn = preds[r[0]]
            fh.write(f"{r[0]}\t{';'.join(c)}\t{';'.join(fn)}\n")
    if speed:
        # Inference speed: fit on all articles, then time vectorising + scoring every article once.
        vec = vectorizer()
        Xall = vec.fit_transform(texts)
        clf_c, _ = fit(Xall, [r[1] for r in rows])
        clf_f, _ = fit(Xall, [r[2] for r in rows])
        t0 = time.perf_counter()
        X = vec.transform(texts)
        clf_c.predict_proba(X)
        clf_f.predict_proba(X)
        dt = time.perf_counter() - t0
        print(f"peer-speed\t{len(texts)}\t{dt:.3f}")


if __name__ == '__main__':
    main()
