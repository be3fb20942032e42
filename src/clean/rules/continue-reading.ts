/**
 * "Continue reading: <title> ..." teasers and "Read more / Also read" link lines. A line that says
 * where the full text is ("Read the full article at X") is also reported as a 'credit' attribution.
 * Data: continue-reading.json.
 */
import type { CleaningRule, LineFinding, RuleFindings } from '../rule.js';
import { compilePatterns } from '../patterns.js';
import { cleanOutletName } from '../outlet.js';
import data from './continue-reading.json' with { type: 'json' };

const LINES = compilePatterns(data.lines);
const OUTLETS = compilePatterns(data.outlets);
const MAX_LINE = 400;

export const continueReading: CleaningRule = {
  id: 'continue-reading',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    const attributions: NonNullable<RuleFindings['attributions']> = [];
    // Line 0 is the headline position; a headline may legitimately start with "Read" words.
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.blank || removedLines.has(i) || line.text.length > MAX_LINE) continue;
      const hit = LINES.find(line.text);
      if (!hit) continue;
      found.push({ line: i, reason: hit.entry.reason });
      const named = OUTLETS.find(line.text);
      const outlet = named?.match.groups?.outlet ? cleanOutletName(named.match.groups.outlet) : undefined;
      if (outlet) attributions.push({ start: line.contentStart, end: line.contentEnd, outlet, kind: 'credit', text: line.trimmed });
    }
    return { lines: found, attributions };
  },
};
