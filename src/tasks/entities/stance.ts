/**
 * Stance features: the entity's camp (sides.ts) crossed with the narratives of its article. The role
 * an article gives an entity follows from the story it pushes and the side the entity is on: a
 * mainstream ("Other") war report casts Russia's side as the aggressor and Ukraine's as victim or
 * defender, "Blaming the war on others rather than the invader" the other way round. A linear model
 * cannot form these conjunctions from separate camp and narrative features, so they are given.
 */
import { SIDES, entitySides } from './sides.js';

/** True when a model's features read the article's narratives (its stance block is on and uses them). */
export function readsNarratives(features: { weights: { stance?: number }; stance?: { narratives?: boolean } }): boolean {
  return (features.weights.stance ?? 0) > 0 && features.stance?.narratives !== false;
}

/** Coarse domain of an article from its narrative labels: "CC", "URW", both, or "Other" (none). */
export function narrativeDomains(narratives: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of narratives) {
    const d = n.startsWith('CC') ? 'CC' : n.startsWith('URW') ? 'URW' : null;
    if (d && !out.includes(d)) out.push(d);
  }
  return out.length ? out : ['Other'];
}

export interface StanceOptions {
  /** Read the article's narratives (false: the camp features alone). */
  narratives?: boolean;
  /** Camp × each narrative label (besides camp × domain, always on). */
  perNarrative: boolean;
}

/**
 * Adds the stance features of an entity `name` in an article with `narratives` (undefined: not
 * known, only the camp features) to `add`. `cues` are the mention's cue features (e.g. "R|harm"),
 * crossed with camp and domain when given.
 */
export function stanceFeatures(name: string, narratives: readonly string[] | undefined, add: (f: string) => void, options: StanceOptions, cues: readonly string[] = []): void {
  const sides = entitySides(name);
  const camps = sides.length ? sides.map((s) => SIDES[s]) : ['none'];
  for (const c of camps) add(`sd|${c}`);
  if (!narratives || options.narratives === false) return;
  const domains = narrativeDomains(narratives);
  for (const d of domains) {
    add(`nd|${d}`);
    for (const c of camps) {
      add(`xd|${c}|${d}`);
      for (const q of cues) add(`xc|${c}|${d}|${q}`);
    }
  }
  if (options.perNarrative) for (const n of narratives) for (const c of camps) add(`xn|${c}|${n}`);
}

