/**
 * Boilerplate removal and provenance markers. Each rule is a small detector over the raw text that
 * reports positioned findings; nothing is rewritten, the pipeline cuts the removed spans out of a view.
 * Rules live in ./rules (one module and one data file each); docs/cleaning.md describes them.
 */
import type { Attribution, Removal } from '../schema.js';
import { splitLines, type Line } from './lines.js';
import type { CleaningRule, InlineFinding } from './rule.js';
import { adMarkers } from './rules/ad-markers.js';
import { byline } from './rules/byline.js';
import { commentForm } from './rules/comment-form.js';
import { continueReading } from './rules/continue-reading.js';
import { duplicateLines } from './rules/duplicate-lines.js';
import { promos } from './rules/promos.js';
import { provenance } from './rules/provenance.js';

export interface CleaningResult {
  /** Spans of `raw` to cut from the clean view, each with the rule that matched and why. */
  removed: Removal[];
  /** Outlets the text says it was first published on, or promotes. */
  attributions: Attribution[];
}

/**
 * The rules in the order they run. Order matters only where a rule reads what earlier ones removed:
 * comment-form walks back through the trailing block of already-removed lines, and duplicate-lines
 * ignores removed lines so a promo printed twice is reported once, as a promo.
 */
export const CLEANING_RULES: readonly CleaningRule[] = [adMarkers, provenance, promos, continueReading, byline, commentForm, duplicateLines];

/** Finds content-farm boilerplate and provenance markers in an article's raw text. */
export function removeBoilerplate(raw: string, rules: readonly CleaningRule[] = CLEANING_RULES): CleaningResult {
  const lines = splitLines(raw);
  const removedBy = new Map<number, { rule: string; reason: string }>();
  const removedLines = new Set<number>();
  const inline: (InlineFinding & { rule: string })[] = [];
  const attributions: Attribution[] = [];
  for (const rule of rules) {
    const found = rule.detect({ raw, lines, removedLines });
    for (const f of found.lines ?? []) {
      if (removedLines.has(f.line)) continue;
      removedLines.add(f.line);
      removedBy.set(f.line, { rule: rule.id, reason: f.reason });
    }
    for (const f of found.inline ?? []) inline.push({ ...f, rule: rule.id });
    for (const a of found.attributions ?? []) {
      if (!attributions.some((b) => b.start === a.start && b.outlet === a.outlet && b.kind === a.kind)) {
        attributions.push({ ...a, rule: rule.id });
      }
    }
  }
  const removed = lineRemovals(raw, lines, removedBy);
  addInline(raw, removed, inline);
  removed.sort((a, b) => a.start - b.start);
  attributions.sort((a, b) => a.start - b.start);
  return { removed, attributions };
}

/**
 * One removal per removed line. A line's span starts at the line itself (never at the blank lines
 * before it, so the span's start names the right line) and runs to the start of the next non-blank
 * line, taking its line break and the blank lines after it. Spans never overlap. A removed block at
 * the very end leaves the blank lines above it in the view: they belong to no boilerplate line.
 */
function lineRemovals(raw: string, lines: readonly Line[], removedBy: ReadonlyMap<number, { rule: string; reason: string }>): Removal[] {
  const out: Removal[] = [];
  const content = lines.filter((l) => !l.blank);
  for (let k = 0; k < content.length; k++) {
    const line = content[k];
    const why = removedBy.get(line.index);
    if (!why) continue;
    // Line 0's span also covers a leading BOM.
    const start = line.index === 0 ? 0 : line.start;
    const end = k + 1 < content.length ? content[k + 1].start : raw.length;
    out.push({ start, end, rule: why.rule, reason: why.reason, text: line.trimmed });
  }
  return out;
}

/** Adds inline removals that do not fall inside a removed line or overlap each other. */
function addInline(raw: string, removed: Removal[], inline: readonly (InlineFinding & { rule: string })[]): void {
  const sorted = [...inline].sort((a, b) => a.start - b.start);
  for (const f of sorted) {
    if (removed.some((r) => f.start < r.end && r.start < f.end)) continue;
    removed.push({ start: f.start, end: f.end, rule: f.rule, reason: f.reason, text: raw.slice(f.start, f.end).trim() });
  }
}
