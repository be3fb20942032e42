import { describe, expect, it } from 'vitest';
import curated from '../../src/tasks/entities/data/curated-entities.json' with { type: 'json' };
import { entityKeys } from '../../src/tasks/entities/entity-key.js';
import { buildGazetteer } from '../../src/tasks/entities/discover.js';

const KINDS = new Set(['person', 'country', 'organisation', 'group']);
const entries = curated.entities;
const fold = (s: string) => s.normalize('NFC').toLowerCase();

/** Pairs `[form, entity name]` for every name and alias. */
const forms = entries.flatMap((e) => [e.name, ...e.aliases].map((f) => [f, e.name] as const));

describe('curated entity list', () => {
  it('gives every entry a name, a known kind and an alias list', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries) {
      expect(typeof e.name).toBe('string');
      expect(e.name.trim(), JSON.stringify(e)).not.toBe('');
      expect(KINDS.has(e.kind), `${e.name}: kind ${e.kind}`).toBe(true);
      expect(Array.isArray(e.aliases), e.name).toBe(true);
    }
  });

  it('has no empty or padded strings', () => {
    for (const [form, name] of forms) {
      expect(form.trim(), `in ${name}`).not.toBe('');
      expect(form, `in ${name}`).toBe(form.trim());
      // Every form must yield at least one word, or the gazetteer silently drops it.
      expect(entityKeys(form).full, `"${form}" in ${name}`).not.toBe('');
    }
  });

  it('has no name given twice and no alias repeated within an entry', () => {
    const names = entries.map((e) => fold(e.name));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const e of entries) {
      const own = [e.name, ...e.aliases].map(fold);
      expect(
        own.filter((a, i) => own.indexOf(a) !== i),
        e.name,
      ).toEqual([]);
    }
  });

  it('gives no alias to two entities and no alias equal to another entity name (case-insensitive)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [form, name] of forms) {
      const f = fold(form);
      const other = owner.get(f);
      if (other !== undefined && other !== name) clashes.push(`"${form}": ${other} / ${name}`);
      else owner.set(f, name);
    }
    expect(clashes).toEqual([]);
  });

  it('gives no two entities forms that match the same words (the gazetteer keeps only the first)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [form, name] of forms) {
      const key = entityKeys(form).full;
      const other = owner.get(key);
      if (other !== undefined && other !== name) clashes.push(`"${form}": ${other} / ${name}`);
      else owner.set(key, name);
    }
    expect(clashes).toEqual([]);
  });

  it('resolves every form to its own entity in the gazetteer', () => {
    const gaz = buildGazetteer();
    for (const [form, name] of forms) expect(gaz.get(entityKeys(form).full)?.canonical, form).toBe(name);
  });
});
