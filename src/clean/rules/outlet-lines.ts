/**
 * The shape of the line rules that remove a boilerplate line and report an outlet it names: a line
 * matching one of `data.lines` is removed with that entry's reason, and an `outlet` group matched by
 * one of `data.outlets` on the same line is reported as an attribution of `kind`.
 */
import type { Attribution } from '../../schema.js';
import type { CleaningRule, LineFinding, RuleFindings } from '../rule.js';
import { compilePatterns, type PatternEntry } from '../patterns.js';
import { cleanOutletName } from '../outlet.js';

/** Lines longer than this are article text, not a teaser or promo. */
const MAX_LINE = 400;

export function outletLineRule(
  id: string,
  data: { lines: readonly PatternEntry[]; outlets: readonly PatternEntry[] },
  kind: Attribution['kind'],
  /** Lines before this index are never removed (1 keeps the headline position). */
  firstLine = 0,
): CleaningRule {
  const LINES = compilePatterns(data.lines);
  const OUTLETS = compilePatterns(data.outlets);
  return {
    id,
    detect({ lines, removedLines }) {
      const found: LineFinding[] = [];
      const attributions: NonNullable<RuleFindings['attributions']> = [];
      for (const line of lines) {
        if (line.index < firstLine || line.blank || removedLines.has(line.index) || line.text.length > MAX_LINE) continue;
        const hit = LINES.find(line.text);
        if (!hit) continue;
        found.push({ line: line.index, reason: hit.entry.reason });
        const named = OUTLETS.find(line.text);
        const outlet = named?.match.groups?.outlet ? cleanOutletName(named.match.groups.outlet) : undefined;
        if (outlet) attributions.push({ start: line.contentStart, end: line.contentEnd, outlet, kind, text: line.trimmed });
      }
      return { lines: found, attributions };
    },
  };
}
