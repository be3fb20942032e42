/**
 * Name calling: epithets ("puppet", "warmonger") and sneering prefixes ("so-called experts"), the
 * prefix taken with the word after it. Word lists in name-calling.json.
 */
import list from './name-calling.json' with { type: 'json' };
import { escapeRegExp, findAll, phraseRegExp, type Detector } from './detector.js';

const EPITHETS = phraseRegExp(list.epithets);
const PREFIXED = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.prefixes.map(escapeRegExp).join('|')})\\s+[\\p{L}][\\p{L}'’-]*`, 'giu');

export const nameCalling: Detector = {
  id: 'name-calling',
  technique: 'Name_Calling-Labeling',
  languages: ['en'],
  detect: (text) => [
    ...findAll(text, EPITHETS, 'Name_Calling-Labeling', list.confidence, 'detector:name-calling'),
    ...findAll(text, PREFIXED, 'Name_Calling-Labeling', list.confidence, 'detector:name-calling'),
  ].sort((a, b) => a.start - b.start),
};
