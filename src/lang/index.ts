/**
 * Language identification: the ISO 639-1 code of a sentence or an article, with a confidence.
 *
 * Three steps (docs/language.md has the measurements behind each choice):
 *  1. a bounded sample: the first SAMPLE_CHARS characters, cut at a word boundary — an article's
 *     opening is enough, and the cost stays flat for long texts;
 *  2. the `eld` n-gram detector (60 languages, synchronous, pure JavaScript, ~0.1 ms a sentence);
 *  3. close-call evidence from function words and script letters for languages that share a script
 *     (refine.ts), which also adds Macedonian, absent from eld's models.
 * Confidence is calibrated on the score margin and the text length (CALIBRATION).
 */
import { eld } from 'eld/extrasmall';
import type { LanguageGuess } from '../schema.js';
import { refineScores, sampleEvidence } from './refine.js';

/** eld reads at most 1,000 characters itself; sampling here keeps the marker step equally bounded. */
export const SAMPLE_CHARS = 1000;
/**
 * Confidence = sigmoid(BIAS + GAP_WEIGHT · min(gap, GAP_CAP)·100 + LETTERS_WEIGHT · ln(letters)), where gap
 * is the refined score margin between the best and second language. Fitted by logistic regression
 * (bench/lang-calibration.mjs) on sentences and 2–5-word fragments of the training corpus: the margin
 * matters up to about 0.01 and not beyond, and short texts are wrong more often at any margin.
 */
export const CALIBRATION = { bias: -2.116, gapWeight: 3.428, lettersWeight: 0.88, gapCap: 0.01 } as const;
/** Spreads the remaining probability over the alternatives, in eld's score units. */
const ALTERNATIVES_TEMPERATURE = 0.01;
/** Below this many letters a guess is never called reliable. */
const MIN_RELIABLE_LETTERS = 20;
/** A guess is reliable only from this confidence up (a sentence whose best two languages tie is below). */
const MIN_RELIABLE_CONFIDENCE = 0.9;
const MAX_ALTERNATIVES = 3;

const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** The guess for empty text, or text without letters. */
export const UNDETERMINED: LanguageGuess = Object.freeze({
  code: 'und',
  name: 'Undetermined',
  confidence: 0,
  reliable: false,
  alternatives: [],
}) as LanguageGuess;

/** English name of an ISO 639-1 code ("bg" → "Bulgarian"); the code itself if unknown. */
export function languageName(code: string): string {
  if (code === 'und') return 'Undetermined';
  try {
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The first `SAMPLE_CHARS` characters of `text`, not ending inside a word. */
export function sampleText(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf(' ', SAMPLE_CHARS);
  return text.slice(0, cut > SAMPLE_CHARS / 2 ? cut : SAMPLE_CHARS);
}

/** Candidate languages of a text, best first, with refined eld scores; empty when nothing is detected. */
export interface LanguageRanking {
  letters: number;
  ranked: Array<[code: string, score: number]>;
}

/** Ranks the candidate languages of `text` (its bounded sample). The raw material of identifyLanguage. */
export function rankLanguages(text: string): LanguageRanking {
  const sample = sampleText(text);
  const { letters, adjustments } = sampleEvidence(sample);
  if (letters === 0) return { letters, ranked: [] };
  const result = eld.detect(sample);
  if (!result.language) return { letters, ranked: [] };
  return { letters, ranked: [...refineScores(result.getScores(), adjustments)].sort((a, b) => b[1] - a[1]) };
}

/** The calibrated probability that the best of a ranking is right. */
export function calibratedConfidence(gap: number, letters: number): number {
  const { bias, gapWeight, lettersWeight, gapCap } = CALIBRATION;
  const z = bias + gapWeight * Math.min(gap, gapCap) * 100 + lettersWeight * Math.log(Math.max(1, letters));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Identifies the language of a text (a sentence or a whole article).
 * Returns 'und' with confidence 0 for empty text or text without letters; `reliable` is false for
 * short or ambiguous text. `alternatives` are the next most likely languages, best first.
 */
export function identifyLanguage(text: string): LanguageGuess {
  const { letters, ranked } = rankLanguages(text);
  if (ranked.length === 0) return { ...UNDETERMINED, alternatives: [] };

  const [bestCode, bestScore] = ranked[0];
  const gap = ranked.length > 1 ? bestScore - ranked[1][1] : CALIBRATION.gapCap;
  const confidence = calibratedConfidence(gap, letters);

  // The rest of the probability goes to the runners-up, in proportion to a softmax of their scores.
  const runnersUp = ranked.slice(1, 1 + MAX_ALTERNATIVES);
  const weights = runnersUp.map(([, score]) => Math.exp((score - bestScore) / ALTERNATIVES_TEMPERATURE));
  const total = weights.reduce((a, b) => a + b, 0);
  const alternatives = runnersUp
    .map(([code], i) => ({ code, confidence: round(((1 - confidence) * weights[i]) / (total || 1)) }))
    .filter((a) => a.confidence >= 0.001);

  return {
    code: bestCode,
    name: languageName(bestCode),
    confidence: round(confidence),
    reliable: letters >= MIN_RELIABLE_LETTERS && confidence >= MIN_RELIABLE_CONFIDENCE,
    alternatives,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
