/**
 * The GGUF provider on the real engine: node-llama-cpp's bundled CPU binary runs the tiny random model
 * that tiny-gguf.ts writes. The answers mean nothing, but the grammar makes them JSON valid against the
 * request's schema; maxTokens, cancellation, timeouts, concurrency, accounting and clean closing run for real.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufProvider, openGgufProvider, splitMessages } from '../../src/llm/gguf.js';
import { checkAgainstSchema } from '../../src/llm/json.js';
import { LlmError, type ChatRequest } from '../../src/llm/provider.js';
import { byteVocabulary, tinyGgufBytes, writeTinyGguf } from './tiny-gguf.js';

const schema = {
  type: 'object',
  properties: {
    label: { type: 'string', enum: ['harbour', 'market', 'none'] },
    // Not a number: a random model under a JSON grammar can write 1e999, which JSON.parse reads as
    // Infinity, and the schema check then (rightly) names the answer malformed.
    certain: { type: 'boolean' },
    quotes: { type: 'array', items: { type: 'string', maxLength: 16 }, maxItems: 2 },
  },
  required: ['label', 'certain', 'quotes'],
  additionalProperties: false,
};
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'Say where the story happens.' },
    { role: 'user', content: 'Fishing boats came back to the harbour at dawn.' },
  ],
  schema,
  schemaName: 'place',
  maxTokens: 200,
  ...extra,
});

let dir: string;
let modelPath: string;
let provider: GgufProvider;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-gguf-'));
  modelPath = writeTinyGguf(join(dir, 'tiny.gguf'));
  // One thread: llama.cpp's waiting threads spin, and the tests share the machine's cores.
  provider = await openGgufProvider({ path: modelPath, contextSize: 1024, threads: 1, concurrency: 2 });
});
afterAll(async () => {
  await provider?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('tiny GGUF model file', () => {
  it('is GGUF version 3 with the llama keys and tensors, the same bytes for the same seed', async () => {
    const bytes = readFileSync(modelPath);
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('GGUF');
    expect(bytes.readUInt32LE(4)).toBe(3);
    expect(tinyGgufBytes().equals(bytes)).toBe(true);
    expect(tinyGgufBytes({ seed: 8 }).equals(bytes)).toBe(false);
    const { readGgufFileInfo } = await import('node-llama-cpp');
    const info = await readGgufFileInfo(modelPath);
    expect(info.metadata.general.architecture).toBe('llama');
    const llama = (info.metadata as unknown as { llama: Record<string, unknown> }).llama;
    expect(llama.block_count).toBe(2);
    expect(info.metadata.tokenizer.ggml.tokens).toHaveLength(byteVocabulary().tokens.length);
    expect(info.tensorInfo?.map((t) => t.name)).toContain('blk.1.ffn_down.weight');
  });
});

describe('GgufProvider on node-llama-cpp', () => {
  it('answers with JSON valid against the schema, counted and timed, under the file hash as model id', async () => {
    const answer = await provider.chat(request());
    expect(answer.json).toEqual(JSON.parse(answer.text));
    expect(() => checkAgainstSchema(answer.json, schema)).not.toThrow();
    expect(['harbour', 'market', 'none']).toContain((answer.json as { label: string }).label);
    expect(answer.calls).toBe(1);
    expect(answer.usage.promptTokens).toBeGreaterThan(10);
    expect(answer.usage.completionTokens).toBeGreaterThan(5);
    expect(answer.usage.completionTokens).toBeLessThanOrEqual(200);
    const sha = createHash('sha256').update(readFileSync(modelPath)).digest('hex');
    expect(provider.modelId).toBe(`gguf:${sha.slice(0, 16)}`);
    expect(provider).toMatchObject({ kind: 'gguf', remote: false });
    // The CPU binary that comes in the npm package: nothing was built or downloaded.
    expect(provider.engine).toEqual({ build: 'prebuilt', gpu: false });
  });

  it('gives the same answer to the same chat at temperature 0, and answers two chats at once', async () => {
    const [a, b] = await Promise.all([provider.chat(request()), provider.chat(request())]);
    const c = await provider.chat(request());
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
  });

  it('takes a conversation with earlier turns', async () => {
    const answer = await provider.chat(
      request({
        messages: [
          { role: 'system', content: 'Say where the story happens.' },
          { role: 'user', content: 'Stalls were set up in the square.' },
          { role: 'assistant', content: '{"label":"market","certain":true,"quotes":["the square"]}' },
          { role: 'user', content: 'And now: the ferry left the quay late.' },
        ],
      }),
    );
    expect(() => checkAgainstSchema(answer.json, schema)).not.toThrow();
  });

  it('stops at maxTokens and names the cut-off answer malformed', async () => {
    const long = { type: 'object', properties: { story: { type: 'string', minLength: 60 } }, required: ['story'] };
    const error = await failure(provider.chat(request({ schema: long, maxTokens: 8 })));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/cut off at maxTokens \(8\)/);
  });

  it('names cancellation, a chat that does not end with a user message, and a schema no grammar can express', async () => {
    expect(await failure(provider.chat(request({ signal: AbortSignal.abort() })))).toMatchObject({ kind: 'cancelled', calls: 0 });
    const controller = new AbortController();
    const long = { type: 'object', properties: { story: { type: 'string', minLength: 400 } }, required: ['story'] };
    const running = provider.chat(request({ schema: long, maxTokens: 1000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 30);
    expect((await failure(running)).kind).toBe('cancelled');
    expect(() => splitMessages([{ role: 'system', content: 'x' }])).toThrow(/must end with a user message/);
    const odd = { type: 'object', properties: { n: { type: 'string', pattern: '^[0-9]+$' } }, required: ['n'] };
    const error = await failure(provider.chat(request({ schema: odd })));
    expect(['config', 'malformed']).toContain(error.kind);
    // The provider still answers after those failures.
    expect((await provider.chat(request())).calls).toBe(1);
  });

  it('names a timeout', async () => {
    const slow = await openGgufProvider({ path: modelPath, contextSize: 1024, threads: 1, timeoutMs: 20 });
    const long = { type: 'object', properties: { story: { type: 'string', minLength: 400 } }, required: ['story'] };
    expect((await failure(slow.chat(request({ schema: long, maxTokens: 1000 })))).kind).toBe('timeout');
    await slow.close();
  });

  it('closes cleanly under a running and a queued chat, both cancelled, and refuses chats after', async () => {
    const own = await openGgufProvider({ path: modelPath, contextSize: 1024, threads: 1 });
    const long = { type: 'object', properties: { story: { type: 'string', minLength: 400 } }, required: ['story'] };
    const running = failure(own.chat(request({ schema: long, maxTokens: 1000 })));
    const queued = failure(own.chat(request()));
    await new Promise((r) => setTimeout(r, 30));
    await own.close();
    await own.close();
    expect((await running).kind).toBe('cancelled');
    expect(await queued).toMatchObject({ kind: 'cancelled', calls: 0 });
    expect(await failure(own.chat(request()))).toMatchObject({ kind: 'cancelled', calls: 0 });
  });

  it('names a missing file as config and a file that is not a model as engine', async () => {
    const missing = await failure(openGgufProvider({ path: join(dir, 'absent.gguf') }));
    expect(missing.kind).toBe('config');
    expect(missing.message).toMatch(/absent\.gguf cannot be read \(ENOENT\)/);
    const junk = join(dir, 'junk.gguf');
    writeFileSync(junk, 'this is not a model');
    const bad = await failure(openGgufProvider({ path: junk, threads: 1 }));
    expect(bad.kind).toBe('engine');
    expect(bad.message).toContain('junk.gguf');
  });
});
