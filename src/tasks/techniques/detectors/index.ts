/** The surface-form detectors, in the order they run. */
import type { Detector, Finding } from './detector.js';
import { appealToFear } from './fear.js';
import { loadedWords } from './loaded-words.js';
import { nameCalling } from './name-calling.js';
import { rhetoricalQuestion } from './rhetorical-question.js';
import { shouting } from './shouting.js';
import { slogans } from './slogans.js';

export type { Detector, Finding } from './detector.js';
export const DETECTORS: readonly Detector[] = [loadedWords, nameCalling, rhetoricalQuestion, shouting, slogans, appealToFear];

/** Runs the detectors written for `language` (all of them when it is undefined) over `text`. */
export function runDetectors(text: string, language?: string, detectors: readonly Detector[] = DETECTORS): Finding[] {
  return detectors.filter((d) => language === undefined || d.languages.includes(language)).flatMap((d) => d.detect(text));
}
