/**
 * The one interface every language-model provider implements (an OpenAI-compatible HTTP server, an
 * in-process GGUF model): a chat request with a JSON schema for the answer, and the answer with its
 * accounting. Providers are loaded only when a tier other than `fast` is asked for.
 */

/** A JSON Schema object (draft 2020-12 subset: object, array, string, number, integer, boolean, enum). */
export type JsonSchema = Record<string, unknown>;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** The answer must be JSON valid against this schema (response_format, a grammar, or a schema in the prompt). */
  schema: JsonSchema;
  /** Name of the schema, for providers that want one (OpenAI response_format json_schema.name). */
  schemaName: string;
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
  /** Aborts the call (cancellation and timeouts). */
  signal?: AbortSignal;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResponse {
  /** The parsed JSON answer (validated as JSON, not yet against the task's taxonomy). */
  json: unknown;
  /** The raw text the model produced. */
  text: string;
  usage: ChatUsage;
  /** Wall-clock milliseconds of the call, retries included. */
  ms: number;
  /** Calls made, retries included. */
  calls: number;
}

/** A failed call, named: what went wrong is recorded in the analysis, never swallowed. */
export class LlmError extends Error {
  constructor(
    readonly kind: 'timeout' | 'rate-limited' | 'server' | 'connection' | 'malformed' | 'cancelled' | 'config' | 'engine',
    message: string,
    readonly calls = 1,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface LlmProvider {
  /** 'http' or 'gguf'. */
  readonly kind: string;
  /** The model id recorded with every label and used in the cache key (e.g. "http:qwen2.5-7b-instruct", "gguf:<file sha256 prefix>"). */
  readonly modelId: string;
  /** True when requests leave this machine (a non-loopback base URL): the CLI says so. */
  readonly remote: boolean;
  chat(request: ChatRequest): Promise<ChatResponse>;
  close(): Promise<void>;
}
