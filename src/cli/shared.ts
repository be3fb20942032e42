/** Helpers shared by the CLI commands. */
import { Option, type Command } from 'commander';
import { describeAdapted, MIN_BATCH_ARTICLES, PRIORS_MODES, type AdaptedGroup } from '../tasks/shift.js';

/** Adds `--priors batch|training`, the one switch of label-shift adaptation (tasks/shift.ts, docs/confidence.md). */
export function priorsOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--priors <mode>',
      `label priors decisions are made under: "batch" estimates each task's label mix from the articles given ` +
        `(per language, at least ${MIN_BATCH_ARTICLES} articles, else the training mix), "training" keeps the models' own; ` +
        'default: batch for the tasks whose measurements favour it, training for the others (docs/confidence.md)',
    ).choices(PRIORS_MODES),
  );
}

/** Prints what a batch's label-shift step did, when it did anything. */
export function reportAdapted(groups: readonly AdaptedGroup[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  // One article alone is no batch: saying its training priors were kept would only be noise (an error still shows).
  const shown = groups.filter((g) => g.adapted || g.articles > 1 || g.error);
  if (shown.length) log(`label priors: ${describeAdapted(shown)}`);
}

/** Counts by reason as a summary prints them: "5 (3 empty, 2 binary)", or "0". */
export function describeSkipped(skipped: Record<string, number>): string {
  const entries = Object.entries(skipped);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return entries.length ? `${total} (${entries.map(([r, n]) => `${n} ${r}`).join(', ')})` : '0';
}
/** Parses a positive integer option, naming the option on error. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** Whether to colour output: a TTY, and neither NO_COLOR nor --no-color. */
export function useColor(stream: NodeJS.WriteStream, flag?: boolean): boolean {
  if (flag === false || process.env.NO_COLOR) return false;
  return Boolean(stream.isTTY) || Boolean(process.env.FORCE_COLOR);
}

import { formatProblem, type ReadProblem, type ReadWarning, type SkipReason } from '../ingest/types.js';

/** Counts what a batch command processed and skipped, prints problems as they come and a summary at the end. */
export class BatchSummary {
  processed = 0;
  readonly skipped = new Map<SkipReason, number>();
  /** Fields left out of articles that were processed (a bad date or URL), by reason. */
  readonly warnings = new Map<string, number>();

  constructor(private readonly err: NodeJS.WritableStream = process.stderr) {}

  /** Prints the one-line problem and counts it. */
  skip(problem: ReadProblem): void {
    this.err.write(`skipped ${formatProblem(problem)}\n`);
    this.skipped.set(problem.reason, (this.skipped.get(problem.reason) ?? 0) + 1);
  }

  /** Prints the one-line warning and counts it; the article itself is processed. */
  warn(warning: ReadWarning): void {
    this.err.write(`warning ${formatProblem(warning)}\n`);
    this.warnings.set(warning.reason, (this.warnings.get(warning.reason) ?? 0) + 1);
  }

  get skippedTotal(): number {
    let n = 0;
    for (const v of this.skipped.values()) n += v;
    return n;
  }

  /** "12 processed, 2 skipped (1 empty, 1 binary)". */
  describe(verb = 'processed'): string {
    const parts = [...this.skipped.entries()].map(([r, n]) => `${n} ${r}`);
    const warned = [...this.warnings.entries()].map(([r, n]) => `${n} ${r}`);
    const nWarned = [...this.warnings.values()].reduce((a, b) => a + b, 0);
    return `${this.processed} ${verb}, ${this.skippedTotal} skipped${parts.length ? ` (${parts.join(', ')})` : ''}${nWarned ? `, ${nWarned} warning(s) (${warned.join(', ')})` : ''}`;
  }

  /** Non-zero only when nothing could be processed, or with --strict when anything was skipped. */
  exitCode(strict = false): number {
    if (this.processed === 0 && this.skippedTotal > 0) return 1;
    if (strict && this.skippedTotal > 0) return 1;
    return 0;
  }
}
