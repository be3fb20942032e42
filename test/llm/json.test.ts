/** Strict parsing of a model's JSON answer, the schema check, and the schema-in-the-prompt instruction. */
import { describe, expect, it } from 'vitest';
import { answerFromText, checkAgainstSchema, parseModelJson, withSchemaInPrompt } from '../../src/llm/json.js';
import { LlmError } from '../../src/llm/provider.js';

const schema = {
  type: 'object',
  properties: { colour: { type: 'string', enum: ['red', 'blue'] }, count: { type: 'integer' } },
  required: ['colour'],
  additionalProperties: false,
};

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof LlmError ? e.kind : 'other';
  }
  return undefined;
}

describe('parseModelJson', () => {
  it('reads one JSON value, with whitespace or one code fence around it', () => {
    expect(parseModelJson(' {"colour":"red"}\n')).toEqual({ colour: 'red' });
    expect(parseModelJson('```json\n{"colour":"blue"}\n```')).toEqual({ colour: 'blue' });
    expect(parseModelJson('```\n[1, 2]\n```')).toEqual([1, 2]);
  });

  it('refuses prose around the value, a second value, trailing commas and an empty answer, as malformed', () => {
    for (const bad of ['The answer is {"colour":"red"}', '{"colour":"red"} {"colour":"blue"}', '{"colour":"red",}', '   ', '{"colour": "re']) {
      expect(kindOf(() => parseModelJson(bad)), bad).toBe('malformed');
    }
    expect(() => parseModelJson('{"colour": "re')).toThrow(/not one JSON value.*"\{\\"colour\\": \\"re"/);
  });
});

describe('checkAgainstSchema', () => {
  it('passes an answer that fits and names the fields of one that does not', () => {
    expect(() => checkAgainstSchema({ colour: 'red', count: 2 }, schema)).not.toThrow();
    expect(() => checkAgainstSchema({ colour: 'green' }, schema)).toThrow(/colour: Invalid option/);
    expect(() => checkAgainstSchema({ colour: 'red', count: 1.5 }, schema)).toThrow(/count/);
    expect(() => checkAgainstSchema({ colour: 'red', size: 3 }, schema)).toThrow(/size/);
    expect(kindOf(() => checkAgainstSchema({}, schema))).toBe('malformed');
    expect(answerFromText('{"colour":"blue"}', schema)).toEqual({ colour: 'blue' });
  });
});

describe('withSchemaInPrompt', () => {
  it("adds the schema to the caller's system message, or puts a system message first", () => {
    const withSystem = withSchemaInPrompt(
      [
        { role: 'system', content: 'Name the colour.' },
        { role: 'user', content: 'The sky.' },
      ],
      schema,
      'colour_answer',
    );
    expect(withSystem).toHaveLength(2);
    expect(withSystem[0].content).toMatch(/^Name the colour\.\n\nAnswer with a single JSON object named colour_answer/);
    expect(withSystem[0].content).toContain(JSON.stringify(schema));
    expect(withSystem[1]).toEqual({ role: 'user', content: 'The sky.' });
    const without = withSchemaInPrompt([{ role: 'user', content: 'Grass.' }], schema, 'colour_answer');
    expect(without.map((m) => m.role)).toEqual(['system', 'user']);
  });
});
