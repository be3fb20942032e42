#!/usr/bin/env node
/**
 * The comparison behind the choice of detector in src/lang (docs/language.md): accuracy and speed of
 * candidate libraries on the same documents and sentences as bench/lang-accuracy.mjs, next to
 * narrascope's identifyLanguage. The candidates are not dependencies; install them in a scratch
 * folder and point --modules at its node_modules:
 *
 *   mkdir -p /tmp/lang-candidates && cd /tmp/lang-candidates && npm init -y \
 *     && npm install eld@2.1.0 franc-all@7.2.0 cld3-asm@4.0.0 fasttext.wasm.js@1.0.0 tinyld@1.3.4
 *   npm run build && node bench/lang-candidates.mjs --modules /tmp/lang-candidates/node_modules [--data DIR]
 *
 * Every detector sees the same bounded sample of a document (sampleText: its first 1,000 characters).
 * Candidates that are missing from --modules are skipped. Times are CPU time of this process.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { identifyLanguage, sampleText } from '../dist/lang/index.js';
import { dataRoot, FOLDERS, loadDocuments, sampleSentences } from './lang-data.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--modules');
const modules = at >= 0 ? args[at + 1] : undefined;
if (!modules) {
  console.error('lang-candidates: --modules DIR (a node_modules folder holding the candidates) is required');
  process.exit(1);
}
const requireFrom = createRequire(join(modules, 'noop.js'));
const load = async (specifier) => import(pathToFileURL(specifier.startsWith('/') ? specifier : requireFrom.resolve(specifier)).href);

// franc speaks ISO 639-3; restricted with `only` to the languages a confusion matters for.
const FRANC = { eng: 'en', bul: 'bg', hin: 'hi', por: 'pt', rus: 'ru', ukr: 'uk', srp: 'sr', mkd: 'mk', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', pol: 'pl', mar: 'mr', nep: 'ne' };

const candidates = [
  ['narrascope identifyLanguage (eld XS + markers)', async () => (t) => identifyLanguage(t).code],
  ...['extrasmall', 'small', 'medium', 'large'].map((size) => [
    `eld ${size} alone`,
    async () => {
      const { eld } = await load(join(modules, `eld/src/entries/static.${size}.js`));
      return (t) => eld.detect(t).language;
    },
  ]),
  [
    `franc-all, only ${Object.keys(FRANC).length} languages`,
    async () => {
      const { franc } = await load('franc-all');
      const only = Object.keys(FRANC);
      return (t) => FRANC[franc(t, { only, minLength: 1 })] ?? 'und';
    },
  ],
  ['tinyld', async () => { const { detect } = await load('tinyld'); return (t) => detect(t); }],
  [
    'cld3-asm',
    async () => {
      const { loadModule } = await load('cld3-asm');
      const identifier = (await loadModule()).create(0, 1000);
      return (t) => identifier.findLanguage(t).language;
    },
  ],
  [
    'fasttext.wasm.js (lid.176.ftz)',
    async () => {
      const { getLIDModel } = await load('fasttext.wasm.js');
      const model = await (await getLIDModel()).load();
      return (t) => model.predict(t.replace(/\n/g, ' '), 1, 0).get(0)[1].replace('__label__', '');
    },
  ],
];

const docs = loadDocuments(dataRoot(args)).map((d) => ({ code: d.code, text: sampleText(d.text) }));
const sentences = sampleSentences(loadDocuments(dataRoot(args)), 2000, 42);
const codes = Object.values(FOLDERS);

function measure(detect, items) {
  const right = new Map(codes.map((c) => [c, [0, 0]]));
  const cpu0 = process.cpuUsage();
  for (const { code, text } of items) {
    const r = right.get(code);
    r[1]++;
    if (detect(text) === code) r[0]++;
  }
  const used = process.cpuUsage(cpu0);
  const all = [...right.values()].reduce((a, [x, n]) => [a[0] + x, a[1] + n], [0, 0]);
  return { right, all, ms: (used.user + used.system) / 1000 / items.length };
}
const pct = ([a, n]) => `${((100 * a) / n).toFixed(2)}%`;

console.log(`| detector | documents | sentences | ${codes.map((c) => `${c} sent.`).join(' | ')} | ms/doc | ms/sentence | load s |`);
console.log(`|---|---:|---:|${codes.map(() => '---:').join('|')}|---:|---:|---:|`);
for (const [name, make] of candidates) {
  let detect;
  const t = performance.now();
  try {
    detect = await make();
  } catch (e) {
    console.error(`lang-candidates: skipping ${name}: ${e.message.split('\n')[0]}`);
    continue;
  }
  // narrascope's module is imported up front (it provides sampleText), so its load time is not seen here.
  const loadS = name.startsWith('narrascope') ? '–' : ((performance.now() - t) / 1000).toFixed(2);
  // Best of two passes each: the first also pays for compiling the detector's code.
  const best = (items) => [measure(detect, items), measure(detect, items)].sort((a, b) => a.ms - b.ms)[0];
  const d = best(docs);
  const s = best(sentences);
  console.log(`| ${name} | ${pct(d.all)} | ${pct(s.all)} | ${codes.map((c) => pct(s.right.get(c))).join(' | ')} | ${d.ms.toFixed(3)} | ${s.ms.toFixed(3)} | ${loadS} |`);
}
