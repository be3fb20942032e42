#!/usr/bin/env python3
"""Peer for entity framing: TF-IDF over a context window around each mention (the mention plus 20
words on each side), scikit-learn LogisticRegression for the main role and one-vs-rest
LogisticRegression for fine roles (threshold 0.5, the best one when none passes), on the folds
written by bench/entities-bench.mjs. Prints the official metrics as one JSON line.
Run with the system Python: /usr/bin/python3 bench/entities_peer.py --folds F --docs DIR"""
import argparse, json, re
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

WORD = re.compile(r"\w+", re.UNICODE)
WINDOW = 20

def window(text, start, end):
    left = WORD.findall(text[:start])[-WINDOW:]
    right = WORD.findall(text[end + 1:])[:WINDOW]
    return " ".join(left + ["[M]"] + WORD.findall(text[start:end + 1]) + ["[/M]"] + right)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", required=True)
    ap.add_argument("--docs", required=True)
    a = ap.parse_args()
    rows, texts = [], {}
    for line in open(a.folds, encoding="utf-8"):
        if not line.strip():
            continue
        f, s, e, main, fine, fold = line.rstrip("\n").split("\t")
        if f not in texts:
            # newline="" keeps CRLF, as the official offsets count it.
            texts[f] = open(f"{a.docs}/{f}", encoding="utf-8", newline="").read()
        rows.append((window(texts[f], int(s), int(e)), main, fine.split("|"), int(fold)))
    k = max(r[3] for r in rows) + 1
    preds = [None] * len(rows)
    for fold in range(k):
        tr = [i for i, r in enumerate(rows) if r[3] != fold]
        te = [i for i, r in enumerate(rows) if r[3] == fold]
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        Xtr = vec.fit_transform([rows[i][0] for i in tr])
        Xte = vec.transform([rows[i][0] for i in te])
        mains = [rows[i][1] for i in tr]
        if len(set(mains)) > 1:
            m = LogisticRegression(max_iter=2000).fit(Xtr, mains).predict(Xte)
        else:
            m = [mains[0]] * len(te)
        mlb = MultiLabelBinarizer()
        Y = mlb.fit_transform([rows[i][2] for i in tr])
        ovr = OneVsRestClassifier(LogisticRegression(max_iter=2000)).fit(Xtr, Y)
        P = ovr.predict_proba(Xte)
        for j, i in enumerate(te):
            fine = [mlb.classes_[c] for c in range(P.shape[1]) if P[j, c] >= 0.5] or [mlb.classes_[P[j].argmax()]]
            preds[i] = (m[j], fine)
    n = len(rows)
    exact = sum(set(p[1]) == set(r[2]) for p, r in zip(preds, rows)) / n
    acc = sum(p[0] == r[1] for p, r in zip(preds, rows)) / n
    tp = sum(len(set(p[1]) & set(r[2])) for p, r in zip(preds, rows))
    npred = sum(len(set(p[1])) for p in preds)
    ngold = sum(len(set(r[2])) for r in rows)
    prec = tp / npred if npred else 1.0
    rec = tp / ngold if ngold else 1.0
    f1 = 2 * tp / (npred + ngold) if npred + ngold else 1.0
    print(json.dumps({"emr": exact, "mainAccuracy": acc, "microPrecision": prec, "microRecall": rec, "microF1": f1, "count": n}))

if __name__ == "__main__":
    main()
