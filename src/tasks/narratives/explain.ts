/**
 * Evidence and explanations from per-sentence feature contributions: each sentence is vectorised
 * on its own and scored against a label's weights (without the bias), so the sentences whose
 * n-grams push hardest toward the label come first. An explanation is the strongest sentences, in
 * article order, cut to at most 80 words (subtask 3's limit).
 */
import type { Span } from '../../doc/span.js';
import type { SparseVector } from '../../learn/sparse.js';
import type { NarrativeModel } from './model.js';

export interface SentenceEvidence extends Span {
  weight: number;
}

/**
 * Sentences of `text` (spans in `text`) ranked by their contribution to score index `label`;
 * positive ones only. `vectors` are the sentences' vectors when the caller already has them (an
 * article's evidence is asked for several labels in a row: vectorise its sentences once).
 */
export function rankSentences(
  model: NarrativeModel,
  text: string,
  sentences: readonly Span[],
  label: number,
  limit = 3,
  vectors: readonly SparseVector[] = sentences.map((s) => model.vectorize(text.slice(s.start, s.end))),
): SentenceEvidence[] {
  const scored: SentenceEvidence[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i];
    const v = model.contribution(vectors[i], label);
    if (v > 0) scored.push({ start: s.start, end: s.end, weight: v });
  }
  return scored.sort((a, b) => b.weight - a.weight || a.start - b.start).slice(0, limit);
}

/** Ends a sentence (a title line has no end punctuation) so that joined sentences stay apart. */
const SENTENCE_END = /[.!?…。！？।]["'”’»)\]]*$/u;

/**
 * A sentence as an explanation quotes it: whitespace collapsed, and a full stop added when it has no
 * end punctuation (a headline), so it does not run into the sentence after it.
 */
export function explanationSentence(sentence: string): string {
  const s = sentence.replace(/\s+/g, ' ').trim();
  return s && !SENTENCE_END.test(s) ? `${s}.` : s;
}

/** Joins the given sentences (article order) into an explanation of at most `maxWords` words. */
export function explanationFrom(text: string, evidence: readonly Span[], maxWords = 80): { text: string; spans: Span[] } {
  const words: string[] = [];
  const spans: Span[] = [];
  for (const s of [...evidence].sort((a, b) => a.start - b.start)) {
    if (words.length >= maxWords) break;
    const sentenceWords = explanationSentence(text.slice(s.start, s.end)).split(' ').filter(Boolean);
    words.push(...sentenceWords.slice(0, maxWords - words.length));
    spans.push({ start: s.start, end: s.end });
  }
  return { text: words.join(' '), spans };
}

/** chrF (character n-grams 1–6, β = 2; Popović 2015) between a hypothesis and a reference, in [0, 1]. */
export function chrF(hypothesis: string, reference: string, maxN = 6, beta = 2): number {
  const grams = (s: string, n: number) => {
    const t = s.replace(/\s+/g, '');
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) m.set(t.slice(i, i + n), (m.get(t.slice(i, i + n)) ?? 0) + 1);
    return m;
  };
  let p = 0;
  let r = 0;
  let orders = 0;
  for (let n = 1; n <= maxN; n++) {
    const h = grams(hypothesis, n);
    const g = grams(reference, n);
    let hTotal = 0;
    let gTotal = 0;
    let match = 0;
    for (const c of h.values()) hTotal += c;
    for (const [k, c] of g) {
      gTotal += c;
      match += Math.min(c, h.get(k) ?? 0);
    }
    if (hTotal === 0 || gTotal === 0) continue;
    p += match / hTotal;
    r += match / gTotal;
    orders++;
  }
  if (orders === 0) return 0;
  p /= orders;
  r /= orders;
  return p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);
}
