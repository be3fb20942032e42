/** Which language-model provider to use and how, from command-line flags, environment variables and a JSON config file (in that order of precedence); errors name the setting and where it came from. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { GgufProviderOptions } from './gguf.js';
import type { HttpProviderOptions } from './http.js';
import type { LlmProvider } from './provider.js';
import { LlmError } from './provider.js';

const positive = z.number().int().positive();

/** Every setting, as the config file spells it; flags and environment variables map onto the same names. */
export const LlmSettingsSchema = z
  .object({
    provider: z.enum(['http', 'gguf']),
    baseUrl: z.string().min(1),
    model: z.string().min(1),
    apiKey: z.string().min(1),
    gguf: z.string().min(1),
    responseFormat: z.enum(['auto', 'json_schema', 'prompt']),
    timeoutMs: positive,
    retries: z.number().int().nonnegative(),
    concurrency: positive,
    contextSize: positive,
    threads: positive,
    // The tier (src/llm/tier.ts) a run uses when --tier is not given; not a provider setting.
    tier: z.enum(['fast', 'llm', 'hybrid']),
  })
  .partial()
  .strict();
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;
type Key = keyof LlmSettings;

/** The environment variable of each setting. */
export const LLM_ENV: Record<Key | 'config', string> = {
  provider: 'NARRASCOPE_LLM_PROVIDER',
  baseUrl: 'NARRASCOPE_LLM_BASE_URL',
  model: 'NARRASCOPE_LLM_MODEL',
  apiKey: 'NARRASCOPE_LLM_API_KEY',
  gguf: 'NARRASCOPE_LLM_GGUF',
  responseFormat: 'NARRASCOPE_LLM_RESPONSE_FORMAT',
  timeoutMs: 'NARRASCOPE_LLM_TIMEOUT_MS',
  retries: 'NARRASCOPE_LLM_RETRIES',
  concurrency: 'NARRASCOPE_LLM_CONCURRENCY',
  contextSize: 'NARRASCOPE_LLM_CONTEXT_SIZE',
  threads: 'NARRASCOPE_LLM_THREADS',
  tier: 'NARRASCOPE_TIER',
  config: 'NARRASCOPE_LLM_CONFIG',
};

/** The command-line flag of a setting, for messages (the API key has none: a command line is visible to every user of the machine). */
const FLAG: Partial<Record<Key, string>> = { provider: '--provider' };

const NUMERIC: ReadonlySet<Key> = new Set(['timeoutMs', 'retries', 'concurrency', 'contextSize', 'threads']);

/** Where the settings come from; flags win over the environment, which wins over the file. */
export interface LlmSources {
  /** Parsed command-line values, by setting name (undefined: not given); `config` is a config file path. */
  flags?: Partial<Record<Key | 'config', string | number | undefined>>;
  env?: NodeJS.ProcessEnv;
}

export type LlmConfig = { provider: 'http'; http: HttpProviderOptions } | { provider: 'gguf'; gguf: GgufProviderOptions };

/** A resolved setting and where it came from, so an error can say which one to fix. */
type Sourced = Partial<Record<Key, { value: string | number; from: string }>>;

/**
 * The provider configuration, or undefined when none is configured at all (no provider, base URL or
 * GGUF file anywhere): then nothing changes and the fast tier runs alone.
 */
export function resolveLlmConfig(sources: LlmSources = {}): LlmConfig | undefined {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const file = (flags.config as string | undefined) ?? env[LLM_ENV.config];
  const settings: Sourced = { ...(file ? fromFile(file) : {}), ...fromEnv(env), ...fromFlags(flags) };
  const provider = chooseProvider(settings);
  if (!provider) return undefined;
  const common = {
    timeoutMs: settings.timeoutMs?.value as number | undefined,
    concurrency: settings.concurrency?.value as number | undefined,
  };
  if (provider === 'gguf') {
    const path = required(settings, 'gguf', 'the GGUF model file');
    return { provider, gguf: { path, contextSize: settings.contextSize?.value as number | undefined, threads: settings.threads?.value as number | undefined, ...common } };
  }
  return {
    provider,
    http: {
      baseUrl: required(settings, 'baseUrl', 'the server address (e.g. http://127.0.0.1:8080)'),
      model: required(settings, 'model', 'the model name the server knows'),
      apiKey: settings.apiKey?.value as string | undefined,
      responseFormat: settings.responseFormat?.value as HttpProviderOptions['responseFormat'],
      retries: settings.retries?.value as number | undefined,
      ...common,
    },
  };
}

/** The tier the config file names (`"tier"`), if any: the run's tier when neither --tier nor NARRASCOPE_TIER is given. */
export function configuredTier(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[LLM_ENV.config];
  return file ? (fromFile(file).tier?.value as string | undefined) : undefined;
}

/** Opens the configured provider (node-llama-cpp is imported only for gguf); a 'config' error when none is configured. */
export async function createProvider(flags: LlmSources['flags'] = {}, env: NodeJS.ProcessEnv = process.env): Promise<LlmProvider> {
  const config = resolveLlmConfig({ flags, env });
  if (!config) {
    throw new LlmError(
      'config',
      `no language model is configured: set ${LLM_ENV.baseUrl} and ${LLM_ENV.model} (an OpenAI-compatible server), or ${LLM_ENV.gguf} (a local GGUF file), or name a config file in ${LLM_ENV.config} (docs/llm.md)`,
      0,
    );
  }
  if (config.provider === 'gguf') {
    const { openGgufProvider } = await import('./gguf.js');
    return openGgufProvider(config.gguf);
  }
  const { HttpProvider } = await import('./http.js');
  return new HttpProvider(config.http);
}

/** A one-line description for logs: never the API key, only whether one is set. */
export function describeLlmConfig(config: LlmConfig): string {
  if (config.provider === 'gguf') return `gguf ${config.gguf.path}`;
  return `http ${config.http.baseUrl} model ${config.http.model}${config.http.apiKey ? ' (API key set)' : ''}`;
}

function chooseProvider(settings: Sourced): 'http' | 'gguf' | undefined {
  if (settings.provider) return settings.provider.value as 'http' | 'gguf';
  if (settings.gguf && settings.baseUrl) {
    throw new LlmError('config', `both a GGUF file (${settings.gguf.from}) and a server (${settings.baseUrl.from}) are set: choose one with ${LLM_ENV.provider}=http|gguf or --provider`, 0);
  }
  if (settings.gguf) return 'gguf';
  if (settings.baseUrl) return 'http';
  return undefined;
}

function required(settings: Sourced, key: Key, what: string): string {
  const found = settings[key];
  if (found) return String(found.value);
  const where = [FLAG[key], LLM_ENV[key], `"${key}" in the config file`].filter(Boolean).join(', ');
  throw new LlmError('config', `the ${settings.provider?.value ?? 'chosen'} provider needs ${what}: set ${where}`, 0);
}

function fromFile(path: string): Sourced {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LlmError('config', `the language-model config file ${path} cannot be read as JSON: ${(e as Error).message}`, 0);
  }
  const parsed = LlmSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join(', ') ?? '(top)';
    throw new LlmError('config', `${path}: ${field}: ${issue.message}`, 0);
  }
  return sourced(parsed.data, (key) => `"${key}" in ${path}`);
}

function fromEnv(env: NodeJS.ProcessEnv): Sourced {
  const values: Record<string, string | number> = {};
  for (const key of Object.keys(LlmSettingsSchema.shape) as Key[]) {
    const raw = env[LLM_ENV[key]]?.trim();
    if (raw) values[key] = NUMERIC.has(key) ? toNumber(raw, LLM_ENV[key]) : raw;
  }
  return checked(values, (key) => LLM_ENV[key]);
}

function fromFlags(flags: NonNullable<LlmSources['flags']>): Sourced {
  const values: Record<string, string | number> = {};
  for (const key of Object.keys(LlmSettingsSchema.shape) as Key[]) {
    const raw = flags[key];
    if (raw !== undefined && raw !== '') values[key] = NUMERIC.has(key) && typeof raw === 'string' ? toNumber(raw, FLAG[key] ?? key) : raw;
  }
  return checked(values, (key) => FLAG[key] ?? `the ${key} option`);
}

/** Validates values from one source, naming the variable or flag of the first bad one. */
function checked(values: Record<string, string | number>, label: (key: Key) => string): Sourced {
  const parsed = LlmSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path[0] as Key;
    throw new LlmError('config', `${label(key)}=${JSON.stringify(key === 'apiKey' ? '…' : values[key])}: ${issue.message}`, 0);
  }
  return sourced(parsed.data, label);
}

function sourced(settings: LlmSettings, label: (key: Key) => string): Sourced {
  const out: Sourced = {};
  for (const [key, value] of Object.entries(settings) as [Key, string | number][]) if (value !== undefined) out[key] = { value, from: label(key) };
  return out;
}

function toNumber(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new LlmError('config', `${name}=${JSON.stringify(raw)}: not a number`, 0);
  return n;
}
