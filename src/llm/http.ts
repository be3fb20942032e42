/** The OpenAI-compatible HTTP provider: POST {base}/v1/chat/completions with structured output, per-call timeouts, retries with backoff, a concurrency limit, cancellation and usage accounting. */
import { isIP } from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';
import { answerFromText, withSchemaInPrompt } from './json.js';
import type { ChatRequest, ChatResponse, ChatUsage, LlmProvider } from './provider.js';
import { LlmError } from './provider.js';

/**
 * How the schema reaches the server. 'auto': `response_format: json_schema`, and from the first 400
 * that names response_format on, the schema in the prompt instead; 'json_schema': always
 * response_format; 'prompt': never (for servers that reject or ignore it).
 */
export type ResponseFormatMode = 'auto' | 'json_schema' | 'prompt';

export interface HttpProviderOptions {
  /** The server's base URL, with or without a trailing /v1 (http://127.0.0.1:8080, http://localhost:11434/v1). */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token; never logged, never part of an error message. */
  apiKey?: string;
  responseFormat?: ResponseFormatMode;
  /** Per call (one HTTP request, body included), not per chat. */
  timeoutMs?: number;
  /** Further calls after a 429, a 5xx, a timeout or a dropped connection. */
  retries?: number;
  /** Chats in flight at once; the others wait their turn. */
  concurrency?: number;
  /** The first backoff; it doubles with each retry, with jitter, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this is not waited for: the chat fails as rate-limited. */
  maxRetryAfterMs?: number;
  /** The jitter's source of randomness in [0, 1). */
  random?: () => number;
}

export const HTTP_DEFAULTS = {
  responseFormat: 'auto' as ResponseFormatMode,
  timeoutMs: 120_000,
  retries: 4,
  concurrency: 2,
  backoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Running totals over the provider's life, for a run's summary. */
export interface HttpTotals extends ChatUsage {
  chats: number;
  calls: number;
  failures: number;
}

/** One call's failure, classified: whether another call may help, and how long to wait first. */
interface Failure {
  kind: LlmError['kind'];
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  responseFormatRefused?: boolean;
}

interface Success {
  json: unknown;
  text: string;
  usage: ChatUsage;
}

export class HttpProvider implements LlmProvider {
  readonly kind = 'http';
  readonly modelId: string;
  readonly remote: boolean;
  readonly url: string;
  readonly totals: HttpTotals = { chats: 0, calls: 0, failures: 0, promptTokens: 0, completionTokens: 0 };
  // A private field, so that logging or serialising the provider never shows the key.
  readonly #apiKey: string | undefined;
  readonly #options: Required<Omit<HttpProviderOptions, 'apiKey'>>;
  readonly #limit: LimitFunction;
  /** Aborted by close(): calls in flight stop, and queued chats are rejected. */
  readonly #closing = new AbortController();
  #schemaInPrompt: boolean;

  constructor(options: HttpProviderOptions) {
    this.#options = { ...HTTP_DEFAULTS, random: Math.random, ...stripUndefined(options) } as Required<Omit<HttpProviderOptions, 'apiKey'>>;
    if (!options.model) throw new LlmError('config', 'the HTTP provider needs a model name');
    this.url = chatCompletionsUrl(options.baseUrl);
    this.modelId = `http:${options.model}`;
    this.remote = !isLoopbackHost(new URL(this.url).hostname);
    this.#apiKey = options.apiKey || undefined;
    this.#limit = pLimit({ concurrency: Math.max(1, this.#options.concurrency), rejectOnClear: true });
    this.#schemaInPrompt = this.#options.responseFormat === 'prompt';
  }

  /** True once the schema travels in the prompt (configured, or after the server refused response_format). */
  get schemaInPrompt(): boolean {
    return this.#schemaInPrompt;
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    const state = { calls: 0 };
    this.totals.chats++;
    try {
      if (request.signal?.aborted) throw new LlmError('cancelled', 'the chat was cancelled before it started', 0);
      if (this.#closing.signal.aborted) throw new LlmError('cancelled', `${this.modelId}: the provider is closed`, 0);
      const turn = { started: false };
      const queued = this.#limit(() => {
        turn.started = true;
        return this.#withRetries(request, state);
      });
      const result = await untilCancelledInQueue(queued, turn, request.signal);
      this.totals.promptTokens += result.usage.promptTokens;
      this.totals.completionTokens += result.usage.completionTokens;
      return { ...result, ms: Math.round(performance.now() - started), calls: state.calls };
    } catch (e) {
      this.totals.failures++;
      if (e instanceof LlmError) throw e;
      if (this.#closing.signal.aborted) throw new LlmError('cancelled', `${this.modelId}: the provider was closed before the chat ran`, state.calls);
      throw new LlmError('connection', `${this.modelId}: ${(e as Error).message}`, state.calls);
    } finally {
      this.totals.calls += state.calls;
    }
  }

  /** Stops calls in flight and rejects queued chats, all as 'cancelled'. */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#limit.clearQueue();
  }

  async #withRetries(request: ChatRequest, state: { calls: number }): Promise<Success> {
    let retriesLeft = this.#options.retries;
    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted || this.#closing.signal.aborted) throw new LlmError('cancelled', `${this.modelId}: the chat was cancelled`, state.calls);
      state.calls++;
      const outcome = await this.#once(request);
      if (!('kind' in outcome)) return outcome;
      if (outcome.responseFormatRefused) {
        // Not a retry: the same question asked the way this server understands.
        this.#schemaInPrompt = true;
        continue;
      }
      const tooLong = outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.#options.maxRetryAfterMs;
      if (!outcome.retryable || retriesLeft <= 0 || tooLong) {
        const why = tooLong ? ` (Retry-After ${Math.round(outcome.retryAfterMs! / 1000)} s is longer than the ${this.#options.maxRetryAfterMs / 1000} s allowed)` : '';
        throw new LlmError(outcome.kind, `${this.modelId}: ${outcome.message}${why} after ${state.calls} call${state.calls === 1 ? '' : 's'}`, state.calls);
      }
      retriesLeft--;
      await sleep(outcome.retryAfterMs ?? this.#backoff(attempt), anySignal(request.signal, this.#closing.signal)).catch(() => {
        throw new LlmError('cancelled', `${this.modelId}: the chat was cancelled while waiting to retry`, state.calls);
      });
    }
  }

  /** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries of many chats spread out. */
  #backoff(attempt: number): number {
    const full = Math.min(this.#options.maxBackoffMs, this.#options.backoffMs * 2 ** attempt);
    return full / 2 + this.#options.random() * (full / 2);
  }

  async #once(request: ChatRequest): Promise<Success | Failure> {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = anySignal(request.signal, this.#closing.signal, timeout);
    let status: number;
    let headers: Headers;
    let body: string;
    try {
      const res = await fetch(this.url, { method: 'POST', headers: this.#headers(), body: JSON.stringify(this.#body(request)), signal });
      status = res.status;
      headers = res.headers;
      body = await res.text();
    } catch (e) {
      return this.#thrown(e, anySignal(request.signal, this.#closing.signal), timeout);
    }
    if (status >= 200 && status < 300) return this.#completion(body, request);
    return this.#refused(status, headers, body);
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  #body(request: ChatRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.modelId.slice('http:'.length),
      messages: this.#schemaInPrompt ? withSchemaInPrompt(request.messages, request.schema, request.schemaName) : request.messages,
      temperature: request.temperature ?? 0,
      stream: false,
    };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (!this.#schemaInPrompt) body.response_format = { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: true } };
    return body;
  }

  #thrown(e: unknown, caller: AbortSignal | undefined, timeout: AbortSignal): Failure {
    if (caller?.aborted) return { kind: 'cancelled', message: 'the chat was cancelled', retryable: false };
    if (timeout.aborted) return { kind: 'timeout', message: `no answer within ${this.#options.timeoutMs} ms`, retryable: true };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'connection', message: `connection to ${this.url} failed (${cause?.code ?? cause?.message ?? (e as Error).message})`, retryable: true };
  }

  #completion(body: string, request: ChatRequest): Success | Failure {
    let envelope: any;
    try {
      envelope = JSON.parse(body);
    } catch {
      return { kind: 'server', message: `the server's 200 answer is not JSON: ${body.slice(0, 120)}`, retryable: false };
    }
    const choice = envelope?.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string') return { kind: 'malformed', message: 'the answer has no choices[0].message.content text', retryable: false };
    if (choice.finish_reason === 'length') {
      return { kind: 'malformed', message: `the answer was cut off at max_tokens (${request.maxTokens ?? 'server default'})`, retryable: false };
    }
    let json: unknown;
    try {
      json = answerFromText(text, request.schema);
    } catch (e) {
      const err = e as LlmError;
      return { kind: err.kind ?? 'malformed', message: err.message, retryable: false };
    }
    const usage = { promptTokens: Number(envelope.usage?.prompt_tokens) || 0, completionTokens: Number(envelope.usage?.completion_tokens) || 0 };
    return { json, text, usage };
  }

  #refused(status: number, headers: Headers, body: string): Failure {
    const said = errorMessage(body);
    if (status === 400 && this.#options.responseFormat === 'auto' && !this.#schemaInPrompt && /response_format|json_schema/i.test(said)) {
      return { kind: 'server', message: said, retryable: false, responseFormatRefused: true };
    }
    if (status === 429) return { kind: 'rate-limited', message: `rate limited (429): ${said}`, retryable: true, retryAfterMs: retryAfterMs(headers) };
    if (status === 401 || status === 403) return { kind: 'config', message: `the server refused the API key (${status}): ${said}`, retryable: false };
    if (status === 404) return { kind: 'config', message: `no such model or endpoint at ${this.url} (404): ${said}`, retryable: false };
    if (status === 408) return { kind: 'timeout', message: `the server timed out (408): ${said}`, retryable: true };
    return { kind: 'server', message: `server error ${status}: ${said}`, retryable: status >= 500 };
  }
}

/** {base}/v1/chat/completions, whether or not the base already ends in /v1 (both spellings are common). */
export function chatCompletionsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LlmError('config', `the base URL ${JSON.stringify(baseUrl)} is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LlmError('config', `the base URL ${JSON.stringify(baseUrl)} is not http or https`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/v1$/.test(path) ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return url.toString();
}

/** localhost, 127.0.0.0/8, ::1 and 0.0.0.0 stay on this machine; every other host is remote. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) === 6) return host === '::1' || host === '::' || /^::ffff:127\./.test(host);
  return false;
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') && Number.isFinite(ms)) return Math.max(0, ms);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's own words: error.message of an OpenAI-style body, else the start of the body. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body);
    const message = parsed?.error?.message ?? parsed?.error ?? parsed?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the raw body says it
  }
  return body.slice(0, 200) || '(empty body)';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * The queued chat, or a 'cancelled' error as soon as the signal aborts while the chat still waits its
 * turn; once it runs, the chat sees the signal itself (fetch and the backoff sleep stop) and names the
 * calls it made.
 */
function untilCancelledInQueue<T>(work: Promise<T>, turn: { started: boolean }, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      if (!turn.started) reject(new LlmError('cancelled', 'the chat was cancelled while waiting its turn', 0));
    };
    signal.addEventListener('abort', abort, { once: true });
    const settle = () => signal.removeEventListener('abort', abort);
    work.then(
      (v) => (settle(), resolve(v)),
      (e) => (settle(), reject(e)),
    );
  });
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
