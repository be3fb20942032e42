/** The import graph of src/ has no cycles, and no task folder imports another task folder (only the shared contract files directly in src/tasks/). */
import { cruise, type IViolation } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const NO_CYCLES = 'no-cycles';
const TASKS_APART = 'tasks-apart';
/** A miniature src/ with one cycle and one task importing another, to show that both rules bite. */
const FIXTURE = 'test/architecture/fixture/src';

/**
 * The rule violations under `root` (a folder relative to the repository, laid out like src/).
 * dependency-cruiser reads the TypeScript sources with swc (the installed TypeScript 7 has no compiler
 * API for it) and resolves the `.js` import specifiers to the `.ts` files. Type-only imports count: a
 * cycle through an `import type` still ties the two modules together.
 */
async function violations(root: string): Promise<IViolation[]> {
  const result = await cruise([root], {
    validate: true,
    parser: 'swc',
    tsPreCompilationDeps: true,
    ruleSet: {
      forbidden: [
        { name: NO_CYCLES, severity: 'error', from: { path: `^${root}/` }, to: { circular: true } },
        {
          name: TASKS_APART,
          severity: 'error',
          // $1 is the importing task's folder: a file in any other task folder is out of bounds.
          from: { path: `^${root}/tasks/([^/]+)/` },
          to: { path: `^${root}/tasks/[^/]+/`, pathNot: `^${root}/tasks/$1/` },
        },
      ],
    },
  });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a result');
  return result.output.summary.violations;
}

/** One line per offending edge: `from -> to`, and for a cycle the whole loop back to `from`. */
function edges(all: IViolation[], rule: string): string[] {
  return all
    .filter((v) => v.rule.name === rule)
    .map((v) => [v.from, ...(v.cycle?.length ? v.cycle.map((step) => step.name) : [v.to])].join(' -> '))
    .sort();
}

describe('the import graph of src/', () => {
  let found: IViolation[];
  beforeAll(async () => {
    found = await violations('src');
  });

  it('has no import cycles', () => {
    expect(edges(found, NO_CYCLES)).toEqual([]);
  });

  it('has no task folder importing from another task folder', () => {
    expect(edges(found, TASKS_APART)).toEqual([]);
  });
});

describe('the rules, on a miniature src/', () => {
  it('report the cycle (type imports included) and the task that imports another task, not the shared contract', async () => {
    const found = await violations(FIXTURE);
    // dependency-cruiser reports each cycle once, from the module it meets first.
    expect(edges(found, NO_CYCLES)).toEqual([`${FIXTURE}/a.ts -> ${FIXTURE}/b.ts -> ${FIXTURE}/a.ts`]);
    expect(edges(found, TASKS_APART)).toEqual([`${FIXTURE}/tasks/one/index.ts -> ${FIXTURE}/tasks/two/index.ts`]);
  });
});
