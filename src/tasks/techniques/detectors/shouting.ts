/**
 * Shouting: sentences ending in "!" and words written in capitals (not known acronyms). Reported
 * as Loaded_Language: the emphasis works on the reader's feelings, not on the claim.
 */
import list from './shouting.json' with { type: 'json' };
import { sentencePieces, type Detector, type Finding } from './detector.js';

const ACRONYMS = new Set(list.acronyms);
const CAPS = new RegExp(`(?<![\\p{L}\\p{N}])\\p{Lu}{${list.minCapsLetters},}(?![\\p{L}\\p{N}])`, 'gu');
const source = 'detector:shouting';

export const shouting: Detector = {
  id: 'shouting',
  technique: 'Loaded_Language',
  languages: ['en'],
  detect(text) {
    const out: Finding[] = [];
    for (const s of sentencePieces(text)) {
      const piece = text.slice(s.start, s.end);
      if (/!["'”’)]*$/.test(piece)) out.push({ ...s, technique: 'Loaded_Language', confidence: list.confidence, source });
    }
    // A line in capitals is usually a heading, not shouting: only count capitals inside mixed-case text.
    for (let m = CAPS.exec(text); m; m = CAPS.exec(text)) {
      if (ACRONYMS.has(m[0])) continue;
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const lineEnd = text.indexOf('\n', m.index);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
      if (!/\p{Ll}/u.test(line)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, technique: 'Loaded_Language', confidence: list.confidence, source });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
