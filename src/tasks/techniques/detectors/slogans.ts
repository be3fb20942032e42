/** Slogans: set rallying phrases and a few patterns ("make … great again", hashtags). Lists in slogans.json. */
import list from './slogans.json' with { type: 'json' };
import { findAll, phraseRegExp, type Detector } from './detector.js';

const PHRASES = phraseRegExp(list.phrases);
const PATTERNS = list.patterns.map((p) => new RegExp(p, 'giu'));
const source = 'detector:slogans';

export const slogans: Detector = {
  id: 'slogans',
  technique: 'Slogans',
  languages: ['en'],
  detect: (text) => [PHRASES, ...PATTERNS].flatMap((re) => findAll(text, re, 'Slogans', list.confidence, source)).sort((a, b) => a.start - b.start),
};
