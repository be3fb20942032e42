/** A model's JSON answer, parsed strictly and checked against the request's schema; and the schema-in-the-prompt instruction for servers without structured output. */
import { z } from 'zod';
import type { ChatMessage, JsonSchema } from './provider.js';
import { LlmError } from './provider.js';

/** The one fence models add around JSON even when told not to; anything else around the value is refused. */
const FENCED = /^```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i;

/**
 * The JSON value in `text`: surrounding whitespace and one markdown code fence are tolerated, nothing
 * else (no prose before or after, no second value, no trailing commas), because a lenient scan could
 * pick the wrong object out of an explanation.
 */
export function parseModelJson(text: string): unknown {
  let body = text.trim();
  const fence = FENCED.exec(body);
  if (fence) body = fence[1].trim();
  if (body === '') throw new LlmError('malformed', 'the model answered with no text');
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new LlmError('malformed', `the model's answer is not one JSON value (${(e as Error).message}): ${excerpt(body)}`);
  }
}

function excerpt(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
}

// Compiled once per schema object: the tiers send the same few schemas thousands of times.
const compiled = new WeakMap<JsonSchema, z.ZodType>();

function validatorFor(schema: JsonSchema): z.ZodType {
  let validator = compiled.get(schema);
  if (!validator) {
    try {
      validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (e) {
      throw new LlmError('config', `the request's JSON schema cannot be used: ${(e as Error).message}`);
    }
    compiled.set(schema, validator);
  }
  return validator;
}

/** Throws a 'malformed' LlmError naming the first fields that do not fit the schema. */
export function checkAgainstSchema(value: unknown, schema: JsonSchema): void {
  const result = validatorFor(schema).safeParse(value);
  if (result.success) return;
  const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
  throw new LlmError('malformed', `the model's answer does not fit the schema: ${issues.join('; ')}`);
}

/** parseModelJson, then checkAgainstSchema: the JSON every provider hands back. */
export function answerFromText(text: string, schema: JsonSchema): unknown {
  const value = parseModelJson(text);
  checkAgainstSchema(value, schema);
  return value;
}

/**
 * The messages with the schema written into the system message, for servers that cannot take
 * `response_format`: the answer is then held to the schema by answerFromText alone.
 */
export function withSchemaInPrompt(messages: ChatMessage[], schema: JsonSchema, schemaName: string): ChatMessage[] {
  const instruction =
    `Answer with a single JSON object named ${schemaName} and nothing else: no prose, no code fence. ` +
    `It must be valid against this JSON Schema:\n${JSON.stringify(schema)}`;
  const first = messages[0];
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
  return [{ role: 'system', content: instruction }, ...messages];
}
