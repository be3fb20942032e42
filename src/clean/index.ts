/**
 * Boilerplate removal and provenance markers. Each rule is a small detector over the raw text that
 * reports positioned findings; nothing is rewritten, the pipeline cuts the removed spans out of a view.
 */
import type { Attribution, Removal } from '../schema.js';

export interface CleaningResult {
  /** Spans of `raw` to cut from the clean view, each with the rule that matched and why. */
  removed: Removal[];
  /** Outlets the text says it was first published on, or promotes. */
  attributions: Attribution[];
}

/** Finds content-farm boilerplate and provenance markers in an article's raw text. */
export function removeBoilerplate(raw: string): CleaningResult {
  void raw;
  return { removed: [], attributions: [] };
}
