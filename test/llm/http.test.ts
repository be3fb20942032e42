/**
 * The HTTP provider against the scripted chat-completions server: correct answers, malformed JSON,
 * timeouts, 429 with Retry-After, 500s, dropped connections, the response_format fallback,
 * cancellation and the concurrency limit; every failure named as an LlmError kind, retries counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletionsUrl, HttpProvider, isLoopbackHost, retryAfterMs, type HttpProviderOptions } from '../../src/llm/http.js';
import { LlmError, type ChatRequest } from '../../src/llm/provider.js';
import { delay, drop, hang, json, rateLimited, startScriptedServer, status, text, type Script, type ScriptedServer, type ScriptOptions } from './scripted-server.js';

const schema = {
  type: 'object',
  properties: { label: { type: 'string', enum: ['sunny', 'rainy'] }, quotes: { type: 'array', items: { type: 'string' } } },
  required: ['label', 'quotes'],
  additionalProperties: false,
};
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'You label weather reports.' },
    { role: 'user', content: 'Clouds gathered over the harbour and it poured all afternoon.' },
  ],
  schema,
  schemaName: 'weather',
  maxTokens: 64,
  ...extra,
});
const good = { label: 'rainy', quotes: ['it poured all afternoon'] };

let server: ScriptedServer | undefined;
let provider: HttpProvider | undefined;
afterEach(async () => {
  await provider?.close();
  await server?.close();
  server = provider = undefined;
});

async function setUp(script: Script, options: Partial<HttpProviderOptions> = {}, serverOptions: ScriptOptions = {}) {
  server = await startScriptedServer(script, serverOptions);
  provider = new HttpProvider({ baseUrl: server.url, model: 'tiny-test', backoffMs: 10, timeoutMs: 2_000, ...options });
  return { server, provider };
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('HttpProvider: answers', () => {
  it('sends the OpenAI request with the schema as response_format and returns the parsed answer with its usage', async () => {
    const { server, provider } = await setUp([json(good, { prompt: 31, completion: 9 })], { apiKey: 'sk-test-123' });
    const answer = await provider.chat(request());
    expect(answer).toMatchObject({ json: good, text: JSON.stringify(good), usage: { promptTokens: 31, completionTokens: 9 }, calls: 1 });
    expect(answer.ms).toBeGreaterThanOrEqual(0);
    const [sent] = server.requests;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-123');
    expect(sent.body).toMatchObject({ model: 'tiny-test', temperature: 0, max_tokens: 64, stream: false });
    expect(sent.body.messages).toEqual(request().messages);
    expect(sent.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } });
    expect(provider.modelId).toBe('http:tiny-test');
    expect(provider.remote).toBe(false);
    expect(provider.totals).toMatchObject({ chats: 1, calls: 1, failures: 0, promptTokens: 31, completionTokens: 9 });
  });

  it('accepts a code-fenced answer but names malformed JSON, prose and answers outside the schema as malformed, without retrying', async () => {
    const { provider } = await setUp([
      text('```json\n{"label":"sunny","quotes":[]}\n```'),
      text('{"label":"rainy","quotes":["it poured"],}'),
      text('Sure! Here it is: {"label":"rainy","quotes":[]}'),
      json({ label: 'foggy', quotes: [] }),
      { kind: 'json', json: good, finishReason: 'length' },
    ]);
    expect((await provider.chat(request())).json).toEqual({ label: 'sunny', quotes: [] });
    for (const expected of [/not one JSON value/, /not one JSON value/, /label: Invalid option/, /cut off at max_tokens \(64\)/]) {
      const error = await failure(provider.chat(request()));
      expect(error.kind).toBe('malformed');
      expect(error.calls).toBe(1);
      expect(error.message).toMatch(expected);
    }
  });

  it('joins the path to a base URL given with or without /v1', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:11434/v1/')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('https://models.example.org/api/v1')).toBe('https://models.example.org/api/v1/chat/completions');
    expect(() => chatCompletionsUrl('localhost:8080')).toThrow(/not http or https|not a URL/);
    expect(() => chatCompletionsUrl('not a url')).toThrow(/is not a URL/);
  });

  it('says a host is remote unless it is loopback', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.1', '[::1]', '::1', '0.0.0.0', 'api.localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['10.0.0.2', '192.168.1.4', 'models.example.org', '::2', 'localhost.example.org']) expect(isLoopbackHost(host), host).toBe(false);
    expect(new HttpProvider({ baseUrl: 'https://models.example.org/v1', model: 'm' }).remote).toBe(true);
  });

  it('never shows the API key when the provider is logged or serialised, nor in an error', async () => {
    const { provider } = await setUp([status(401, 'invalid key')], { apiKey: 'sk-secret-999' });
    expect(JSON.stringify(provider)).not.toContain('sk-secret-999');
    const error = await failure(provider.chat(request()));
    expect(error.kind).toBe('config');
    expect(error.calls).toBe(1);
    expect(error.message).toMatch(/refused the API key \(401\): invalid key/);
    expect(`${error.message}${error.stack}`).not.toContain('sk-secret-999');
  });
});

describe('HttpProvider: failures, retries and their count', () => {
  it('retries a call that timed out, and names a timeout when every call does', async () => {
    const { provider } = await setUp([hang(), json(good)], { timeoutMs: 150 });
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 2 });
    await provider.close();
    const second = await setUp([hang(), hang(), hang()], { timeoutMs: 150, retries: 2 });
    const error = await failure(second.provider.chat(request()));
    expect(error.kind).toBe('timeout');
    expect(error.calls).toBe(3);
    expect(error.message).toMatch(/no answer within 150 ms after 3 calls/);
  });

  it('waits as long as Retry-After says on a 429, and gives up at once on one longer than allowed', async () => {
    const { server, provider } = await setUp([rateLimited(1), json(good)]);
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 2 });
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
    await provider.close();
    const second = await setUp([rateLimited(3600)], { maxRetryAfterMs: 5_000 });
    const error = await failure(second.provider.chat(request()));
    expect(error).toMatchObject({ kind: 'rate-limited', calls: 1 });
    expect(error.message).toMatch(/Retry-After 3600 s is longer than the 5 s allowed/);
  });

  it('retries 5xx answers with backoff and names a server error when the retries run out', async () => {
    const { provider } = await setUp([status(500), status(503), status(502), json(good)]);
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 4 });
    await provider.close();
    const second = await setUp([status(500), status(500), status(500)], { retries: 2 });
    const error = await failure(second.provider.chat(request()));
    expect(error).toMatchObject({ kind: 'server', calls: 3 });
    expect(error.message).toMatch(/server error 500/);
    expect(second.server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    const { server, provider } = await setUp([status(400, 'context length exceeded'), status(404, 'model not found')]);
    expect(await failure(provider.chat(request()))).toMatchObject({ kind: 'server', calls: 1 });
    const notFound = await failure(provider.chat(request()));
    expect(notFound).toMatchObject({ kind: 'config', calls: 1 });
    expect(notFound.message).toMatch(/no such model or endpoint/);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a dropped connection, and names a connection failure when every call is dropped', async () => {
    const { provider } = await setUp([drop(), json(good)]);
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 2 });
    await provider.close();
    const second = await setUp([drop(), drop()], { retries: 1 });
    const error = await failure(second.provider.chat(request()));
    expect(error).toMatchObject({ kind: 'connection', calls: 2 });
    expect(second.provider.totals).toMatchObject({ chats: 1, calls: 2, failures: 1 });
  });

  it('names a refused connection (nothing listening) after its retries', async () => {
    const { server, provider } = await setUp([], { retries: 1 });
    const url = server.url;
    await server.close();
    const orphan = new HttpProvider({ baseUrl: url, model: 'tiny-test', retries: 1, backoffMs: 5 });
    const error = await failure(orphan.chat(request()));
    expect(error).toMatchObject({ kind: 'connection', calls: 2 });
    expect(error.message).toMatch(/ECONNREFUSED/);
    await provider.close();
  });

  it('moves the schema into the prompt when the server refuses response_format, for this chat and the next', async () => {
    const { server, provider } = await setUp([json(good), json(good)], {}, { responseFormat: false });
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 2 });
    expect(await provider.chat(request())).toMatchObject({ json: good, calls: 1 });
    expect(provider.schemaInPrompt).toBe(true);
    const [refused, asked, next] = server.requests;
    expect(refused.body.response_format).toBeDefined();
    for (const sent of [asked, next]) {
      expect(sent.body.response_format).toBeUndefined();
      expect(sent.body.messages[0].role).toBe('system');
      expect(sent.body.messages[0].content).toContain('You label weather reports.');
      expect(sent.body.messages[0].content).toContain(JSON.stringify(schema));
      expect(sent.body.messages[1]).toEqual(request().messages[1]);
    }
  });

  it("keeps response_format when told to, and the server's refusal is then an error", async () => {
    const { provider } = await setUp([json(good)], { responseFormat: 'json_schema' }, { responseFormat: false });
    const error = await failure(provider.chat(request()));
    expect(error).toMatchObject({ kind: 'server', calls: 1 });
    expect(error.message).toMatch(/response_format/);
  });
});

describe('HttpProvider: cancellation and concurrency', () => {
  it("stops a running chat when the caller's signal aborts", async () => {
    const { provider } = await setUp([hang()]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(provider.chat(request({ signal: controller.signal })));
    expect(error).toMatchObject({ kind: 'cancelled', calls: 1 });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops a chat waiting its turn or its backoff, and refuses one whose signal has already aborted', async () => {
    const { server, provider } = await setUp([delay(300, json(good)), rateLimited(30)], { concurrency: 1, maxRetryAfterMs: 60_000 });
    const first = provider.chat(request());
    const controller = new AbortController();
    const queued = provider.chat(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await failure(queued)).toMatchObject({ kind: 'cancelled', calls: 0 });
    expect(await first).toMatchObject({ json: good });

    const waiting = new AbortController();
    const backingOff = provider.chat(request({ signal: waiting.signal }));
    setTimeout(() => waiting.abort(), 200);
    expect(await failure(backingOff)).toMatchObject({ kind: 'cancelled', calls: 1 });
    expect(server.requests).toHaveLength(2);
    expect(await failure(provider.chat(request({ signal: AbortSignal.abort() })))).toMatchObject({ kind: 'cancelled', calls: 0 });
  });

  it('cancels the chat in flight and the queued ones when the provider is closed, and refuses chats after', async () => {
    const { server, provider } = await setUp([hang(), json(good)], { concurrency: 1 });
    const running = failure(provider.chat(request()));
    const queued = failure(provider.chat(request()));
    await new Promise((r) => setTimeout(r, 100));
    await provider.close();
    expect(await running).toMatchObject({ kind: 'cancelled', calls: 1 });
    expect(await queued).toMatchObject({ kind: 'cancelled', calls: 0 });
    expect(await failure(provider.chat(request()))).toMatchObject({ kind: 'cancelled', calls: 0 });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps at most `concurrency` chats in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { provider } = await setUp(
      () => {
        inFlight++;
        most = Math.max(most, inFlight);
        // Registered before the answer's own timer, so it fires first: the count is down before the answer leaves.
        setTimeout(() => inFlight--, 200);
        return delay(200, json(good));
      },
      { concurrency: 2 },
    );
    const answers = await Promise.all(Array.from({ length: 6 }, () => provider.chat(request())));
    expect(answers.every((a) => a.calls === 1)).toBe(true);
    expect(most).toBe(2);
    expect(provider.totals.chats).toBe(6);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date and retry-after-ms, and ignores what it cannot read', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
