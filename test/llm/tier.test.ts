/** The language-model tier over fast analyses, with a scripted provider object: labels, quotes, cache, failures, budget and accounting. */
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { memoryCache } from '../../src/llm/cache.js';
import { narrativeCandidates } from '../../src/llm/narratives.js';
import { LlmError, type ChatRequest, type ChatResponse, type LlmProvider } from '../../src/llm/provider.js';
import { TierRunner, type TierOptions } from '../../src/llm/tier.js';
import { resolveTier } from '../../src/llm/tiers.js';
import { TextView } from '../../src/doc/view.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { narrativeModelFor } from '../../src/tasks/narratives/annotate.js';
import { AnalysisSchema, type Analysis } from '../../src/schema.js';
import { isOtherSub, parentOf } from '../../src/tasks/narratives/taxonomy.js';

const RAW =
  'Western sanctions hurt Europe more than Moscow\n\n' +
  'Officials in Brussels admitted on Monday that the sanctions are hurting European farmers more than anyone in Moscow. ' +
  'The minister said the West keeps sending weapons to Kyiv while prices climb at home. ' +
  'Critics argue that NATO provoked the conflict and that Ukraine cannot win.';

// A war-domain narrative and one of its specific sub-narratives, as the shipped English model's taxonomy names them.
const TAXONOMY = narrativeModelFor('en')!.meta.taxonomy;
const SUB = TAXONOMY.subNarratives.find((s) => s.startsWith('URW: ') && !isOtherSub(s) && parentOf(s, TAXONOMY.narratives) !== null)!;
const NARRATIVE = parentOf(SUB, TAXONOMY.narratives)!;
const QUOTE = 'the sanctions are hurting European farmers more than anyone in Moscow';

type Answer = (request: ChatRequest, index: number) => unknown;

/** A provider object answering each request with `answer`'s JSON (or throwing what it throws), counting calls. */
function fakeProvider(answer: Answer): LlmProvider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    kind: 'fake',
    modelId: 'fake:model-1',
    remote: false,
    requests,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      requests.push(request);
      const json = answer(request, requests.length - 1);
      return { json, text: JSON.stringify(json), usage: { promptTokens: 100, completionTokens: 20 }, ms: 5, calls: 1 };
    },
    async close() {},
  };
}

const isNarratives = (r: ChatRequest) => r.schemaName === 'narratives';

function narrativeAnswer(quotes: string[], narrative = NARRATIVE, sub = SUB) {
  return {
    domain: 'URW',
    narratives: [{ narrative, quotes, subNarratives: [{ subNarrative: sub, quotes }] }],
    dominant: { narrative, subNarrative: sub, explanation: 'The text says sanctions harm Europe itself. '.repeat(20), quotes },
  };
}

function analysed(raw = RAW): { article: ReturnType<typeof createArticle>; analysis: Analysis } {
  const article = createArticle({ raw, origin: { format: 'text' } });
  return { article, analysis: analyzeArticle(article) };
}

function runner(provider: LlmProvider, o: Partial<TierOptions> = {}): TierRunner {
  return new TierRunner({ tier: 'llm', provider, cache: memoryCache(), tasks: ['narratives'], ...o });
}

describe('resolveTier', () => {
  it('is fast unless asked, the flag first, then NARRASCOPE_TIER, then the config file', () => {
    expect(resolveTier(undefined, {})).toBe('fast');
    expect(resolveTier(undefined, {}, 'hybrid')).toBe('hybrid');
    expect(resolveTier(undefined, { NARRASCOPE_TIER: 'llm' }, 'hybrid')).toBe('llm');
    expect(resolveTier('hybrid', { NARRASCOPE_TIER: 'llm' })).toBe('hybrid');
    expect(() => resolveTier(undefined, { NARRASCOPE_TIER: 'turbo' })).toThrow(/NARRASCOPE_TIER: unknown tier "turbo"/);
    expect(() => resolveTier('big', {})).toThrow(/--tier: unknown tier "big"/);
  });
});

describe('the llm tier on narratives', () => {
  it('replaces the section with the model labels, quotes verified and mapped to raw offsets, and records the cost', async () => {
    const provider = fakeProvider(() => narrativeAnswer([QUOTE, 'a sentence the article never had']));
    const item = analysed();
    await runner(provider).apply([item]);
    const n = item.analysis.narratives!;
    expect(n.narratives.map((x) => x.label)).toEqual([NARRATIVE]);
    expect(n.narratives[0]).toMatchObject({ tier: 'llm', model: 'fake:model-1', verified: true, score: 1 });
    const ev = n.narratives[0].evidence;
    expect(ev).toHaveLength(1);
    expect(RAW.slice(ev[0].start, ev[0].end)).toBe(QUOTE);
    expect(n.subNarratives.map((s) => s.label)).toEqual([SUB]);
    expect(n.semeval).toEqual({ narratives: [NARRATIVE], subNarratives: [SUB] });
    expect(n.dominant!.explanation.split(/\s+/).filter((w) => w !== '…').length).toBe(80);
    expect(n.dominant).toMatchObject({ narrative: NARRATIVE, subNarrative: SUB, verified: true });
    const entry = item.analysis.models.find((m) => m.tier === 'llm')!;
    expect(entry).toMatchObject({ task: 'narratives', model: 'fake:model-1', promptTokens: 100, completionTokens: 20, calls: 1, cached: false });
    expect(entry.version).toMatch(/^narratives-llm-p\d+$/);
    expect(AnalysisSchema.safeParse(item.analysis).success).toBe(true);
    // The whole taxonomy is listed in the llm tier.
    expect(provider.requests[0].messages[1].content).toContain('Domain CC:');
  });

  it('marks a label whose quotes are all invented as unverified', async () => {
    const item = analysed();
    await runner(fakeProvider(() => narrativeAnswer(['Moscow welcomed the sanctions warmly']))).apply([item]);
    expect(item.analysis.narratives!.narratives[0]).toMatchObject({ verified: false, evidence: [] });
  });

  it('takes a second run over the same article from the cache: no call, same section', async () => {
    const provider = fakeProvider(() => narrativeAnswer([QUOTE]));
    const cache = memoryCache();
    const first = analysed();
    await runner(provider, { cache }).apply([first]);
    const second = analysed();
    const again = runner(provider, { cache });
    await again.apply([second]);
    expect(provider.requests).toHaveLength(1);
    expect(second.analysis.narratives).toEqual(first.analysis.narratives);
    expect(second.analysis.models.find((m) => m.tier)).toMatchObject({ cached: true, calls: 0, promptTokens: 100 });
    expect(again.totals).toMatchObject({ cached: 1, sent: 0, calls: 0 });
  });

  it('keeps the fast labels and names the failure for labels outside the taxonomy', async () => {
    const item = analysed();
    const fast = structuredClone(item.analysis.narratives);
    await runner(fakeProvider(() => narrativeAnswer([QUOTE], 'URW: The moon is made of cheese'))).apply([item]);
    expect(item.analysis.narratives).toEqual(fast);
    const entry = item.analysis.models.find((m) => m.tier)!;
    expect(entry.error).toMatch(/^outside-taxonomy: labels outside the taxonomy: narrative "URW: The moon is made of cheese"/);
    expect(item.analysis.notes.join('\n')).toMatch(/narratives \(llm tier, fake:model-1\): outside-taxonomy: .*the fast tier's labels are kept/);
  });

  it('keeps the fast labels on a provider error, and does not cache it (a rerun asks again)', async () => {
    let fail = true;
    const provider = fakeProvider(() => {
      if (fail) throw new LlmError('timeout', 'no answer within 60 s', 3);
      return narrativeAnswer([QUOTE]);
    });
    const cache = memoryCache();
    const item = analysed();
    const fast = structuredClone(item.analysis.narratives);
    const r = runner(provider, { cache });
    await r.apply([item]);
    expect(item.analysis.narratives).toEqual(fast);
    expect(item.analysis.models.find((m) => m.tier)).toMatchObject({ error: 'timeout: no answer within 60 s', calls: 3 });
    expect(r.totals).toMatchObject({ failures: 1, calls: 3 });
    fail = false;
    const rerun = analysed();
    await runner(provider, { cache }).apply([rerun]);
    expect(provider.requests).toHaveLength(2);
    expect(rerun.analysis.narratives!.narratives[0].tier).toBe('llm');
  });

  it('names a malformed answer the provider let through', async () => {
    const item = analysed();
    await runner(fakeProvider(() => ({ domain: 'URW' }))).apply([item]);
    expect(item.analysis.models.find((m) => m.tier)!.error).toMatch(/^malformed: /);
  });

  it('sends no more articles than the budget allows; the others keep the fast tier', async () => {
    const provider = fakeProvider(() => narrativeAnswer([QUOTE]));
    const items = [analysed(), analysed(`${RAW}\nA second copy with one more line.`), analysed(`${RAW}\nA third copy.`)];
    const r = runner(provider, { budget: { articles: 2 }, concurrency: 1 });
    await r.apply(items);
    expect(provider.requests).toHaveLength(2);
    expect(r.totals).toMatchObject({ articles: 3, sent: 2, overBudget: 1 });
    expect(items[2].analysis.notes.join(' ')).toMatch(/budget was spent/);
    expect(items[2].analysis.models.some((m) => m.tier)).toBe(false);
  });

  it('stops at the token budget', async () => {
    const provider = fakeProvider(() => narrativeAnswer([QUOTE]));
    const r = runner(provider, { budget: { tokens: 100 }, concurrency: 1 });
    await r.apply([analysed(), analysed(`${RAW}\nAnother copy.`)]);
    expect(provider.requests).toHaveLength(1);
    expect(r.totals.overBudget).toBe(1);
  });
});

describe('the hybrid tier on narratives', () => {
  it('offers the fast tier\'s top candidates and leaves out labels it did not offer', async () => {
    const item = analysed();
    const model = narrativeModelFor('en')!;
    const clean = new TextView(item.article.raw, item.analysis.cleaning.removed).text;
    const c = narrativeCandidates(model, clean, item.analysis.narratives);
    expect(c.narratives.length).toBeGreaterThanOrEqual(5);
    const offered = c.narratives[0].label;
    const notOffered = model.meta.taxonomy.narratives.find((n) => n !== 'Other' && !c.narratives.some((x) => x.label === n))!;
    const provider = fakeProvider(() => ({
      domain: 'URW',
      narratives: [
        { narrative: offered, quotes: [QUOTE], subNarratives: [] },
        { narrative: notOffered, quotes: [QUOTE], subNarratives: [] },
      ],
      dominant: { narrative: offered, subNarrative: 'Other', explanation: 'Short.', quotes: [] },
    }));
    await runner(provider, { tier: 'hybrid' }).apply([item]);
    const prompt = provider.requests[0].messages[1].content;
    expect(prompt).toContain(offered);
    expect(prompt).not.toContain('Domain CC:');
    expect(item.analysis.narratives!.narratives.map((n) => n.label)).toEqual([offered]);
    expect(item.analysis.narratives!.semeval).toEqual({ narratives: [offered], subNarratives: [`${offered}: Other`] });
    expect(item.analysis.notes.join(' ')).toContain(`outside the fast tier's candidates were left out: ${notOffered}`);
    expect(item.analysis.models.find((m) => m.tier)!.version).toMatch(/^narratives-hybrid-p\d+\+/);
  });
});

describe('the model tier on entities', () => {
  it('gives the answered entities the model\'s roles and leaves the others as the fast tier had them', async () => {
    const item = analysed();
    const fast = item.analysis.entities ?? [];
    expect(fast.length).toBeGreaterThan(1);
    const target = fast[0];
    const provider = fakeProvider(() => ({ entities: [{ name: target.name.toUpperCase(), mainRole: 'Innocent', fineRoles: ['Victim'], quotes: [QUOTE] }] }));
    await new TierRunner({ tier: 'hybrid', provider, cache: memoryCache(), tasks: ['entities'] }).apply([item]);
    const [first, ...rest] = item.analysis.entities!;
    expect(first).toMatchObject({ name: target.name, mainRole: 'Innocent', fineRoles: [{ role: 'Victim', score: 1 }], tier: 'hybrid', verified: true });
    expect(rest).toEqual(fast.slice(1));
    expect(provider.requests[0].messages[1].content).toContain('a fast classifier suggests');
  });

  it('keeps the fast roles for a fine role of another main role, and names it', async () => {
    const item = analysed();
    const fast = structuredClone(item.analysis.entities);
    const name = fast![0].name;
    await new TierRunner({ tier: 'llm', provider: fakeProvider(() => ({ entities: [{ name, mainRole: 'Protagonist', fineRoles: ['Victim'], quotes: [] }] })), cache: memoryCache(), tasks: ['entities'] }).apply([item]);
    expect(item.analysis.entities).toEqual(fast);
    expect(item.analysis.models.find((m) => m.tier)!.error).toMatch(/outside-taxonomy: roles outside the taxonomy: fine role "Victim" .*\(a role of Innocent, not Protagonist\)/);
  });
});
