/** Language identification. */
import type { LanguageGuess } from '../schema.js';

/** Identifies the language of a text (a sentence or a whole article). */
export function identifyLanguage(text: string): LanguageGuess {
  void text;
  return { code: 'und', name: 'Undetermined', confidence: 0, reliable: false, alternatives: [] };
}
