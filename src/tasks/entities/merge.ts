/** The entities of a mixed-language text: those of every part; one named in two parts keeps its surer reading, with all its mentions. */
import type { Analysis } from '../../schema.js';
import type { TaskPart } from '../task.js';

type Entity = NonNullable<Analysis['entities']>[number];

export function mergeEntities(parts: readonly TaskPart<Entity[]>[]): Entity[] | undefined {
  if (parts.length === 0) return undefined;
  const byName = new Map<string, Entity>();
  for (const e of parts.flatMap((p) => p.section)) {
    const seen = byName.get(e.name);
    if (!seen) byName.set(e.name, e);
    else {
      const [sure, other] = seen.confidence >= e.confidence ? [seen, e] : [e, seen];
      byName.set(e.name, { ...sure, mentions: [...sure.mentions, ...other.mentions].sort((a, b) => a.start - b.start) });
    }
  }
  return [...byName.values()];
}
