/**
 * The SemEval-2025 Task 10 narrative taxonomy: two domains (URW = war in Ukraine, CC = climate
 * change), narratives "<domain>: <name>", sub-narratives "<narrative>: <name>", the catch-all
 * sub-label "<narrative>: Other" and the article-level label "Other". Label names are identifiers;
 * the lists are read from the corpus's taxonomy folder at training time and stored in the model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Domain = 'URW' | 'CC';
export const DOMAINS: readonly Domain[] = ['URW', 'CC'];
export const OTHER = 'Other';

export interface Taxonomy {
  /** Official narrative list, "Other" included (the scorer's coarse classes). */
  readonly narratives: readonly string[];
  /** Official sub-narrative list, "Other" and "<narrative>: Other" included (the scorer's fine classes). */
  readonly subNarratives: readonly string[];
}

/** Reads a label list: one label per line, blank lines dropped. */
function readList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Reads the official lists from `<taxonomyDir>/subtask2_{narratives,subnarratives}.txt`. */
export function loadTaxonomy(taxonomyDir: string): Taxonomy {
  return { narratives: readList(join(taxonomyDir, 'subtask2_narratives.txt')), subNarratives: readList(join(taxonomyDir, 'subtask2_subnarratives.txt')) };
}

/** Domain of a narrative or sub-narrative label, or null for "Other". */
export function domainOf(label: string): Domain | null {
  if (label.startsWith('URW: ')) return 'URW';
  if (label.startsWith('CC: ')) return 'CC';
  return null;
}

/** The narrative a sub-narrative belongs to: the longest known narrative it starts with (plus ": "). */
export function parentOf(sub: string, narratives: readonly string[]): string | null {
  let best: string | null = null;
  for (const n of narratives) if (n !== OTHER && sub.startsWith(`${n}: `) && (!best || n.length > best.length)) best = n;
  return best;
}

/** "<narrative>: Other", the fine label for a narrative without a specific sub-narrative. */
export function otherSubOf(narrative: string): string {
  return `${narrative}: ${OTHER}`;
}

/** True for "<narrative>: Other" sub-labels. */
export function isOtherSub(sub: string): boolean {
  return sub.endsWith(`: ${OTHER}`);
}

/**
 * Whether a label is acceptable in a gold or prediction file: in the official lists, or a
 * "<known narrative>: Other" label (the training data uses one that the list omits).
 */
export function isKnownLabel(label: string, taxonomy: Taxonomy, level: 'coarse' | 'fine'): boolean {
  if (level === 'coarse') return taxonomy.narratives.includes(label);
  if (taxonomy.subNarratives.includes(label)) return true;
  if (!isOtherSub(label)) return false;
  return taxonomy.narratives.includes(label.slice(0, -`: ${OTHER}`.length));
}
