/**
 * The model tier through the HTTP provider against the scripted server, one article per kind of
 * answer: correct, malformed JSON, a label outside the taxonomy, invented quotes, a timeout, a 429 with
 * Retry-After then a correct answer, a 500, a dropped connection. Nothing is lost: every article gets
 * an accounting entry, every failure is named in its analysis, and a failed article keeps its fast labels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { memoryCache } from '../../src/llm/cache.js';
import { HttpProvider } from '../../src/llm/http.js';
import { TierRunner } from '../../src/llm/tier.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import { drop, hang, json, rateLimited, status, text, startScriptedServer, type ScriptedAnswer, type ScriptedServer } from './scripted-server.js';

const NARRATIVE = 'URW: Discrediting the West, Diplomacy';
const QUOTE = 'the sanctions on Moscow ruin them';

const answer = (narrative: string, quote: string) => ({
  domain: 'URW',
  narratives: [{ narrative, quotes: [quote], subNarratives: [] }],
  dominant: { narrative, subNarrative: 'Other', explanation: 'Sanctions are said to hurt Europe.', quotes: [quote] },
});

/** What the server answers for the article naming each town, call by call (the provider retries once). */
const SCRIPT: Record<string, ScriptedAnswer[]> = {
  Alderney: [json(answer(NARRATIVE, QUOTE))],
  Brackenford: [text('{"domain": "URW", "narratives": [')],
  Lowmere: [json(answer('URW: Cheese is the real aggressor', QUOTE))],
  Ashcombe: [json(answer(NARRATIVE, 'a sentence nobody wrote'))],
  Tarnholt: [hang(), hang()],
  Wrenbury: [rateLimited(0), json(answer(NARRATIVE, QUOTE))],
  Quillon: [status(500, 'the model crashed'), status(500, 'the model crashed')],
  Marrowby: [drop(), drop()],
};

let server: ScriptedServer;

beforeAll(async () => {
  const queues = new Map(Object.entries(SCRIPT).map(([town, answers]) => [town, [...answers]]));
  server = await startScriptedServer((request) => {
    const user = String(request.body.messages.at(-1).content);
    const town = [...queues.keys()].find((t) => user.includes(t))!;
    return queues.get(town)!.shift() ?? status(500, 'script exhausted');
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the tier through the HTTP provider, answer by answer', () => {
  it('names every failure in the analysis and keeps the fast labels for it', async () => {
    const items = Object.keys(SCRIPT).map((town) => {
      const article = createArticle({ raw: `Sanctions and ${town}\n\nFarmers in ${town} say ${QUOTE}, and Brussels does not listen.`, origin: { format: 'text' } });
      return { town, article, analysis: analyzeArticle(article) };
    });
    const fast = new Map(items.map((i) => [i.town, structuredClone(i.analysis.narratives)]));
    const provider = new HttpProvider({ baseUrl: server.url, model: 'scripted', timeoutMs: 300, retries: 1, backoffMs: 5 });
    const runner = new TierRunner({ tier: 'llm', provider, cache: memoryCache(), tasks: ['narratives'], concurrency: 4 });
    await runner.apply(items);
    await runner.close();
    const entry = (a: Analysis) => a.models.find((m) => m.tier === 'llm');
    const by = Object.fromEntries(items.map((i) => [i.town, i.analysis]));
    // Nothing lost: one entry per article.
    expect(items.every((i) => entry(i.analysis))).toBe(true);

    for (const town of ['Alderney', 'Wrenbury']) {
      expect(entry(by[town])!.error, town).toBeUndefined();
      expect(by[town].narratives!.narratives[0]).toMatchObject({ label: NARRATIVE, verified: true });
    }
    expect(entry(by.Wrenbury)!.calls).toBe(2);
    expect(by.Ashcombe.narratives!.narratives[0]).toMatchObject({ label: NARRATIVE, verified: false, evidence: [] });
    const failures: Record<string, RegExp> = {
      Brackenford: /^malformed: /,
      Lowmere: /^outside-taxonomy: labels outside the taxonomy: narrative "URW: Cheese is the real aggressor"/,
      Tarnholt: /^timeout: /,
      Quillon: /^server: /,
      Marrowby: /^connection: /,
    };
    for (const [town, kind] of Object.entries(failures)) {
      expect(entry(by[town])!.error, town).toMatch(kind);
      expect(by[town].narratives, town).toEqual(fast.get(town));
      expect(by[town].notes.join('\n'), town).toMatch(/narratives \(llm tier, http:scripted\): .*the fast tier's labels are kept\./);
    }
    expect(runner.totals.failures).toBe(5);
  }, 60_000);
});
