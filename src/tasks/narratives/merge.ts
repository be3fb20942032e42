/**
 * The narratives of a mixed-language text from its parts' sections (rules in docs/language.md):
 * labels from every part that has a model, each with the evidence of its own part; domain and
 * dominant narrative from the largest part that chose a narrative, else the largest part.
 */
import type { Narratives } from '../../schema.js';
import type { TaskPart } from '../task.js';

/** The union of labelled lists: a label found by two parts keeps the higher-scoring entry. */
function unionByLabel<T extends { label: string; score: number }>(lists: readonly T[][]): T[] {
  const best = new Map<string, T>();
  for (const list of lists) for (const item of list) if ((best.get(item.label)?.score ?? -1) < item.score) best.set(item.label, item);
  return [...best.values()].sort((a, b) => b.score - a.score);
}

export function mergeNarratives(parts: readonly TaskPart<Narratives>[]): Narratives | undefined {
  if (parts.length === 0) return undefined;
  const ok = parts.filter((p) => p.section.status === 'ok').map((p) => p.section);
  if (ok.length === 0) {
    const reason = parts.map((p) => `${p.code}: ${p.section.reason ?? 'unavailable'}`).join('; ');
    return { ...parts[0].section, reason };
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
