/**
 * The model tier on a real engine: node-llama-cpp runs the tiny random GGUF model (tiny-gguf.ts). Its
 * answers mean nothing but are grammar-constrained JSON, so the tier's paths run for real: labels
 * outside the taxonomy or cut-off answers named as failures with the fast labels kept, quotes rejected
 * (labels unverified), answers cached and accounted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { memoryCache } from '../../src/llm/cache.js';
import { openGgufProvider, type GgufProvider } from '../../src/llm/gguf.js';
import { TierRunner } from '../../src/llm/tier.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { AnalysisSchema } from '../../src/schema.js';
import { writeTinyGguf } from './tiny-gguf.js';

const RAW = 'Ferry row in Lowmere\n\nMayor Elin Varga said the Lowmere ferry would run twice a day. The opposition in Lowmere called it a waste.';

let dir: string;
let provider: GgufProvider;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-tier-gguf-'));
  // One thread: llama.cpp's waiting threads spin, and the tests share the machine's cores.
  provider = await openGgufProvider({ path: writeTinyGguf(join(dir, 'tiny.gguf')), contextSize: 8192, threads: 1, concurrency: 1 });
}, 120_000);

afterAll(async () => {
  await provider?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the llm tier on the tiny GGUF model', () => {
  it('names every unusable answer, keeps the fast labels then, marks found labels unverified, and caches what it got', async () => {
    const article = createArticle({ raw: RAW, origin: { format: 'text' } });
    const analysis = analyzeArticle(article);
    const fast = structuredClone(analysis);
    const cache = memoryCache();
    const runner = new TierRunner({ tier: 'llm', provider, cache });
    await runner.apply([{ article, analysis }]);
    const entries = analysis.models.filter((m) => m.tier === 'llm');
    expect(entries.map((m) => m.task).sort()).toEqual(['entities', 'narratives'].filter((t) => t === 'narratives' || (fast.entities ?? []).length > 0).sort());
    for (const e of entries) {
      expect(e.model).toMatch(/^gguf:[0-9a-f]{16}$/);
      if (e.error) {
        expect(e.error).toMatch(/^(malformed|outside-taxonomy|unknown-entity|server|engine|timeout): /);
        expect(analysis[e.task as 'narratives' | 'entities']).toEqual(fast[e.task as 'narratives' | 'entities']);
      } else {
        // A random model cannot quote the article: whatever it labelled is unverified.
        const labels = e.task === 'narratives' ? analysis.narratives!.narratives : analysis.entities!.filter((x) => x.tier);
        for (const l of labels) expect(l.verified).toBe(false);
      }
    }
    expect(analysis.notes.length).toBeGreaterThanOrEqual(fast.notes.length + entries.filter((e) => e.error).length);
    expect(AnalysisSchema.safeParse(analysis).success).toBe(true);
    expect(runner.totals.calls).toBeGreaterThan(0);

    // Again with the same cache: answers that came back are not asked for again.
    const again = analyzeArticle(article);
    const rerun = new TierRunner({ tier: 'llm', provider, cache });
    await rerun.apply([{ article, analysis: again }]);
    const answered = entries.filter((e) => !/^(server|engine|timeout|malformed)/.test(e.error ?? '')).length;
    expect(rerun.totals.cached).toBe(answered);
  }, 300_000);
});
