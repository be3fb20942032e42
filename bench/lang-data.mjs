/**
 * The labelled texts of the language benchmarks: SemEval-2025 Task 10 training documents (label =
 * folder language) and a seeded sample of their sentences. Read at run time from the shared data
 * folder (--data DIR, or NARRASCOPE_DATA, default ../shared/data beside the repo); never copied.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FOLDERS = { EN: 'en', BG: 'bg', HI: 'hi', PT: 'pt', RU: 'ru' };
export const MIN_SENTENCE_CHARS = 40;

/** The data root from `--data DIR` in `args`, else NARRASCOPE_DATA, else ../shared/data. */
export function dataRoot(args) {
  const i = args.indexOf('--data');
  const given = i >= 0 ? args[i + 1] : process.env.NARRASCOPE_DATA;
  return resolve(given ?? join(here, '../../shared/data'));
}

/** mulberry32: a small seeded generator, so a sample is the same on every run. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every training document: { code, file, text }. Exits with a one-line error if a folder is missing. */
export function loadDocuments(root) {
  const docs = [];
  for (const [folder, code] of Object.entries(FOLDERS)) {
    const dir = join(root, 'semeval2025-t10', folder, 'train', 'raw-documents');
    if (!existsSync(dir)) {
      console.error(`lang bench: missing folder ${dir} (set --data or NARRASCOPE_DATA)`);
      process.exit(1);
    }
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.txt')) docs.push({ code, file, text: readFileSync(join(dir, file), 'utf8') });
    }
  }
  return docs;
}

/**
 * Up to `perLanguage` sentences of ≥ 40 characters per language, shuffled with `seed`.
 * A simple split (terminal punctuation or line breaks) is enough for a sentence-level benchmark.
 */
export function sampleSentences(docs, perLanguage, seed) {
  const byLanguage = new Map();
  for (const d of docs) {
    for (const piece of d.text.split(/(?<=[.!?।])\s+|\n+/)) {
      const s = piece.trim();
      if (s.length < MIN_SENTENCE_CHARS) continue;
      if (!byLanguage.has(d.code)) byLanguage.set(d.code, []);
      byLanguage.get(d.code).push(s);
    }
  }
  const next = random(seed);
  const sample = [];
  for (const [code, all] of byLanguage) {
    const pool = all.slice();
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    for (const text of pool.slice(0, perLanguage)) sample.push({ code, text });
  }
  return sample;
}

/** The six SemEval-2023 Task 3 languages: ISO 639-1 code → the corpus's folder (GE German, PO Polish). */
export const SEMEVAL2023_FOLDERS = { en: 'EN', fr: 'FR', de: 'GE', it: 'IT', pl: 'PO', ru: 'RU' };

/**
 * Every SemEval-2023 Task 3 article, training and test, of each language: { code, file, text }.
 * The subtask folders share articles, so each id is read once (the first folder that has it);
 * macOS resource-fork files (`._*`) are not articles. Exits with a one-line error if a language's
 * folder is missing.
 */
export function loadSemeval2023Documents(root) {
  const docs = [];
  for (const [code, folder] of Object.entries(SEMEVAL2023_FOLDERS)) {
    const base = join(root, 'semeval2023-t3', folder);
    if (!existsSync(base)) {
      console.error(`lang bench: missing folder ${base} (set --data or NARRASCOPE_DATA)`);
      process.exit(1);
    }
    const seen = new Set();
    for (const split of ['train', 'test'])
      for (const subtask of [1, 2, 3]) {
        const dir = join(base, `${split}-articles-subtask-${subtask}`);
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir).sort()) {
          if (!file.endsWith('.txt') || file.startsWith('._') || seen.has(file)) continue;
          seen.add(file);
          docs.push({ code, file, text: readFileSync(join(dir, file), 'utf8') });
        }
      }
  }
  return docs;
}
