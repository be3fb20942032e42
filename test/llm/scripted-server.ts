/** An in-process HTTP server speaking /v1/chat/completions with scripted answers (JSON, malformed text, hangs, 429, 5xx, dropped connections) that records every request it receives. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted reply. Replies are used in order, one per request (or chosen by a function of the request). */
export type ScriptedAnswer =
  /** A correct completion whose message content is JSON.stringify(json). */
  | { kind: 'json'; json: unknown; usage?: { prompt: number; completion: number }; finishReason?: string }
  /** A completion whose content is this raw text (malformed JSON, prose, a code fence…). */
  | { kind: 'text'; text: string; usage?: { prompt: number; completion: number }; finishReason?: string }
  /** An HTTP error: 429 with a Retry-After, 500, 400 … with an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string; retryAfter?: string }
  /** Headers never sent: the client's timeout fires. */
  | { kind: 'hang' }
  /** The socket is destroyed before any answer (a dropped connection). */
  | { kind: 'drop' }
  /** Another answer, given after a delay. */
  | { kind: 'delay'; ms: number; then: ScriptedAnswer };

export const json = (value: unknown, usage?: { prompt: number; completion: number }): ScriptedAnswer => ({ kind: 'json', json: value, usage });
export const text = (raw: string): ScriptedAnswer => ({ kind: 'text', text: raw });
export const status = (code: number, message?: string, retryAfter?: string): ScriptedAnswer => ({ kind: 'status', status: code, message, retryAfter });
export const rateLimited = (retryAfterSeconds: number): ScriptedAnswer => status(429, 'rate limit reached', String(retryAfterSeconds));
export const hang = (): ScriptedAnswer => ({ kind: 'hang' });
export const drop = (): ScriptedAnswer => ({ kind: 'drop' });
export const delay = (ms: number, then: ScriptedAnswer): ScriptedAnswer => ({ kind: 'delay', ms, then });

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  /** Milliseconds since the server started. */
  at: number;
}

export interface ScriptOptions {
  /**
   * When false, a request carrying `response_format` gets a 400 naming it (as servers without
   * structured output answer) and no scripted answer is used up.
   */
  responseFormat?: boolean;
}

export type Script = ScriptedAnswer[] | ((request: RecordedRequest, index: number) => ScriptedAnswer);

export interface ScriptedServer {
  /** e.g. http://127.0.0.1:40123 (no /v1). */
  readonly url: string;
  /** Every request received, in order, including those answered with errors. */
  readonly requests: RecordedRequest[];
  /** Requests to /v1/chat/completions that used up a scripted answer. */
  readonly answered: number;
  /** Appends answers to an array script. */
  push(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export async function startScriptedServer(script: Script, options: ScriptOptions = {}): Promise<ScriptedServer> {
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  const queue = Array.isArray(script) ? [...script] : undefined;
  const sockets = new Set<Socket>();
  let answered = 0;

  const next = (request: RecordedRequest): ScriptedAnswer => {
    const index = answered++;
    if (queue) return queue.shift() ?? status(500, `script exhausted after ${index} answers`);
    return (script as Exclude<Script, ScriptedAnswer[]>)(request, index);
  };

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: parseOrUndefined(raw), at: Date.now() - started };
    requests.push(request);
    if (req.method !== 'POST' || !/\/v1\/chat\/completions$/.test(request.path)) return sendError(res, 404, `no route ${req.method} ${request.path}`);
    if (request.body === undefined) return sendError(res, 400, 'the body is not JSON');
    if (options.responseFormat === false && request.body.response_format !== undefined) {
      return sendError(res, 400, "Unsupported parameter: 'response_format' is not supported by this server");
    }
    await play(next(request), request, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get answered() {
      return answered;
    },
    push: (...answers) => {
      if (!queue) throw new Error('push works on an array script only');
      queue.push(...answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests keep their sockets open: end them, or close() would wait for ever.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function play(answer: ScriptedAnswer, request: RecordedRequest, res: ServerResponse): Promise<void> {
  switch (answer.kind) {
    case 'delay':
      await new Promise((r) => setTimeout(r, answer.ms));
      if (res.destroyed) return;
      return play(answer.then, request, res);
    case 'hang':
      return;
    case 'drop':
      res.socket?.destroy();
      return;
    case 'status': {
      const headers: Record<string, string> = answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter };
      return sendError(res, answer.status, answer.message ?? `scripted ${answer.status}`, headers);
    }
    case 'json':
    case 'text': {
      const content = answer.kind === 'json' ? JSON.stringify(answer.json) : answer.text;
      const usage = answer.usage ?? { prompt: promptLength(request.body), completion: Math.ceil(content.length / 4) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${request.at}`,
          object: 'chat.completion',
          model: request.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: answer.finishReason ?? 'stop' }],
          usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
        }),
      );
    }
  }
}

/** A rough token count (4 characters a token), so usage is never missing unless a test wants it exact. */
function promptLength(body: any): number {
  const chars = (body.messages ?? []).reduce((n: number, m: { content?: string }) => n + (m.content?.length ?? 0), 0);
  return Math.ceil(chars / 4);
}

function sendError(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: code === 429 ? 'rate_limit_error' : 'invalid_request_error', code } }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseOrUndefined(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
