/**
 * The entity-role taxonomy of SemEval-2025 Task 10 subtask 1: three main roles, each with its fine
 * roles. Read from `taxonomy/subtask1_roles.tsv` at training time and stored inside every model.
 */
import { readFileSync } from 'node:fs';

export const MAIN_ROLES = ['Protagonist', 'Antagonist', 'Innocent'] as const;
export type MainRole = (typeof MAIN_ROLES)[number];

export interface RoleTaxonomy {
  /** Main roles, in the official order. */
  readonly mainRoles: readonly MainRole[];
  /** Fine roles, in file order. */
  readonly fineRoles: readonly string[];
  /** Main role of each fine role. */
  readonly mainOf: ReadonlyMap<string, MainRole>;
}

export function isMainRole(s: string): s is MainRole {
  return (MAIN_ROLES as readonly string[]).includes(s);
}

/** Builds a taxonomy from (main, fine) pairs; throws on an unknown main role. */
export function taxonomyFromPairs(pairs: readonly (readonly [string, string])[]): RoleTaxonomy {
  const mainOf = new Map<string, MainRole>();
  for (const [main, fine] of pairs) {
    if (!isMainRole(main)) throw new Error(`unknown main role "${main}"`);
    mainOf.set(fine, main);
  }
  return { mainRoles: MAIN_ROLES, fineRoles: [...mainOf.keys()], mainOf };
}

/** Parses the two-column TSV (header `main_role<TAB>fine_grained_role`). */
export function parseRoleTaxonomy(tsv: string, name = 'subtask1_roles.tsv'): RoleTaxonomy {
  const pairs: [string, string][] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && /main_role/i.test(line))) return;
    const cols = line.split('\t').map((c) => c.trim());
    if (cols.length < 2) throw new Error(`${name}:${i + 1}: expected main role and fine role separated by a tab`);
    if (!isMainRole(cols[0])) throw new Error(`${name}:${i + 1}: unknown main role "${cols[0]}"`);
    pairs.push([cols[0], cols[1]]);
  });
  if (pairs.length === 0) throw new Error(`${name}: no roles found`);
  return taxonomyFromPairs(pairs);
}

export function loadRoleTaxonomy(path: string): RoleTaxonomy {
  return parseRoleTaxonomy(readFileSync(path, 'utf8'), path);
}

/** Fine roles of one main role, in taxonomy order. */
export function fineRolesOf(tax: RoleTaxonomy, main: MainRole): string[] {
  return tax.fineRoles.filter((f) => tax.mainOf.get(f) === main);
}
