/** Options shared by the commands that use the store (ingest, list, show, search). */
import type { Command } from 'commander';

/** Adds `--db <file>` with the lookup order in its help. */
export function dbOption(command: Command): Command {
  return command.option('--db <file>', 'database file (default: $NARRASCOPE_DB, else ./narrascope.db)');
}

/** Parses a non-negative integer option (offsets), naming the option on error. */
export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
    return n;
  };
}
