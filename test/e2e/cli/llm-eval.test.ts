/**
 * `eval narratives --tier hybrid --provider http` against the scripted chat-completions server: the
 * model line scores what the scripted answers imply (F1 worked out by hand below), and the fast line
 * beside it scores the fast tier on the same articles. Invented articles; spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { TextView } from '../../../src/doc/view.js';
import { narrativeCandidates } from '../../../src/llm/narratives.js';
import { analyzeBatch } from '../../../src/pipeline.js';
import { narrativeModelFor, narrativesAnnotator } from '../../../src/tasks/narratives/annotate.js';
import { subtask2RowOf } from '../../../src/tasks/narratives/io.js';
import { scoreSubtask2 } from '../../../src/tasks/narratives/score.js';
import { json, startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);

/** Three invented articles, each with a word that tells the scripted server which one it is reading. */
const TEXTS: Record<string, string> = {
  'A1.txt': 'Sanctions backfire on Europe\n\nFarmers in the valley say the sanctions on Moscow ruin them while Kyiv gets weapons. Officials in Brussels ignore the harbour of Alderney.',
  'A2.txt': 'NATO blamed for the war\n\nA commentator in Marrowby claims NATO expansion provoked the invasion and that the West wants the war to go on.',
  'A3.txt': 'Glacier tours resume\n\nThe mountain village of Quillon reopened its glacier tours this week after a quiet winter season.',
};
const MARKERS: Record<string, string> = { 'A1.txt': 'Alderney', 'A2.txt': 'Marrowby', 'A3.txt': 'Quillon' };

let dir: string;
let server: ScriptedServer;
let expectedFast: ReturnType<typeof scoreSubtask2>;

const answer = (narratives: { narrative: string; subs: string[] }[], quote: string) => ({
  domain: 'URW',
  narratives: narratives.map((n) => ({ narrative: n.narrative, quotes: [quote], subNarratives: n.subs.map((s) => ({ subNarrative: s, quotes: [quote] })) })),
  dominant: narratives.length
    ? { narrative: narratives[0].narrative, subNarrative: narratives[0].subs[0] ?? 'Other', explanation: 'It blames others.', quotes: [quote] }
    : { narrative: 'Other', subNarrative: 'Other', explanation: '', quotes: [] },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-eval-'));
  const model = narrativeModelFor('en')!;
  // The labels are taxonomy facts, written at run time from the shipped model's lists.
  mkdirSync(join(dir, 'taxonomy'));
  writeFileSync(join(dir, 'taxonomy', 'subtask2_narratives.txt'), `${model.meta.taxonomy.narratives.join('\n')}\n`);
  writeFileSync(join(dir, 'taxonomy', 'subtask2_subnarratives.txt'), `${model.meta.taxonomy.subNarratives.join('\n')}\n`);
  const docsDir = join(dir, 'EN', 'train', 'raw-documents');
  mkdirSync(docsDir, { recursive: true });
  for (const [id, text] of Object.entries(TEXTS)) writeFileSync(join(docsDir, id), text);

  // What the fast tier offers each article in the hybrid tier, as eval computes it (English, training priors).
  const ids = Object.keys(TEXTS);
  const articles = ids.map((id) => createArticle({ raw: TEXTS[id], id, origin: { path: id, format: 'text' } }));
  const { analyses } = analyzeBatch(articles.map((article) => ({ article, language: 'en' })), { annotators: [narrativesAnnotator], priors: 'training' });
  const offered = analyses.map((a, i) => narrativeCandidates(model, new TextView(articles[i].raw, a.cleaning.removed).text, a.narratives));
  const withSub = (c: (typeof offered)[number]) => c.narratives.find((n) => c.subNarratives.some((s) => s.narrative === n.label))!.label;
  const subOf = (c: (typeof offered)[number], n: string) => c.subNarratives.find((s) => s.narrative === n)!.label;
  const n1 = withSub(offered[0]);
  const s1 = subOf(offered[0], n1);
  const m1 = withSub(offered[1]);
  const t1 = subOf(offered[1], m1);
  const m2 = offered[1].narratives.find((n) => n.label !== m1)!.label;
  const t2 = model.meta.taxonomy.subNarratives.find((s) => s.startsWith(`${m1}: `) && s !== t1 && !s.endsWith(': Other'))!;
  const x = offered[2].narratives[0].label;

  // Gold, and the scripted answers:
  //   A1: gold {n1} / {s1}; the model says n1 with s1                      -> coarse 1,   fine 1
  //   A2: gold {m1, m2} / {t1, t2}; the model says m1 with t1 only        -> coarse 2/3, fine 2/3
  //   A3: gold Other / Other; the model says x (no sub-narrative)         -> coarse 0,   fine 0
  // Mean F1 (2/3 + 1) / 3 = 0.556 for both; sd sqrt(((1-5/9)^2 + (2/3-5/9)^2 + (5/9)^2) / 3) = 0.416.
  writeFileSync(
    join(dir, 'EN', 'train', 'subtask-2-annotations.txt'),
    `A1.txt\t${n1}\t${s1}\nA2.txt\t${m1};${m2}\t${t1};${t2}\nA3.txt\tOther\tOther\n`,
  );
  const answers: Record<string, unknown> = {
    'A1.txt': answer([{ narrative: n1, subs: [s1] }], 'the sanctions on Moscow ruin them'),
    'A2.txt': answer([{ narrative: m1, subs: [t1] }], 'NATO expansion provoked the invasion'),
    'A3.txt': answer([{ narrative: x, subs: [] }], 'reopened its glacier tours'),
  };
  server = await startScriptedServer((request) => {
    const user = String(request.body.messages.at(-1).content);
    const id = Object.keys(MARKERS).find((k) => user.includes(MARKERS[k]))!;
    return json(answers[id], { prompt: 500, completion: 60 });
  });
  const fastRows = analyses.map((a, i) => subtask2RowOf(ids[i], a.narratives)!);
  const gold = [
    { id: 'A1.txt', narratives: [n1], subNarratives: [s1] },
    { id: 'A2.txt', narratives: [m1, m2], subNarratives: [t1, t2] },
    { id: 'A3.txt', narratives: ['Other'], subNarratives: ['Other'] },
  ];
  expectedFast = scoreSubtask2(gold, fastRows, model.meta.taxonomy);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('eval narratives --tier hybrid --provider http', () => {
  it('scores the scripted answers as worked out by hand, beside the fast tier on the same articles', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'eval', 'narratives', '--tier', 'hybrid', '--provider', 'http', '--data', dir, '--lang', 'EN'], {
      env: { ...process.env, NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted' },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('EN\thybrid\tF1@coarse 0.556 (0.416)\tF1@fine 0.556 (0.416)\tarticles 3\tfailed 0 (fast labels kept)');
    const f = expectedFast;
    expect(lines[0]).toBe(`EN\tfast\tF1@coarse ${f.coarse.mean.toFixed(3)} (${f.coarse.sd.toFixed(3)})\tF1@fine ${f.fine.mean.toFixed(3)} (${f.fine.sd.toFixed(3)})\tarticles 3`);
    expect(server.requests).toHaveLength(3);
    expect(stderr).toContain('hybrid tier: http:scripted (on this machine)');
    expect(stderr).toMatch(/hybrid tier \(http:scripted\): 3 article\(s\), 3 sent, 0 answer\(s\) cached, 0 failed, 3 call\(s\), 1500 \+ 180 tokens/);
  });
});
