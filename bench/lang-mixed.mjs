#!/usr/bin/env node
/**
 * Mixed-language detection (src/lang/parts.ts) on the SemEval-2025 Task 10 training documents.
 *
 *   npm run build && node bench/lang-mixed.mjs [--data ../shared/data] [--docs 100]
 *
 * Prints: how often the cheap test opens and how many documents come out mixed (the corpus is one
 * language per folder, so a mixed verdict is either a real quotation block or a false alarm); recall
 * on mixtures made at run time by putting paragraphs of a document of another language at the end or
 * in the middle of a document (the inserted share of characters bucketed); the CPU time of the
 * language step with and without the test, and of countWords. The corpus is never copied.
 */
import { identifyLanguage } from '../dist/lang/index.js';
import { languageParts, mayBeMixed } from '../dist/lang/parts.js';
import { countWords, segmentParagraphs } from '../dist/text/index.js';
import { argv, option } from './args.mjs';
import { dataRoot, loadDocuments } from './lang-data.mjs';

const perPair = Number(option('--docs', '100'));
const docs = loadDocuments(dataRoot(argv)).map((d) => ({ ...d, paragraphs: segmentParagraphs(d.text), guess: identifyLanguage(d.text) }));

const opened = {};
const mixed = {};
for (const d of docs) {
  if (mayBeMixed(d.text, d.paragraphs, d.guess)) opened[d.code] = (opened[d.code] ?? 0) + 1;
  const parts = languageParts(d.text, d.paragraphs, d.guess);
  if (parts) mixed[d.code] = [...(mixed[d.code] ?? []), `${d.file} (${parts.map((p) => `${p.code} ${p.share}`).join(', ')})`];
}
console.log(`Training documents: ${docs.length}; cheap test opened: ${JSON.stringify(opened)}`);
for (const [code, list] of Object.entries(mixed)) console.log(`  mixed ${code}: ${list.length}: ${list.join('; ')}`);

/** A's text with B's paragraphs (after B's title) of about `share` of the result, at the end or the middle. */
function mixture(a, b, share, where) {
  const body = b.slice(b.indexOf('\n') + 1);
  const cut = body.lastIndexOf('\n', Math.round((a.length * share) / (1 - share)));
  if (cut < 100) return null;
  const inserted = body.slice(0, cut).trim();
  if (where === 'end') return { text: `${a.trimEnd()}\n${inserted}`, inserted };
  const mid = a.indexOf('\n', Math.floor(a.length / 2));
  return mid < 0 ? null : { text: `${a.slice(0, mid)}\n${inserted}${a.slice(mid)}`, inserted };
}

console.log('\n| text + inserted | share of characters | where | found as a part |\n|---|---|---|---:|');
const byCode = (code) => docs.filter((d) => d.code === code);
for (const [a, b] of [['en', 'pt'], ['pt', 'en'], ['bg', 'ru'], ['ru', 'bg'], ['en', 'ru']])
  for (const [lo, hi] of [[0.15, 0.3], [0.3, 0.5]])
    for (const where of ['end', 'middle']) {
      let found = 0;
      let n = 0;
      const as = byCode(a);
      const bs = byCode(b);
      for (let i = 0; i < Math.min(perPair, as.length, bs.length); i++) {
        const m = mixture(as[i].text, bs[i].text, (lo + hi) / 2, where);
        const share = m && m.inserted.length / m.text.length;
        if (!m || share < lo || share >= hi) continue;
        n++;
        const parts = languageParts(m.text, segmentParagraphs(m.text), identifyLanguage(m.text));
        if (parts?.some((p) => p.code === b)) found++;
      }
      console.log(`| ${a} + ${b} | ${lo}–${hi} | ${where} | ${found}/${n} |`);
    }

/** CPU microseconds per document, best of 7 rounds. */
function cpuMicros(fn) {
  for (const d of docs) fn(d);
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    for (const d of docs) fn(d);
    const c = process.cpuUsage(c0);
    best = Math.min(best, c.user + c.system);
  }
  return (best / docs.length).toFixed(1);
}
console.log('\n| step (CPU µs per training document, best of 7) | µs |\n|---|---:|');
console.log(`| identifyLanguage | ${cpuMicros((d) => identifyLanguage(d.text))} |`);
console.log(`| identifyLanguage + languageParts | ${cpuMicros((d) => languageParts(d.text, d.paragraphs, identifyLanguage(d.text)))} |`);
console.log(`| countWords | ${cpuMicros((d) => countWords(d.text))} |`);
console.log(`| one regular expression (countWords before Intl.Segmenter) | ${cpuMicros((d) => d.text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0)} |`);
