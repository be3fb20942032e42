/**
 * Agreement between annotators (issue 17): Cohen's kappa for each pair over the targets both decided, and
 * Krippendorff's alpha (nominal) over every target two or more decided, overall and per task. A target is one
 * label of one article (task, label, entity, span; annotation-records.ts targetKeyOf); an annotator's value for it
 * is whether their current decision says the label holds (accept, add) or not (reject).
 *
 * Written here rather than taken from npm: the one package for Krippendorff's alpha (`krippendorff` 0.1.0) is an
 * unmaintained single release, none computes Cohen's kappa over pairs of a sparse decision table, and both
 * coefficients are a few lines of counting, tested against values computed by hand (test/review/agreement.test.ts).
 */
import type { Annotation } from '../store/annotations.js';
import { holds, targetKeyOf } from '../store/annotation-records.js';

export interface PairAgreement {
  a: string;
  b: string;
  /** Articles on which both decided at least one common target. */
  articles: number;
  /** Targets both decided. */
  targets: number;
  /** Cohen's kappa; null when chance agreement is total (both gave one same value throughout), where it is undefined. */
  kappa: number | null;
}

export interface Agreement {
  pairs: PairAgreement[];
  /** Krippendorff's alpha (nominal); null with no target decided by two annotators, or a single value throughout. */
  alpha: number | null;
  /** Targets decided by two or more annotators. */
  targets: number;
}

export interface AgreementReport extends Agreement {
  byTask: Record<string, Agreement>;
}

/** Per target: each annotator's value (true: the label holds). */
type Table = Map<string, { article: string; values: Map<string, boolean> }>;

function tableOf(decisions: readonly Annotation[]): Table {
  const table: Table = new Map();
  const latest = [...decisions].filter((d) => d.current).sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
  for (const d of latest) {
    // The decision follows the text (its hash), so an article deleted and ingested again is one article.
    const article = d.articleHash ?? d.articleId;
    const key = `${article}\u0000${targetKeyOf(d)}`;
    const unit = table.get(key) ?? { article, values: new Map<string, boolean>() };
    unit.values.set(d.author, holds(d.decision));
    table.set(key, unit);
  }
  return table;
}

/** Cohen's kappa of two raters' paired values: (observed − chance agreement) / (1 − chance agreement). */
export function cohensKappa(pairs: readonly (readonly [boolean, boolean])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const agree = pairs.filter(([x, y]) => x === y).length / n;
  const yesA = pairs.filter(([x]) => x).length / n;
  const yesB = pairs.filter(([, y]) => y).length / n;
  const chance = yesA * yesB + (1 - yesA) * (1 - yesB);
  return chance === 1 ? null : (agree - chance) / (1 - chance);
}

/**
 * Krippendorff's alpha for nominal values: 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, where o is the coincidence
 * matrix (each unit with m values adds 1/(m − 1) per ordered pair of its values) and n_c its marginals.
 */
export function krippendorffAlpha(units: readonly (readonly boolean[])[]): number | null {
  const o = { tt: 0, tf: 0, ff: 0 };
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    const t = values.filter(Boolean).length;
    const f = m - t;
    o.tt += (t * (t - 1)) / (m - 1);
    o.ff += (f * (f - 1)) / (m - 1);
    o.tf += (t * f) / (m - 1);
  }
  const nT = o.tt + o.tf;
  const nF = o.ff + o.tf;
  const n = nT + nF;
  const expected = 2 * nT * nF;
  if (n === 0 || expected === 0) return null;
  return 1 - ((n - 1) * 2 * o.tf) / expected;
}

function agreementOf(table: Table): Agreement {
  const units = [...table.values()].filter((u) => u.values.size >= 2);
  const authors = [...new Set(units.flatMap((u) => [...u.values.keys()]))].sort();
  const pairs: PairAgreement[] = [];
  for (let i = 0; i < authors.length; i++) {
    for (let j = i + 1; j < authors.length; j++) {
      const [a, b] = [authors[i], authors[j]];
      const shared = units.filter((u) => u.values.has(a) && u.values.has(b));
      if (shared.length === 0) continue;
      const values = shared.map((u) => [u.values.get(a)!, u.values.get(b)!] as const);
      pairs.push({ a, b, articles: new Set(shared.map((u) => u.article)).size, targets: shared.length, kappa: cohensKappa(values) });
    }
  }
  return { pairs, alpha: krippendorffAlpha(units.map((u) => [...u.values.values()])), targets: units.length };
}

/** Agreement over the current decisions given (any order; superseded ones are ignored), overall and per task. */
export function agreement(decisions: readonly Annotation[]): AgreementReport {
  const tasks = [...new Set(decisions.map((d) => d.task))].sort();
  return {
    ...agreementOf(tableOf(decisions)),
    byTask: Object.fromEntries(tasks.map((t) => [t, agreementOf(tableOf(decisions.filter((d) => d.task === t)))])),
  };
}
