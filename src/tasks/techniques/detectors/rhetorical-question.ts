/**
 * Rhetorical questions: a question (a sentence ending in "?") that opens with, or contains, one of
 * the openings in rhetorical-question.json. Reported as Doubt, the technique such questions serve.
 */
import list from './rhetorical-question.json' with { type: 'json' };
import { phraseRegExp, sentencePieces, type Detector, type Finding } from './detector.js';

const OPENING = phraseRegExp(list.openings);

export const rhetoricalQuestion: Detector = {
  id: 'rhetorical-question',
  technique: 'Doubt',
  languages: ['en'],
  detect(text) {
    const out: Finding[] = [];
    for (const s of sentencePieces(text)) {
      const piece = text.slice(s.start, s.end);
      if (!/\?["'”’)]*$/.test(piece)) continue;
      OPENING.lastIndex = 0;
      if (OPENING.test(piece)) out.push({ ...s, technique: 'Doubt', confidence: list.confidence, source: 'detector:rhetorical-question' });
    }
    return out;
  },
};
