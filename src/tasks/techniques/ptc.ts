/**
 * Cross-validation on PTC (SemEval-2020 Task 11) with its own metrics. PTC articles hold one
 * sentence per line; each line is labelled with the PTC techniques of the gold spans it overlaps,
 * and the same recipe as the paragraph model (multilabel.ts) is trained on the lines of each
 * fold's training articles. SI: every line with a technique above its threshold becomes a predicted
 * span. TC: each gold span's text is classified with the same model (the most probable technique).
 */
import { hashMarkedTexts } from '../../features/index.js';
import { fitMultiLabel, foldSplit, groupedFolds, labelIds, type MultiLabelConfig } from '../../learn/index.js';
import { loadPtcCorpus, type PtcCorpus } from './corpus.js';
import { paragraphLines } from './io.js';
import { scoreSpanIdentification, scoreTechniqueClassification, type SpanScore, type TcSpan } from './score.js';
import { PTC_TECHNIQUES } from './taxonomy.js';
import { TECHNIQUES_CONFIG } from './train.js';

export interface PtcCv {
  si: SpanScore;
  tc: SpanScore;
  articles: number;
  seconds: number;
}

/** One line (sentence) of a PTC article, labelled with the techniques of the gold spans it overlaps. */
export interface PtcLine {
  id: string;
  /** Article index, for grouped folds. */
  group: number;
  start: number;
  end: number;
  text: string;
  labels: string[];
}

/** The lines of every PTC training article with their labels, and the gold spans by article. */
export function ptcLines(corpus: PtcCorpus): { lines: PtcLine[]; spansOf: Map<string, TcSpan[]> } {
  const { articles, spans } = corpus;
  const spansOf = new Map<string, TcSpan[]>();
  for (const s of spans) spansOf.set(s.id, [...(spansOf.get(s.id) ?? []), s]);
  const lines: PtcLine[] = [];
  [...articles.keys()].forEach((id, g) => {
    const text = articles.get(id)!;
    for (const p of paragraphLines(text)) {
      const labels = [...new Set((spansOf.get(id) ?? []).filter((s) => s.start < p.end && s.end > p.start).map((s) => s.technique))];
      lines.push({ id, group: g, start: p.start, end: p.end, text: text.slice(p.start, p.end), labels });
    }
  });
  return { lines, spansOf };
}

export function crossValidatePtc(ptcDir: string, k: number, seed: number, cfg: MultiLabelConfig = TECHNIQUES_CONFIG, log: (m: string) => void = () => {}): PtcCv {
  const t0 = performance.now();
  const corpus = loadPtcCorpus(ptcDir);
  const { articles, spans } = corpus;
  const ids = [...articles.keys()];
  const { lines } = ptcLines(corpus);
  const Y = labelIds(lines.map((l) => l.labels), PTC_TECHNIQUES);
  const counts = hashMarkedTexts(lines.map((l) => l.text), cfg.hasher);
  const groups = lines.map((l) => l.group);
  const folds = groupedFolds(Y, k, seed, groups);
  const articleFold = new Map(lines.map((l, i) => [l.id, folds[i]]));
  const predSpans = new Map<string, { start: number; end: number }[]>();
  const tcPred: TcSpan[] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const fit = fitMultiLabel(train.map((i) => counts[i]), train.map((i) => Y[i]), PTC_TECHNIQUES, { ...cfg, seed }, [], undefined, train.map((i) => groups[i]));
    for (const i of test) {
      const p = fit.model.scores(fit.space.transform(counts[i]));
      if (p.some((v, l) => v >= fit.thresholds[l])) predSpans.set(lines[i].id, [...(predSpans.get(lines[i].id) ?? []), { start: lines[i].start, end: lines[i].end }]);
    }
    const testSpans = spans.filter((s) => articleFold.get(s.id) === f);
    const spanCounts = hashMarkedTexts(testSpans.map((s) => articles.get(s.id)!.slice(s.start, s.end)), cfg.hasher);
    testSpans.forEach((s, q) => {
      const p = fit.model.scores(fit.space.transform(spanCounts[q]));
      let best = 0;
      for (let l = 1; l < p.length; l++) if (p[l] > p[best]) best = l;
      tcPred.push({ id: s.id, start: s.start, end: s.end, technique: PTC_TECHNIQUES[best] });
    });
    log(`ptc fold ${f + 1}/${k}: inner micro-F1 ${fit.innerF1.toFixed(3)}`);
  }
  const goldSpans = new Map<string, { start: number; end: number }[]>();
  for (const s of spans) goldSpans.set(s.id, [...(goldSpans.get(s.id) ?? []), { start: s.start, end: s.end }]);
  const si = scoreSpanIdentification(goldSpans, predSpans);
  const tcFull = scoreTechniqueClassification(spans, tcPred);
  const { perTechnique: _unused, ...tc } = tcFull;
  void _unused;
  return { si, tc, articles: ids.length, seconds: (performance.now() - t0) / 1000 };
}
