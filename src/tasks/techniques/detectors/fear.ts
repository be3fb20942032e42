/** Appeals to fear: warnings of looming catastrophe (Appeal_to_Fear-Prejudice). Phrase list in fear.json. */
import list from './fear.json' with { type: 'json' };
import { findAll, phraseRegExp, type Detector } from './detector.js';

const RE = phraseRegExp(list.phrases);

export const appealToFear: Detector = {
  id: 'fear',
  technique: 'Appeal_to_Fear-Prejudice',
  languages: ['en'],
  detect: (text) => findAll(text, RE, 'Appeal_to_Fear-Prejudice', list.confidence, 'detector:fear'),
};
