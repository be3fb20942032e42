/**
 * Donation, subscription and newsletter promos ("Please support us", "Try <Outlet> free for a month").
 * A promo line is removed; an outlet it advertises is reported as a 'promotes' attribution.
 * Data: promos.json.
 */
import type { CleaningRule, LineFinding, RuleFindings } from '../rule.js';
import { compilePatterns } from '../patterns.js';
import { cleanOutletName } from '../outlet.js';
import data from './promos.json' with { type: 'json' };

const LINES = compilePatterns(data.lines);
const OUTLETS = compilePatterns(data.outlets);
const MAX_LINE = 400;

export const promos: CleaningRule = {
  id: 'promos',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    const attributions: NonNullable<RuleFindings['attributions']> = [];
    for (const line of lines) {
      if (line.blank || removedLines.has(line.index) || line.text.length > MAX_LINE) continue;
      const hit = LINES.find(line.text);
      if (!hit) continue;
      found.push({ line: line.index, reason: hit.entry.reason });
      const named = OUTLETS.find(line.text);
      const outlet = named?.match.groups?.outlet ? cleanOutletName(named.match.groups.outlet) : undefined;
      if (outlet) {
        attributions.push({ start: line.contentStart, end: line.contentEnd, outlet, kind: 'promotes', text: line.trimmed });
      }
    }
    return { lines: found, attributions };
  },
};

