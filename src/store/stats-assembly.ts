/**
 * The corpus statistics both engines answer, assembled from what each one counts its own way (SQLite
 * over facet rows, PostgreSQL over per-segment tallies): the label lists per task facet, entities by
 * role, languages, sources and the narrative timeline, in one order (most frequent first, ties by label
 * in code-point order) so the engines give the same answer for the same corpus.
 */
import type { CorpusStats, Count, StatsOptions, TimeBucket } from './queries.js';
import { facetsOf, type AnyTask } from '../tasks/task.js';

/** Orders strings as SQLite's BINARY collation does (by code point), which `<` on UTF-16 does not for astral characters. */
export function compareBinary(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    return xs === ys ? x - y : xs ? 1 : -1;
  }
  return a.length - b.length;
}

/** Most frequent first, ties by label: the order every count list is given in. */
export const byCountThenLabel = (a: Count, b: Count) => b.count - a.count || compareBinary(a.label, b.label);

/** Counts of string keys, as a sorted Count list (at most `top`). */
export function topCounts(counts: Map<string, number>, top: number): Count[] {
  return [...counts].map(([label, count]) => ({ label, count })).sort(byCountThenLabel).slice(0, top);
}

/** Consecutive periods from `first` to `last` (inclusive), or null when there would be more than `max`. */
export function fillPeriods(first: string, last: string, bucket: TimeBucket, max = 1000): string[] | null {
  const out: string[] = [];
  if (bucket === 'month') {
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      if (out.length > max) return null;
      if (++m > 12) [y, m] = [y + 1, 1];
    }
    return out;
  }
  const step = bucket === 'week' ? 7 : 1;
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += step * 86_400_000) {
    if (Number.isNaN(t)) return null;
    out.push(new Date(t).toISOString().slice(0, 10));
    if (out.length > max) return null;
  }
  return out;
}

/** What an engine counted over the filtered set. */
export interface StatsParts {
  total: number;
  withoutNarrative: number;
  /** Articles with no publication date, which the timeline leaves out. */
  undated: number;
  /** Each counted label (tasks/task.ts countedTasks) with the number of articles carrying it. */
  labels: Iterable<{ task: string; label: string; count: number }>;
  languages: Map<string, number>;
  sources: Map<string, number>;
  /** The periods of `bucket` holding dated articles, in any order. */
  periods: Iterable<string>;
  /** Dated articles in a period. */
  periodTotal(period: string): number;
  /** Dated articles in a period carrying a narrative. */
  periodNarrative(period: string, narrative: string): number;
  bucket: TimeBucket;
  tasks: readonly AnyTask[];
  options: StatsOptions;
}

/** The statistics answer from an engine's counts. */
export function assembleStats(parts: StatsParts): CorpusStats {
  const top = parts.options.top ?? 30;
  const series = parts.options.timelineSeries ?? 6;
  const byTask = new Map<string, Count[]>();
  for (const { task, label, count } of parts.labels) {
    if (count === 0) continue;
    const list = byTask.get(task) ?? [];
    list.push({ label, count });
    byTask.set(task, list);
  }
  const counts = (task: string) => (byTask.get(task) ?? []).sort(byCountThenLabel).slice(0, top);
  const entityRoles = byTask.get('entity-role') ?? [];
  const entitiesByRole = ['Protagonist', 'Antagonist', 'Innocent'].map((role) => ({
    role,
    entities: entityRoles
      .filter((c) => c.label.slice(0, Math.max(c.label.indexOf('/'), 0)) === role)
      .sort(byCountThenLabel)
      .slice(0, Math.min(top, 15))
      .map((c) => ({ label: c.label.slice(c.label.indexOf('/') + 1), count: c.count })),
  }));
  const narratives = counts('narrative');
  const followed = narratives.slice(0, series).map((c) => c.label);
  const seen = [...parts.periods].sort(compareBinary);
  const periods = seen.length ? (fillPeriods(seen[0], seen[seen.length - 1], parts.bucket) ?? seen) : [];
  const facetLists = Object.fromEntries(facetsOf(parts.tasks).flatMap((f) => (f.stats ? [[f.stats, counts(f.task)]] : [])));
  return {
    total: parts.total,
    withoutNarrative: parts.withoutNarrative,
    ...facetLists,
    narratives,
    entitiesByRole,
    languages: topCounts(parts.languages, top),
    sources: topCounts(parts.sources, top),
    timeline: {
      bucket: parts.bucket,
      periods,
      total: periods.map((p) => parts.periodTotal(p)),
      narratives: followed.map((label) => ({ label, counts: periods.map((p) => parts.periodNarrative(p, label)) })),
      undated: parts.undated,
    },
  };
}
