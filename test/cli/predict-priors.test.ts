/** `predict narratives|techniques|genre --priors batch|training` on folders of invented articles, with the repository's models. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTaskCommands } from '../../src/cli/tasks.js';
import { analyzeDoc } from '../../src/pipeline.js';
import { readSources } from '../../src/ingest/index.js';
import { semevalId } from '../../src/export/formats.js';
import { formatSubtask2, subtask2RowOf, type Subtask2Row } from '../../src/tasks/narratives/io.js';
import { TASKS } from '../../src/tasks/registry.js';

afterEach(() => vi.restoreAllMocks());

/** Runs one command line; its stdout and stderr. */
async function run(args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  // Subcommands inherit exitOverride: a bad option value throws instead of ending the process.
  const program = new Command().exitOverride();
  await registerTaskCommands(program);
  await program.parseAsync(['node', 'narrascope', ...args]);
  process.exitCode = undefined;
  return { out: out.join(''), err: err.join('') };
}

const EN_OPENINGS = [
  'The city council voted on Tuesday to extend the tram line to the harbour district.',
  'Officials warned that the new sanctions would raise fuel prices across the region this winter.',
  'A coalition of farmers blocked the motorway to protest against the import quotas.',
  'The minister claimed that the climate targets are a plot to ruin honest industry.',
  'Scientists reported that the glacier lost a record amount of ice over the summer.',
  'The opposition accused the government of hiding the true cost of the military aid.',
];
const EN_CLOSINGS = [
  'Residents said they would wait and see whether the promises are kept.',
  'Critics called the plan reckless, shameful and a betrayal of ordinary families.',
  'The report will be discussed by the parliamentary committee next month.',
  'Protesters vowed to return every week until their demands are heard.',
];

/** `n` invented English news articles, article<id>.txt, two paragraphs after a title. */
function englishFolder(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-predict-priors-en-'));
  for (let a = 0; a < n; a++) {
    const text = `Invented report number ${a}\n\n${EN_OPENINGS[a % EN_OPENINGS.length]} ${EN_OPENINGS[(a + 2) % EN_OPENINGS.length]}\n\n${EN_CLOSINGS[a % EN_CLOSINGS.length]}\n`;
    writeFileSync(join(dir, `article${7100 + a}.txt`), text);
  }
  return dir;
}

const FR_LOADED = ['Quelle honte, ces traîtres scandaleux nous mentent encore!', 'Un scandale honteux, une trahison révoltante de nos élus!', 'Ces menteurs arrogants détruisent notre pays sans vergogne!'];
const FR_PLAIN = ['La boulangerie du quartier ouvre à neuf heures.', 'Le conseil municipal se réunit mardi soir.', 'Le prix du pain a augmenté de deux pour cent en mars.'];

/** `n` invented French articles (a title and four paragraphs) and their subtask-3 template. */
function frenchFolder(n: number): { dir: string; template: string } {
  const root = mkdtempSync(join(tmpdir(), 'narrascope-predict-priors-fr-'));
  const dir = join(root, 'articles');
  mkdirSync(dir);
  const rows: string[] = [];
  for (let a = 0; a < n; a++) {
    const id = `88${String(a).padStart(3, '0')}`;
    const body = [FR_LOADED[a % 3], FR_PLAIN[a % 3], a % 4 === 0 ? FR_LOADED[(a + 1) % 3] : FR_PLAIN[(a + 1) % 3], FR_PLAIN[(a + 2) % 3]];
    writeFileSync(join(dir, `article${id}.txt`), `Titre inventé ${a}\n\n${body.join('\n')}\n`);
    body.forEach((p, k) => rows.push(`${id}\t${k + 3}\t${p}`));
  }
  const template = join(root, 'fr.template');
  writeFileSync(template, `${rows.join('\n')}\n`);
  return { dir, template };
}

describe('predict narratives --priors', () => {
  it('by default writes what the pipeline decides article by article, the same as --priors training', async () => {
    const dir = englishFolder(4);
    const byDefault = await run(['predict', 'narratives', dir, '--lang', 'en']);
    const training = await run(['predict', 'narratives', dir, '--lang', 'en', '--priors', 'training']);
    const annotators = TASKS.filter((t) => t.id === 'narratives');
    const rows: Subtask2Row[] = [];
    for await (const item of readSources([dir])) {
      if (!item.ok) continue;
      const row = subtask2RowOf(semevalId(item.article), analyzeDoc(item.article, { annotators, language: 'en' }).analysis.narratives);
      if (row) rows.push(row);
    }
    expect(rows).toHaveLength(4);
    expect(byDefault.out).toBe(formatSubtask2(rows));
    expect(training.out).toBe(byDefault.out);
    expect(byDefault.err).not.toMatch(/priors/);
  }, 120_000);

  it('with --priors batch estimates the folder priors from 20 articles or more and names them on stderr', async () => {
    const r = await run(['predict', 'narratives', englishFolder(22), '--lang', 'en', '--priors', 'batch']);
    expect(r.out.trim().split('\n')).toHaveLength(22);
    expect(r.err).toMatch(/narratives priors \(batch\): en: decided under this batch's label mix \(22 articles\)/);
  }, 120_000);

  it('keeps the training priors for a folder of fewer than 20 articles, and says so', async () => {
    const dir = englishFolder(3);
    const batch = await run(['predict', 'narratives', dir, '--lang', 'en', '--priors', 'batch']);
    const training = await run(['predict', 'narratives', dir, '--lang', 'en', '--priors', 'training']);
    expect(batch.out).toBe(training.out);
    expect(batch.err).toMatch(/narratives: training label priors kept for 3 en article\(s\) \(fewer than 20\)/);
  }, 120_000);

  it('names the option when its value is not batch or training', async () => {
    await expect(run(['predict', 'narratives', englishFolder(1), '--priors', 'sometimes'])).rejects.toThrow(/--priors.*sometimes.*batch, training/);
  });
});

describe('predict techniques --priors', () => {
  it('by default and with --priors training writes the same rows', async () => {
    const { dir, template } = frenchFolder(6);
    const byDefault = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr']);
    const training = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr', '--priors', 'training']);
    expect(byDefault.out.trim().split('\n')).toHaveLength(24);
    expect(training.out).toBe(byDefault.out);
    expect(byDefault.err).not.toMatch(/priors/);
  }, 60_000);

  it('with --priors batch decides every template row under the folder priors and prints them', async () => {
    const { dir, template } = frenchFolder(24);
    const r = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr', '--priors', 'batch']);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(96);
    expect(lines[0]).toMatch(/^88000\t3\t/);
    const training = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr', '--priors', 'training']);
    // This folder's technique mix is far from training's: some decisions change.
    expect(r.out).not.toBe(training.out);
    expect(r.err).toMatch(/techniques priors \(batch, 24 fr articles\): \S+ \d\.\d{3} \(training \d\.\d{3}\)/);
  }, 60_000);

  it('keeps the training priors for fewer than 20 articles', async () => {
    const { dir, template } = frenchFolder(5);
    const batch = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr', '--priors', 'batch']);
    const training = await run(['predict', 'techniques', dir, '--template', template, '--lang', 'fr']);
    expect(batch.out).toBe(training.out);
    expect(batch.err).toMatch(/training label priors kept for 5 fr article\(s\) \(fewer than 20\)/);
  }, 60_000);

  it('refuses --priors batch for the PTC formats, and a bad value, naming the option', async () => {
    const { dir } = frenchFolder(1);
    await expect(run(['predict', 'techniques', dir, '--format', 'ptc-si', '--priors', 'batch'])).rejects.toThrow(/--priors batch applies to --format semeval2023 only, not ptc-si/);
    await expect(run(['predict', 'techniques', dir, '--priors', 'often'])).rejects.toThrow(/--priors.*often/);
  });
});

describe('predict genre --priors', () => {
  it('estimates the folder mix by default, keeps the training mix with --priors training, and names a bad value', async () => {
    const dir = englishFolder(5);
    const byDefault = await run(['predict', 'genre', dir]);
    const batch = await run(['predict', 'genre', dir, '--priors', 'batch']);
    const training = await run(['predict', 'genre', dir, '--priors', 'training']);
    expect(byDefault.err).toMatch(/genre priors \(batch\): \w+ \d\.\d{3}/);
    expect(byDefault.out).toBe(batch.out);
    expect(byDefault.out.trim().split('\n')).toHaveLength(5);
    expect(training.err).toMatch(/genre priors \(training\): \w+ \d\.\d{3}/);
    await expect(run(['predict', 'genre', dir, '--priors', 'never'])).rejects.toThrow(/--priors.*never/);
  }, 60_000);
});
