/** Provider settings from flags, environment variables and a config file: precedence, inference of the provider, and errors that name the setting. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProvider, describeLlmConfig, resolveLlmConfig } from '../../src/llm/config.js';
import { HttpProvider } from '../../src/llm/http.js';
import { LlmError } from '../../src/llm/provider.js';
import { startScriptedServer, json } from './scripted-server.js';
import { writeTinyGguf } from './tiny-gguf.js';

const dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function configError(f: () => unknown): LlmError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    expect((e as LlmError).kind).toBe('config');
    return e as LlmError;
  }
  throw new Error('expected a config error');
}

describe('resolveLlmConfig', () => {
  it('is undefined when nothing is configured, so the fast tier runs alone', () => {
    expect(resolveLlmConfig({ env: {} })).toBeUndefined();
    expect(resolveLlmConfig({ env: { NARRASCOPE_LLM_MODEL: 'm' } })).toBeUndefined();
  });

  it('reads the HTTP provider from the environment, inferring the provider from the base URL', () => {
    const config = resolveLlmConfig({
      env: {
        NARRASCOPE_LLM_BASE_URL: 'http://127.0.0.1:8080',
        NARRASCOPE_LLM_MODEL: 'qwen2.5-7b-instruct',
        NARRASCOPE_LLM_API_KEY: 'sk-env',
        NARRASCOPE_LLM_TIMEOUT_MS: '30000',
        NARRASCOPE_LLM_RETRIES: '0',
        NARRASCOPE_LLM_CONCURRENCY: '3',
        NARRASCOPE_LLM_RESPONSE_FORMAT: 'prompt',
      },
    });
    expect(config).toEqual({
      provider: 'http',
      http: { baseUrl: 'http://127.0.0.1:8080', model: 'qwen2.5-7b-instruct', apiKey: 'sk-env', responseFormat: 'prompt', retries: 0, timeoutMs: 30000, concurrency: 3 },
    });
    expect(describeLlmConfig(config!)).toBe('http http://127.0.0.1:8080 model qwen2.5-7b-instruct (API key set)');
    expect(describeLlmConfig(config!)).not.toContain('sk-env');
  });

  it('lets flags win over the environment, and the environment over the config file', () => {
    const file = configFile('both.json', { provider: 'http', baseUrl: 'http://10.0.0.5:8000', model: 'from-file', timeoutMs: 1000, concurrency: 4 });
    const config = resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: file, NARRASCOPE_LLM_MODEL: 'from-env', NARRASCOPE_LLM_TIMEOUT_MS: '2000' }, flags: { timeoutMs: 3000 } });
    expect(config).toMatchObject({ provider: 'http', http: { baseUrl: 'http://10.0.0.5:8000', model: 'from-env', timeoutMs: 3000, concurrency: 4 } });
    const chosen = resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: file, NARRASCOPE_LLM_GGUF: '/models/a.gguf' }, flags: { provider: 'gguf' } });
    expect(chosen).toEqual({ provider: 'gguf', gguf: { path: '/models/a.gguf', contextSize: undefined, threads: undefined, timeoutMs: 1000, concurrency: 4 } });
  });

  it('reads the GGUF provider from NARRASCOPE_LLM_GGUF with its engine settings', () => {
    const config = resolveLlmConfig({ env: { NARRASCOPE_LLM_GGUF: '/models/b.gguf', NARRASCOPE_LLM_THREADS: '2', NARRASCOPE_LLM_CONTEXT_SIZE: '8192' } });
    expect(config).toMatchObject({ provider: 'gguf', gguf: { path: '/models/b.gguf', threads: 2, contextSize: 8192 } });
    expect(describeLlmConfig(config!)).toBe('gguf /models/b.gguf');
  });

  it('names the missing setting and where to set it', () => {
    const noModel = configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_BASE_URL: 'http://127.0.0.1:8080' } }));
    expect(noModel.message).toMatch(/needs the model name .*NARRASCOPE_LLM_MODEL, "model" in the config file/);
    const noFile = configError(() => resolveLlmConfig({ env: {}, flags: { provider: 'gguf' } }));
    expect(noFile.message).toMatch(/gguf provider needs the GGUF model file: set NARRASCOPE_LLM_GGUF/);
    const both = configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_BASE_URL: 'http://127.0.0.1:8080', NARRASCOPE_LLM_GGUF: '/m.gguf' } }));
    expect(both.message).toMatch(/choose one with NARRASCOPE_LLM_PROVIDER=http\|gguf or --provider/);
  });

  it('names the bad variable, flag, or file field and its value (but never the key)', () => {
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_PROVIDER: 'openai' } })).message).toMatch(/^NARRASCOPE_LLM_PROVIDER="openai": Invalid option/);
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_TIMEOUT_MS: 'soon' } })).message).toMatch(/NARRASCOPE_LLM_TIMEOUT_MS="soon": not a number/);
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_CONCURRENCY: '0' } })).message).toMatch(/NARRASCOPE_LLM_CONCURRENCY=0: /);
    expect(configError(() => resolveLlmConfig({ env: {}, flags: { provider: 'ollama' } })).message).toMatch(/^--provider="ollama"/);
    const unknown = configFile('unknown.json', { provider: 'http', baseUrl: 'http://127.0.0.1:1', model: 'm', temprature: 0.2 });
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: unknown } })).message).toMatch(/unknown\.json: temprature: Unrecognized key/);
    const badType = configFile('bad-type.json', { retries: 'many' });
    expect(configError(() => resolveLlmConfig({ env: {}, flags: { config: badType } })).message).toMatch(/bad-type\.json: retries: /);
    const notJson = configFile('not-json.json', '{ provider: http }');
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: notJson } })).message).toMatch(/not-json\.json cannot be read as JSON/);
    expect(configError(() => resolveLlmConfig({ env: { NARRASCOPE_LLM_CONFIG: join(dir, 'absent.json') } })).message).toMatch(/absent\.json cannot be read/);
  });
});

describe('createProvider', () => {
  it('says how to configure a model when none is', async () => {
    await expect(createProvider({}, {})).rejects.toThrow(/no language model is configured: set NARRASCOPE_LLM_BASE_URL/);
  });

  it('opens the HTTP provider that answers from the configured server', async () => {
    const server = await startScriptedServer([json({ ok: true })]);
    try {
      const provider = await createProvider({ provider: 'http' }, { NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted' });
      expect(provider).toBeInstanceOf(HttpProvider);
      const answer = await provider.chat({ messages: [{ role: 'user', content: 'ok?' }], schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }, schemaName: 'ok' });
      expect(answer.json).toEqual({ ok: true });
      expect(provider.modelId).toBe('http:scripted');
      await provider.close();
    } finally {
      await server.close();
    }
  });

  it('opens the GGUF provider from a model file', async () => {
    const path = writeTinyGguf(join(dir, 'tiny.gguf'));
    const provider = await createProvider({}, { NARRASCOPE_LLM_GGUF: path, NARRASCOPE_LLM_THREADS: '1', NARRASCOPE_LLM_CONTEXT_SIZE: '512' });
    try {
      expect(provider.kind).toBe('gguf');
      expect(provider.modelId).toMatch(/^gguf:[0-9a-f]{16}$/);
    } finally {
      await provider.close();
    }
  });
});
