/**
 * A user's own narrative taxonomy (docs/taxonomy.md): a JSON file of domains → narratives →
 * sub-narratives, each with a definition and optional examples, validated with zod; errors name the
 * file and the JSON path (or line and column for a syntax error). Label strings follow the SemEval
 * convention — "<CODE>: <narrative>", "<CODE>: <narrative>: <sub-narrative>" — so models, exports
 * and the official scorers handle them as they handle the SemEval labels.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OTHER, otherSubOf, type Taxonomy } from '../tasks/narratives/taxonomy.js';

/** A name becomes part of a label string: no ": " (the level separator), ";" or tab (subtask-2 file separators), no line break. */
const labelName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .refine((s) => !/[;\t\r\n]/.test(s), 'must not contain ";", a tab or a line break (label separators in the SemEval files)')
  .refine((s) => !s.includes(': '), 'must not contain ": " (it separates the levels of a label)')
  .refine((s) => s !== OTHER, `"${OTHER}" is reserved for articles without a narrative`);

const definition = z.string().trim().min(1, 'must not be empty');
const examples = z.array(z.string().trim().min(1, 'must not be empty')).optional();

const SubNarrativeSchema = z.object({ name: labelName, definition, examples }).strict();

const NarrativeSchema = z
  .object({ name: labelName, definition, examples, subNarratives: z.array(SubNarrativeSchema).default([]) })
  .strict()
  .superRefine((n, ctx) => unique(n.subNarratives.map((s) => s.name), ['subNarratives'], 'sub-narrative', ctx));

const DomainSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_-]{0,15}$/, 'must be 1–16 capital letters, digits, "_" or "-", starting with a letter'),
    name: z.string().trim().min(1, 'must not be empty'),
    definition: z.string().trim().optional(),
    narratives: z.array(NarrativeSchema).min(1, 'a domain needs at least one narrative'),
  })
  .strict()
  .superRefine((d, ctx) => unique(d.narratives.map((n) => n.name), ['narratives'], 'narrative', ctx));

export const TaxonomyFileSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
    version: z.string().trim().min(1, 'must not be empty'),
    name: z.string().trim().optional(),
    description: z.string().trim().optional(),
    /** Keep the SemEval-2025 labels active beside these ones (a model may be trained on both). */
    withSemEval: z.boolean().default(false),
    domains: z.array(DomainSchema).min(1, 'a taxonomy needs at least one domain'),
  })
  .strict()
  .superRefine((t, ctx) => unique(t.domains.map((d) => d.code), ['domains'], 'domain code', ctx));

export type TaxonomyFile = z.infer<typeof TaxonomyFileSchema>;
/** A taxonomy file as written (optional fields may be left out). */
export type TaxonomyFileInput = z.input<typeof TaxonomyFileSchema>;

/** Adds an issue at `path`[k] for the second and later uses of a name. */
function unique(names: readonly string[], path: (string | number)[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  names.forEach((name, k) => {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [...path, k], message: `${what} "${name}" is listed twice` });
    seen.add(name);
  });
}

/** A taxonomy file that cannot be used; the message names the file and where in it. */
export class TaxonomyFileError extends Error {
  override name = 'TaxonomyFileError';
}

/** "$.domains[0].narratives[2].name" for a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Parses and validates the text of a taxonomy file; `source` names it in errors. */
export function parseTaxonomyFile(text: string, source: string): TaxonomyFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    throw new TaxonomyFileError(`${source}${at ? `:${lineColumn(text, Number(at[1]))}` : ''}: not valid JSON (${message})`);
  }
  const parsed = TaxonomyFileSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${source}: ${jsonPath(i.path)}: ${i.message}`);
    throw new TaxonomyFileError(lines.join('\n'));
  }
  return parsed.data;
}

/** Reads and validates a taxonomy file. */
export function readTaxonomyFile(path: string): TaxonomyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TaxonomyFileError(`${path}: cannot read the taxonomy file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseTaxonomyFile(text, path);
}

/** The label string of a narrative of a domain. */
export const narrativeLabel = (code: string, narrative: string): string => `${code}: ${narrative}`;

/** The label string of a sub-narrative. */
export const subNarrativeLabel = (code: string, narrative: string, sub: string): string => `${code}: ${narrative}: ${sub}`;

/**
 * The label lists a narrative model is trained and scored on (tasks/narratives/taxonomy.ts), as the
 * SemEval lists hold them: "Other", each narrative, each sub-narrative and each "<narrative>: Other".
 */
export function labelLists(file: TaxonomyFile): Taxonomy {
  const narratives = [OTHER];
  const subNarratives = [OTHER];
  for (const d of file.domains)
    for (const n of d.narratives) {
      const label = narrativeLabel(d.code, n.name);
      narratives.push(label);
      for (const s of n.subNarratives) subNarratives.push(subNarrativeLabel(d.code, n.name, s.name));
      subNarratives.push(otherSubOf(label));
    }
  return { narratives, subNarratives };
}

/** Both lists together, each label once, "Other" first (a custom taxonomy beside the SemEval one). */
export function mergeLabelLists(a: Taxonomy, b: Taxonomy): Taxonomy {
  const merge = (x: readonly string[], y: readonly string[]) => [...new Set([...x, ...y])];
  return { narratives: merge(a.narratives, b.narratives), subNarratives: merge(a.subNarratives, b.subNarratives) };
}
