import { removeBoilerplate } from '../../src/clean/index.js';
import type { CleaningRule } from '../../src/clean/rule.js';
import { TextView } from '../../src/doc/view.js';

/** Runs the given rules (all by default) and returns what they removed and the clean view's text. */
export function clean(raw: string, rules?: readonly CleaningRule[]) {
  const result = removeBoilerplate(raw, rules);
  return {
    ...result,
    texts: result.removed.map((r) => r.text),
    view: new TextView(raw, result.removed).text,
  };
}
