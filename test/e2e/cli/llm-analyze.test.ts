/**
 * `analyze --tier hybrid` against the scripted chat-completions server: the report marks the model's
 * labels (and the unverified ones), the JSON carries tier, model, verified and the cost per article,
 * and an article whose answer is malformed keeps its fast labels with the failure named. Invented
 * articles; spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/schema.js';
import { json, text, startScriptedServer, type RecordedRequest, type ScriptedServer } from '../../llm/scripted-server.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);

const GOOD = 'Sanctions hurt Brackenford more than Moscow\n\nFarmers in Brackenford say the sanctions on Moscow ruin them while Kyiv gets weapons. NATO provoked the war, a councillor claimed.';
const BROKEN = 'Ferry dispute in Lowmere\n\nThe ferry to Lowmere will run twice a day, the council said on Monday after a long dispute.';

let dir: string;
let server: ScriptedServer;

/** The first narrative the hybrid prompt offers: its listed line "  - <label> (0.12)". */
function firstCandidate(r: RecordedRequest): string {
  return /^ {2}- (.+) \(\d\.\d\d\)$/m.exec(String(r.body.messages.at(-1).content))![1];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-analyze-'));
  writeFileSync(join(dir, 'a-good.txt'), GOOD);
  writeFileSync(join(dir, 'b-broken.txt'), BROKEN);
  server = await startScriptedServer((request) => {
    const system = String(request.body.messages[0].content);
    const user = String(request.body.messages.at(-1).content);
    if (user.includes('Lowmere')) return text('{"domain": "URW", "narratives": [');
    if (!system.includes('propaganda narratives')) return json({ entities: [] });
    const label = firstCandidate(request);
    return json({
      domain: 'URW',
      narratives: [{ narrative: label, quotes: ['the sanctions on Moscow ruin them'], subNarratives: [] }],
      dominant: { narrative: label, subNarrative: 'Other', explanation: 'The article says the sanctions harm the farmers who impose them.', quotes: ['a quote the article does not have'] },
    });
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted', NARRASCOPE_TIER: 'hybrid' });

describe('analyze --tier hybrid', () => {
  it('writes the model labels with their tier, verification and cost, and names a failed answer', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'analyze', '--json', '--lang', 'en', dir], { env: env() });
    const [good, broken] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Analysis);
    const n = good.narratives!;
    expect(n.narratives).toHaveLength(1);
    expect(n.narratives[0]).toMatchObject({ tier: 'hybrid', model: 'http:scripted', verified: true });
    expect(GOOD.slice(n.narratives[0].evidence[0].start, n.narratives[0].evidence[0].end)).toBe('the sanctions on Moscow ruin them');
    expect(n.dominant).toMatchObject({ verified: false, evidence: [], tier: 'hybrid' });
    const cost = good.models.find((m) => m.task === 'narratives' && m.tier)!;
    expect(cost).toMatchObject({ model: 'http:scripted', calls: 1, cached: false });
    expect(cost.promptTokens).toBeGreaterThan(0);

    expect(broken.narratives!.narratives.every((x) => x.tier === undefined)).toBe(true);
    expect(broken.models.find((m) => m.task === 'narratives' && m.tier)!.error).toMatch(/^malformed: /);
    expect(broken.notes.join('\n')).toMatch(/narratives \(hybrid tier, http:scripted\): malformed: .*the fast tier's labels are kept/);
  });

  it('marks the model\'s labels in the report, and says which model ran and that it is on this machine', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'analyze', '--lang', 'en', '--no-color', join(dir, 'a-good.txt')], { env: env() });
    expect(stdout).toMatch(/● .+ model\n/);
    expect(stdout).toContain('Explanation (model): The article says the sanctions harm the farmers who impose them.');
    expect(stderr).toContain('hybrid tier: http:scripted (on this machine)');
    expect(stderr).toMatch(/hybrid tier \(http:scripted\): 1 article\(s\), 1 sent/);
  });
});
