/**
 * Shouting: sentences ending in "!" and words written in capitals (not known acronyms, not markers).
 * Reported as Loaded_Language: the emphasis works on the reader's feelings, not on the claim.
 */
import list from './shouting.json' with { type: 'json' };
import { sentencePieces, type Detector, type Finding } from './detector.js';

const ACRONYMS = new Set(list.acronyms);
const CAPS = new RegExp(`(?<![\\p{L}\\p{N}])\\p{Lu}{${list.minCapsLetters},}(?![\\p{L}\\p{N}])`, 'gu');
/** Capitals (possibly a run of capitalised words) closed by a colon: "UPDATE:", "BREAKING NEWS:", "SMITH:". */
const LABEL_AFTER = /^(?:[\s&'’.-]+\p{Lu}+)*\s*:/u;
/** Capitals opening a line and followed by a dash or comma: a dateline, "CITY — …", "CITY, Month …". */
const DATELINE_AFTER = /^(?:\s+\p{Lu}+)*(?:\s*[—–]|\s+-\s|,)/u;
const source = 'detector:shouting';

/**
 * Whether the capitals at [start, end) label the text rather than stress it: a kicker or speaker
 * label before a colon, a word in brackets ("[EXAMPLE]", "(IRGC)"), or a dateline. In PTC (SemEval-2020
 * Task 11, training split) none of the capitals before a colon or in brackets lies in a gold span.
 */
function isMarker(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 40);
  if (LABEL_AFTER.test(after)) return true;
  const before = text[start - 1];
  if ((before === '[' || before === '(') && /^[\])]/.test(after)) return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^[\s"'“‘]*$/.test(text.slice(lineStart, start)) && DATELINE_AFTER.test(after);
}

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
      const end = m.index + m[0].length;
      if (ACRONYMS.has(m[0]) || isMarker(text, m.index, end)) continue;
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const lineEnd = text.indexOf('\n', m.index);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
      if (!/\p{Ll}/u.test(line)) continue;
      out.push({ start: m.index, end, technique: 'Loaded_Language', confidence: list.confidence, source });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
