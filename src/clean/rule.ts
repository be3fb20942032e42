/**
 * The shape every cleaning rule shares, in the manner of retext plugins: a small detector that reads
 * the article's lines and reports positioned findings with its rule id. Rules never rewrite text.
 */
import type { Attribution } from '../schema.js';
import type { Line } from './lines.js';

/** A whole line a rule wants cut from the clean view. */
export interface LineFinding {
  line: number;
  reason: string;
}

/** A piece inside a line a rule wants cut (e.g. an inline ad marker). Offsets into raw. */
export interface InlineFinding {
  start: number;
  end: number;
  reason: string;
}

export interface RuleFindings {
  lines?: LineFinding[];
  inline?: InlineFinding[];
  attributions?: Omit<Attribution, 'rule'>[];
}

/** What a rule reads: the raw text, its lines, and the lines earlier rules already removed. */
export interface CleaningContext {
  readonly raw: string;
  readonly lines: readonly Line[];
  /** Lines removed by rules that ran before this one (the runner's order is fixed). */
  readonly removedLines: ReadonlySet<number>;
}

export interface CleaningRule {
  /** Stable id reported in every finding, e.g. "ad-markers". */
  readonly id: string;
  detect(ctx: CleaningContext): RuleFindings;
}
