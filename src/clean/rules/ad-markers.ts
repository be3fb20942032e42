/** Ad-slot markers (`[ad_1]`), "Advertisement" labels and ad/player widget leftovers. Data: ad-markers.json. */
import type { CleaningRule, InlineFinding, LineFinding } from '../rule.js';
import { compilePatterns } from '../patterns.js';
import data from './ad-markers.json' with { type: 'json' };

const LINES = compilePatterns(data.lines);
const INLINE = data.inline.map((e) => ({ re: new RegExp(e.pattern, 'giu'), reason: e.reason }));
/** Cheap test before the inline scan: every inline marker has a bracket. */
const INLINE_HINT = '[';

export const adMarkers: CleaningRule = {
  id: 'ad-markers',
  detect({ raw, lines }) {
    const found: LineFinding[] = [];
    const inline: InlineFinding[] = [];
    for (const line of lines) {
      if (line.blank) continue;
      const hit = line.text.length <= 160 ? LINES.find(line.text) : undefined;
      if (hit) {
        found.push({ line: line.index, reason: hit.entry.reason });
        continue;
      }
      if (!line.trimmed.includes(INLINE_HINT)) continue;
      const content = raw.slice(line.start, line.end);
      for (const { re, reason } of INLINE) {
        re.lastIndex = 0;
        for (let m = re.exec(content); m; m = re.exec(content)) {
          let start = line.start + m.index;
          let end = start + m[0].length;
          // Take one neighbouring space with the marker so the words around it do not run together or double up.
          if (raw[end] === ' ') end++;
          else if (raw[start - 1] === ' ') start--;
          inline.push({ start, end, reason });
        }
      }
    }
    return { lines: found, inline };
  },
};
