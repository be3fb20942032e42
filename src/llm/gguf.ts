/** The in-process GGUF provider: node-llama-cpp (an optional dependency, imported only here, only when asked for) runs a local model on the CPU with its JSON answer held to the request's schema by a grammar. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type * as NodeLlamaCpp from 'node-llama-cpp';
import { answerFromText } from './json.js';
import type { ChatMessage, ChatRequest, ChatResponse, JsonSchema, LlmProvider } from './provider.js';
import { LlmError } from './provider.js';

type Lib = typeof NodeLlamaCpp;

export interface GgufProviderOptions {
  /** The .gguf model file. */
  path: string;
  /** Tokens of context per sequence; capped at the model's training context. */
  contextSize?: number;
  /**
   * CPU threads. llama.cpp's threads spin while they wait, so on a machine shared with other work,
   * fewer threads than cores is often faster (see docs/llm.md).
   */
  threads?: number;
  /** Chats evaluated at once, each in its own context sequence. */
  concurrency?: number;
  /** Per chat. */
  timeoutMs?: number;
}

export const GGUF_DEFAULTS = { contextSize: 4096, concurrency: 1, timeoutMs: 600_000 };

/** Loads node-llama-cpp's bundled CPU binary (never builds, never downloads), the model and a context. */
export async function openGgufProvider(options: GgufProviderOptions): Promise<GgufProvider> {
  await checkReadable(options.path);
  const modelId = `gguf:${(await sha256OfFile(options.path)).slice(0, 16)}`;
  const lib = await loadNodeLlamaCpp();
  const concurrency = Math.max(1, options.concurrency ?? GGUF_DEFAULTS.concurrency);
  let llama: NodeLlamaCpp.Llama | undefined;
  let model: NodeLlamaCpp.LlamaModel | undefined;
  try {
    llama = await lib.getLlama({
      gpu: false,
      build: 'never',
      skipDownload: true,
      usePrebuiltBinaries: true,
      progressLogs: false,
      logLevel: lib.LlamaLogLevel.error,
      // llama.cpp's messages go to standard error: standard output carries results (--json).
      logger: (level, message) => process.stderr.write(`llama.cpp ${level}: ${message.trimEnd()}\n`),
      ...(options.threads ? { maxThreads: options.threads } : {}),
    });
    model = await llama.loadModel({ modelPath: options.path });
    const contextSize = Math.min(options.contextSize ?? GGUF_DEFAULTS.contextSize, model.trainContextSize);
    const context = await model.createContext({ contextSize, sequences: concurrency, ...(options.threads ? { threads: options.threads } : {}) });
    return new GgufProvider(lib, llama, model, context, modelId, concurrency, options.timeoutMs ?? GGUF_DEFAULTS.timeoutMs);
  } catch (e) {
    await model?.dispose();
    await llama?.dispose();
    throw new LlmError('engine', `cannot load the GGUF model ${options.path}: ${(e as Error).message}`);
  }
}

export class GgufProvider implements LlmProvider {
  readonly kind = 'gguf';
  readonly remote = false;
  readonly #limit: LimitFunction;
  /** Sequences not in use: a chat takes one, and gives it back with its state, so the next chat reuses the common prefix (the system prompt). */
  readonly #free: NodeLlamaCpp.LlamaContextSequence[] = [];
  readonly #grammars = new WeakMap<JsonSchema, Promise<NodeLlamaCpp.LlamaGrammar>>();
  /** Aborted by close(): generations in flight stop before the engine is disposed under them. */
  readonly #closing = new AbortController();
  readonly #running = new Set<Promise<unknown>>();

  constructor(
    private readonly lib: Lib,
    private readonly llama: NodeLlamaCpp.Llama,
    private readonly model: NodeLlamaCpp.LlamaModel,
    private readonly context: NodeLlamaCpp.LlamaContext,
    readonly modelId: string,
    concurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.#limit = pLimit({ concurrency, rejectOnClear: true });
  }

  /** Which llama.cpp binary runs: 'prebuilt' (from the npm package) and no GPU, as openGgufProvider asks. */
  get engine(): { build: 'localBuild' | 'prebuilt'; gpu: string | false } {
    return { build: this.llama.buildType, gpu: this.llama.gpu };
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    if (this.#closing.signal.aborted) throw new LlmError('cancelled', `${this.modelId}: the provider is closed`, 0);
    if (request.signal?.aborted) throw new LlmError('cancelled', `${this.modelId}: the chat was cancelled before it started`, 0);
    return this.#limit(() => this.#tracked(this.#chatOnSequence(request))).catch((e) => {
      if (e instanceof LlmError) throw e;
      throw new LlmError('cancelled', `${this.modelId}: the provider was closed before the chat ran`, 0);
    });
  }

  /** Stops generations in flight and rejects queued chats (all 'cancelled'), then frees the engine. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    this.#limit.clearQueue();
    await Promise.allSettled([...this.#running]);
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }

  async #chatOnSequence(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) throw new LlmError('cancelled', `${this.modelId}: the chat was cancelled while waiting its turn`, 0);
    const started = performance.now();
    const { history, prompt } = splitMessages(request.messages);
    const grammar = await this.#grammarFor(request.schema);
    const sequence = this.#free.pop() ?? this.context.getSequence();
    const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
    const session = new this.lib.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([timeout, this.#closing.signal, ...(request.signal ? [request.signal] : [])]);
    try {
      session.setChatHistory(history);
      const answer = await session.promptWithMeta(prompt, { grammar, maxTokens: request.maxTokens, temperature: request.temperature ?? 0, signal });
      if (answer.stopReason === 'maxTokens') throw new LlmError('malformed', `${this.modelId}: the answer was cut off at maxTokens (${request.maxTokens})`);
      const text = answer.responseText;
      const usage = {
        promptTokens: sequence.tokenMeter.usedInputTokens - before.input,
        completionTokens: sequence.tokenMeter.usedOutputTokens - before.output,
      };
      return { json: answerFromText(text, request.schema), text, usage, ms: Math.round(performance.now() - started), calls: 1 };
    } catch (e) {
      if (e instanceof LlmError) throw e;
      if (request.signal?.aborted || this.#closing.signal.aborted) throw new LlmError('cancelled', `${this.modelId}: the chat was cancelled`);
      if (timeout.aborted) throw new LlmError('timeout', `${this.modelId}: no answer within ${this.timeoutMs} ms`);
      throw new LlmError('engine', `${this.modelId}: ${(e as Error).message}`);
    } finally {
      session.dispose({ disposeSequence: false });
      if (!this.#closing.signal.aborted) this.#free.push(sequence);
    }
  }

  #tracked<T>(chat: Promise<T>): Promise<T> {
    this.#running.add(chat);
    chat.finally(() => this.#running.delete(chat)).catch(() => undefined);
    return chat;
  }

  /** One grammar per schema object: building one from a schema costs more than a short answer. */
  #grammarFor(schema: JsonSchema): Promise<NodeLlamaCpp.LlamaGrammar> {
    let grammar = this.#grammars.get(schema);
    if (!grammar) {
      grammar = this.llama.createGrammarForJsonSchema(schema as Parameters<NodeLlamaCpp.Llama['createGrammarForJsonSchema']>[0]).catch((e: Error) => {
        this.#grammars.delete(schema);
        throw new LlmError('config', `the request's JSON schema cannot be turned into a grammar: ${e.message}`, 0);
      });
      this.#grammars.set(schema, grammar);
    }
    return grammar;
  }
}

/** The chat so far as node-llama-cpp history, and the last user message as the prompt. */
export function splitMessages(messages: ChatMessage[]): { history: NodeLlamaCpp.ChatHistoryItem[]; prompt: string } {
  const last = messages.at(-1);
  if (!last || last.role !== 'user') throw new LlmError('config', 'a chat must end with a user message', 0);
  const history: NodeLlamaCpp.ChatHistoryItem[] = messages.slice(0, -1).map((m) =>
    m.role === 'system' ? { type: 'system', text: m.content } : m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] },
  );
  return { history, prompt: last.content };
}

/** node-llama-cpp, or a 'config' error saying how to get it (it is an optional dependency). */
async function loadNodeLlamaCpp(): Promise<Lib> {
  try {
    return await import('node-llama-cpp');
  } catch (e) {
    throw new LlmError('config', `the gguf provider needs the optional package node-llama-cpp 3.21.1, which is not installed or does not load here (${(e as Error).message})`, 0);
  }
}

async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (e) {
    throw new LlmError('config', `the GGUF model file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 0);
  }
}

/** The file's sha256, streamed (models are gigabytes): the model id recorded with every label and cached answer. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
