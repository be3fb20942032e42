/** The techniques of a mixed-language text: every part's spans in text order, and one summary row per technique (counts added, best score kept). */
import type { Analysis } from '../../schema.js';
import type { TaskPart } from '../task.js';

type Techniques = NonNullable<Analysis['techniques']>;

export function mergeTechniques(parts: readonly TaskPart<Techniques>[]): Techniques | undefined {
  const sections = parts.map((p) => p.section);
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
