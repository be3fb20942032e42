/** Placeholder bylines ("By Author", "Posted by admin") left by CMS themes. Data: byline.json. */
import type { CleaningRule, LineFinding } from '../rule.js';
import { compilePatterns } from '../patterns.js';
import data from './byline.json' with { type: 'json' };

const LINES = compilePatterns(data.lines);

export const byline: CleaningRule = {
  id: 'byline',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    for (const line of lines) {
      if (line.blank || removedLines.has(line.index) || line.text.length > 120) continue;
      const hit = LINES.find(line.text);
      if (hit) found.push({ line: line.index, reason: hit.entry.reason });
    }
    return { lines: found };
  },
};
