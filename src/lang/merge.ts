/**
 * One Analysis from the analyses of a mixed text's language parts (each made by running the task
 * annotators on that part's paragraphs with that language's models). Rules, in docs/language.md:
 * narratives and entities from every part that has a model, each label with the evidence of its own
 * part; domain and dominant narrative from the largest part that chose a narrative (else the largest
 * part); genre and frames from the largest part that produced them.
 */
import type { Analysis } from '../schema.js';

/** What the task annotators added for one language part. */
export interface PartResult {
  code: string;
  share: number;
  analysis: Analysis;
}

type Narratives = NonNullable<Analysis['narratives']>;
type Entity = NonNullable<Analysis['entities']>[number];
type Techniques = NonNullable<Analysis['techniques']>;

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The union of labelled lists: a label found by two parts keeps the higher-scoring entry. */
function unionByLabel<T extends { label: string; score: number }>(lists: readonly T[][]): T[] {
  const best = new Map<string, T>();
  for (const list of lists) for (const item of list) if ((best.get(item.label)?.score ?? -1) < item.score) best.set(item.label, item);
  return [...best.values()].sort((a, b) => b.score - a.score);
}

function mergeNarratives(parts: readonly PartResult[]): Narratives | undefined {
  const sections = parts.map((p) => ({ code: p.code, n: p.analysis.narratives })).filter((s) => s.n !== undefined);
  if (sections.length === 0) return undefined;
  const ok = sections.filter((s) => s.n!.status === 'ok').map((s) => s.n!);
  if (ok.length === 0) {
    const reason = sections.map((s) => `${s.code}: ${s.n!.reason ?? 'unavailable'}`).join('; ');
    return { ...sections[0].n!, reason };
  }
  // Domain, dominant narrative and candidates come from the largest part that chose a narrative, so
  // the domain never says "none" beside a narrative that another part's model found.
  const base = ok.find((n) => n.narratives.length > 0) ?? ok[0];
  const narratives = unionByLabel(ok.map((n) => n.narratives));
  const merged: Narratives = { ...base, narratives, subNarratives: unionByLabel(ok.map((n) => n.subNarratives)) };
  if (narratives.length > 0) delete merged.candidates;
  const labelled = ok.filter((n) => n.semeval && n.narratives.length > 0);
  if (labelled.length > 0) {
    const union = (key: 'narratives' | 'subNarratives') => [...new Set(labelled.flatMap((n) => n.semeval![key]))].sort();
    merged.semeval = { narratives: union('narratives'), subNarratives: union('subNarratives') };
  }
  return merged;
}

/** Entities of every part; one named in two parts keeps its surer reading, with all its mentions. */
function mergeEntities(parts: readonly PartResult[]): Entity[] | undefined {
  const lists = parts.map((p) => p.analysis.entities).filter((e): e is Entity[] => e !== undefined);
  if (lists.length === 0) return undefined;
  const byName = new Map<string, Entity>();
  for (const e of lists.flat()) {
    const seen = byName.get(e.name);
    if (!seen) byName.set(e.name, e);
    else {
      const [sure, other] = seen.confidence >= e.confidence ? [seen, e] : [e, seen];
      byName.set(e.name, { ...sure, mentions: [...sure.mentions, ...other.mentions].sort((a, b) => a.start - b.start) });
    }
  }
  return [...byName.values()];
}

function mergeTechniques(parts: readonly PartResult[]): Techniques | undefined {
  const sections = parts.map((p) => p.analysis.techniques).filter((t): t is Techniques => t !== undefined);
  if (sections.length <= 1) return sections[0];
  const summary = new Map<string, { technique: string; count: number; score: number }>();
  for (const s of sections.flatMap((t) => t.summary)) {
    const seen = summary.get(s.technique);
    summary.set(s.technique, seen ? { ...seen, count: seen.count + s.count, score: Math.max(seen.score, s.score) } : { ...s });
  }
  return {
    spans: sections.flatMap((t) => t.spans).sort((a, b) => a.start - b.start || a.end - b.end),
    summary: [...summary.values()].sort((a, b) => b.count - a.count || b.score - a.score),
  };
}

/** The first of the parts' values (parts come largest first). */
const firstOf = <K extends keyof Analysis>(parts: readonly PartResult[], key: K): Analysis[K] | undefined =>
  parts.map((p) => p.analysis[key]).find((v) => v !== undefined);

/** Adds the parts' results to `into` (the whole text's analysis, without task sections yet). */
export function mergePartResults(into: Analysis, parts: readonly PartResult[]): void {
  const sections = {
    narratives: mergeNarratives(parts),
    entities: mergeEntities(parts),
    techniques: mergeTechniques(parts),
    genre: firstOf(parts, 'genre'),
    frames: firstOf(parts, 'frames'),
  };
  for (const [key, value] of Object.entries(sections)) if (value !== undefined) Object.assign(into, { [key]: value });
  const list = parts.map((p) => `${p.code} ${percent(p.share)}`).join(', ');
  into.notes.push(`Mixed-language text (${list}): each task ran on each language's paragraphs with that language's models.`);
  // Each part's notes say which tasks did not run for its language (written by the pipeline).
  for (const p of parts) for (const note of p.analysis.notes) if (!into.notes.includes(note)) into.notes.push(note);
  for (const p of parts)
    for (const m of p.analysis.models) if (!into.models.some((x) => x.task === m.task && x.version === m.version)) into.models.push(m);
}
