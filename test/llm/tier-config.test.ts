/** The run's tier from --tier, NARRASCOPE_TIER or the config file's "tier", in that order; the fast tier is known without loading anything; a bad value names where it came from. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mayUseModelTier, openTier } from '../../src/cli/llm-options.js';
import { memoryCache } from '../../src/llm/cache.js';
import { configuredTier, resolveLlmConfig } from '../../src/llm/config.js';
import { resolveTier } from '../../src/llm/tiers.js';

const VARS = ['NARRASCOPE_LLM_CONFIG', 'NARRASCOPE_TIER', 'NARRASCOPE_LLM_BASE_URL', 'NARRASCOPE_LLM_MODEL'] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
const dirs: string[] = [];

afterEach(() => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-tier-config-'));
  dirs.push(dir);
  const path = join(dir, 'llm.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('the run\'s tier', () => {
  it('is known to be fast without loading anything unless --tier, NARRASCOPE_TIER or a config file may say otherwise', () => {
    expect(mayUseModelTier({}, {})).toBe(false);
    expect(mayUseModelTier({ tier: 'fast' }, { NARRASCOPE_TIER: 'llm' })).toBe(false);
    expect(mayUseModelTier({}, { NARRASCOPE_TIER: 'fast' })).toBe(false);
    expect(mayUseModelTier({ tier: 'hybrid' }, {})).toBe(true);
    expect(mayUseModelTier({}, { NARRASCOPE_TIER: 'llm' })).toBe(true);
    expect(mayUseModelTier({}, { NARRASCOPE_LLM_CONFIG: '/some/llm.json' })).toBe(true);
  });

  it('takes the config file\'s tier after --tier and NARRASCOPE_TIER', () => {
    const env = { NARRASCOPE_LLM_CONFIG: configFile({ tier: 'hybrid', baseUrl: 'http://127.0.0.1:9', model: 'm' }) };
    expect(configuredTier(env)).toBe('hybrid');
    expect(resolveTier(undefined, {}, configuredTier(env))).toBe('hybrid');
    expect(resolveTier(undefined, { NARRASCOPE_TIER: 'llm' }, configuredTier(env))).toBe('llm');
    expect(resolveTier('fast', {}, configuredTier(env))).toBe('fast');
    expect(configuredTier({})).toBeUndefined();
  });

  it('opens no model when the config file says fast', async () => {
    delete process.env.NARRASCOPE_TIER;
    process.env.NARRASCOPE_LLM_CONFIG = configFile({ tier: 'fast', baseUrl: 'http://127.0.0.1:9', model: 'm' });
    const log: string[] = [];
    expect(await openTier({}, memoryCache, (l) => log.push(l))).toBeUndefined();
    expect(log).toEqual([]);
  });

  it('names the config file and its field for a bad tier, and the provider settings ignore the tier', () => {
    const path = configFile({ tier: 'turbo' });
    expect(() => configuredTier({ NARRASCOPE_LLM_CONFIG: path })).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: tier: `));
    expect(resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: configFile({ tier: 'llm' }) } })).toBeUndefined();
  });

  it('says when article text is sent off this machine, and which model runs', async () => {
    for (const k of VARS) delete process.env[k];
    process.env.NARRASCOPE_LLM_BASE_URL = 'https://api.example.com/v1';
    process.env.NARRASCOPE_LLM_MODEL = 'hosted-model';
    const log: string[] = [];
    const remote = await openTier({ tier: 'llm' }, memoryCache, (l) => log.push(l));
    await remote!.close();
    process.env.NARRASCOPE_LLM_BASE_URL = 'http://127.0.0.1:9';
    const local = await openTier({ tier: 'hybrid' }, memoryCache, (l) => log.push(l));
    await local!.close();
    expect(log).toEqual(['llm tier: http:hosted-model — article text is sent to a remote endpoint, off this machine', 'hybrid tier: http:hosted-model (on this machine)']);
  });
});
