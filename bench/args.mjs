// Command-line options shared by the bench scripts: `--name value` pairs and bare flags.
export const argv = process.argv.slice(2);

/** The value after `name`, or `fallback` when the option is absent. */
export const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);

/** The options of the entity benches: SemEval-2025 Task 10 folder, languages, folds, seed. */
export function entityBenchOptions(defaultLangs = 'EN,BG,HI,PT,RU') {
  return {
    data: option('--data', process.env.NARRASCOPE_SEMEVAL ?? '../shared/data/semeval2025-t10'),
    langs: option('--lang', defaultLangs).split(','),
    k: Number(option('--folds', '5')),
    seed: Number(option('--seed', '13')),
  };
}
