/** The run's tier from --tier, NARRASCOPE_TIER or the config file's "tier", in that order; a bad value names where it came from. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chosenTier } from '../../src/cli/llm-options.js';
import { resolveLlmConfig } from '../../src/llm/config.js';

const saved = { config: process.env.NARRASCOPE_LLM_CONFIG, tier: process.env.NARRASCOPE_TIER };
const dirs: string[] = [];

afterEach(() => {
  for (const [k, v] of [['NARRASCOPE_LLM_CONFIG', saved.config], ['NARRASCOPE_TIER', saved.tier]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
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

describe('chosenTier', () => {
  it('takes the config file\'s tier when neither --tier nor NARRASCOPE_TIER is given', () => {
    delete process.env.NARRASCOPE_TIER;
    delete process.env.NARRASCOPE_LLM_CONFIG;
    expect(chosenTier({})).toBe('fast');
    process.env.NARRASCOPE_LLM_CONFIG = configFile({ tier: 'hybrid', baseUrl: 'http://127.0.0.1:9', model: 'm' });
    expect(chosenTier({})).toBe('hybrid');
    process.env.NARRASCOPE_TIER = 'llm';
    expect(chosenTier({})).toBe('llm');
    expect(chosenTier({ tier: 'fast' })).toBe('fast');
  });

  it('names the config file and its field for a bad tier, and the provider settings ignore the tier', () => {
    delete process.env.NARRASCOPE_TIER;
    const path = configFile({ tier: 'turbo' });
    process.env.NARRASCOPE_LLM_CONFIG = path;
    expect(() => chosenTier({})).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: tier: `));
    expect(resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: configFile({ tier: 'llm' }) } })).toBeUndefined();
  });
});
