#!/usr/bin/env node
/**
 * Language identification accuracy and speed on the SemEval-2025 Task 10 training documents, and
 * document accuracy on every SemEval-2023 Task 3 article (training and test) of its six languages.
 *
 *   npm run build && node bench/lang-accuracy.mjs [--data ../shared/data] [--per-language 2000] [--seed 42]
 *
 * Expected label = the folder's language. Reports, per language: whole-document accuracy on every
 * training document, single-sentence accuracy on a seeded sample of sentences of ≥ 40 characters,
 * how well the confidence tracks sentence accuracy, and documents per second; then whole-document
 * accuracy per SemEval-2023 language (each article id once across the subtask folders). Prints markdown.
 * The corpus is read at run time and never copied; the data path also comes from NARRASCOPE_DATA.
 */
import { identifyLanguage } from '../dist/lang/index.js';
import { dataRoot, FOLDERS, loadDocuments, loadSemeval2023Documents, sampleSentences, SEMEVAL2023_FOLDERS } from './lang-data.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const perLanguage = Number(option('per-language', '2000'));
const seed = Number(option('seed', '42'));

function tally(items) {
  const per = new Map();
  const confusions = new Map();
  const calibration = [];
  let reliableTotal = 0;
  let reliableRight = 0;
  for (const { code, text } of items) {
    const g = identifyLanguage(text);
    const ok = g.code === code;
    const row = per.get(code) ?? { right: 0, total: 0 };
    row.total++;
    if (ok) row.right++;
    else confusions.set(`${code}→${g.code}`, (confusions.get(`${code}→${g.code}`) ?? 0) + 1);
    per.set(code, row);
    calibration.push([g.confidence, ok]);
    if (g.reliable) {
      reliableTotal++;
      if (ok) reliableRight++;
    }
  }
  return { per, confusions, calibration, reliableTotal, reliableRight };
}

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(2) : '–');

const docs = loadDocuments(dataRoot(args));
const sentences = sampleSentences(docs, perLanguage, seed);

const docResult = tally(docs);
const sentResult = tally(sentences);

/**
 * Best of three timed passes, in CPU time of this process (user + system): on a shared machine the
 * wall clock also counts time spent waiting for a core. Wall time of the same pass is reported too.
 */
function bestPassMs(texts) {
  let best = { cpu: Infinity, wall: Infinity };
  for (let pass = 0; pass < 3; pass++) {
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    for (const text of texts) identifyLanguage(text);
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1000;
    if (cpu < best.cpu) best = { cpu, wall };
  }
  return best;
}
const docMs = bestPassMs(docs.map((d) => d.text));
const sentMs = bestPassMs(sentences.map((s) => s.text));

const codes = Object.values(FOLDERS);
const totals = (per) => [...per.values()].reduce((a, r) => [a[0] + r.right, a[1] + r.total], [0, 0]);
const [dr, dt] = totals(docResult.per);
const [sr, st] = totals(sentResult.per);

console.log(`## Language identification (${new Date().toISOString().slice(0, 10)}, node ${process.version})\n`);
console.log('| language | documents | document accuracy | sentences | sentence accuracy |');
console.log('|---|---:|---:|---:|---:|');
for (const code of codes) {
  const d = docResult.per.get(code) ?? { right: 0, total: 0 };
  const s = sentResult.per.get(code) ?? { right: 0, total: 0 };
  console.log(`| ${code} | ${d.total} | ${pct(d.right, d.total)}% | ${s.total} | ${pct(s.right, s.total)}% |`);
}
console.log(`| **all** | ${dt} | **${pct(dr, dt)}%** | ${st} | **${pct(sr, st)}%** |\n`);

const avgChars = docs.reduce((a, d) => a + d.text.length, 0) / docs.length;
console.log('| speed | value |');
console.log('|---|---:|');
console.log(`| documents/s, CPU time (whole raw documents, mean ${Math.round(avgChars)} chars) | ${Math.round((dt * 1000) / docMs.cpu)} |`);
console.log(`| ms per document, CPU time | ${(docMs.cpu / dt).toFixed(3)} |`);
console.log(`| ms per document, wall clock | ${(docMs.wall / dt).toFixed(3)} |`);
console.log(`| sentences/s, CPU time | ${Math.round((st * 1000) / sentMs.cpu)} |\n`);

console.log('| sentence confidence | sentences | accuracy |');
console.log('|---|---:|---:|');
const bins = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0001];
for (let i = 0; i + 1 < bins.length; i++) {
  const inBin = sentResult.calibration.filter(([c]) => c >= bins[i] && c < bins[i + 1]);
  const right = inBin.filter(([, ok]) => ok).length;
  console.log(`| ${bins[i].toFixed(2)}–${Math.min(1, bins[i + 1]).toFixed(2)} | ${inBin.length} | ${pct(right, inBin.length)}% |`);
}
console.log(
  `\nSentences marked reliable: ${sentResult.reliableTotal} of ${st} (${pct(sentResult.reliableTotal, st)}%), ` +
    `accuracy among them ${pct(sentResult.reliableRight, sentResult.reliableTotal)}%.`,
);
const top = [...sentResult.confusions].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(`Most frequent sentence errors: ${top.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`);
const docErrors = [...docResult.confusions].map(([k, n]) => `${k} ${n}`).join(', ');
console.log(`Document errors: ${docErrors || 'none'}.`);

const semeval2023Docs = loadSemeval2023Documents(dataRoot(args));
const semeval2023 = tally(semeval2023Docs);
const semeval2023Sentences = tally(sampleSentences(semeval2023Docs, perLanguage, seed));
const [er, et] = totals(semeval2023.per);
const [esr, est] = totals(semeval2023Sentences.per);
console.log('\n### SemEval-2023 Task 3 articles (training and test, subtasks 1–3, each id once)\n');
console.log('| language | documents | document accuracy | sentences | sentence accuracy |');
console.log('|---|---:|---:|---:|---:|');
for (const code of Object.keys(SEMEVAL2023_FOLDERS)) {
  const d = semeval2023.per.get(code) ?? { right: 0, total: 0 };
  const s = semeval2023Sentences.per.get(code) ?? { right: 0, total: 0 };
  console.log(`| ${code} | ${d.total} | ${pct(d.right, d.total)}% | ${s.total} | ${pct(s.right, s.total)}% |`);
}
console.log(`| **all** | ${et} | **${pct(er, et)}%** | ${est} | **${pct(esr, est)}%** |\n`);
const semevalErrors = [...semeval2023.confusions].map(([k, n]) => `${k} ${n}`).join(', ');
const semevalTop = [...semeval2023Sentences.confusions].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(`Most frequent sentence errors: ${semevalTop.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`);
console.log(`Document errors: ${semevalErrors || 'none'}.`);
