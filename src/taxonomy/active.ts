/**
 * The active narrative taxonomy — what the label picker offers and what a label is checked against:
 * the file named by `--taxonomy` or NARRASCOPE_TAXONOMY, else the taxonomy the user's installed
 * narrative model was trained on (`train narratives --from-store --taxonomy`), else the SemEval-2025
 * labels of the shipped models. A label outside it (a retired taxonomy's, stored in analyses and
 * decisions) stays readable: labelStatus says it is not in the active taxonomy.
 */
import { latestInstalledTaxonomy } from '../learn/from-store-install.js';
import { narrativeModelFor } from '../tasks/narratives/annotate.js';
import { modelLanguages, taskModelDir } from '../tasks/models.js';
import { OTHER, isOtherSub, parentOf, type Taxonomy } from '../tasks/narratives/taxonomy.js';
import { labelLists, mergeLabelLists, narrativeLabel, readTaxonomyFile, subNarrativeLabel, type TaxonomyFile } from './file.js';

export interface TaxonomyLabel {
  /** The label string stored in analyses and decisions. */
  label: string;
  name: string;
  definition?: string;
  examples?: string[];
}

export interface ActiveNarrative extends TaxonomyLabel {
  subNarratives: TaxonomyLabel[];
}

export interface ActiveDomain {
  code: string;
  name: string;
  definition?: string;
  narratives: ActiveNarrative[];
}

/** The active taxonomy, as `GET /api/taxonomy` serves it. */
export interface ActiveTaxonomy {
  id: string;
  version: string;
  /** Where it came from: a file (path), the installed model's, or the SemEval labels of the shipped models. */
  source: { kind: 'file'; path: string } | { kind: 'installed' } | { kind: 'semeval' };
  domains: ActiveDomain[];
  /** The flat label lists (tasks/narratives/taxonomy.ts), "Other" and "<narrative>: Other" included. */
  labels: Taxonomy;
}

/** Names of the SemEval-2025 Task 10 domains (the label lists come from the shipped models, without definitions). */
const SEMEVAL_DOMAINS: Record<string, string> = { URW: 'War in Ukraine', CC: 'Climate change' };

/** The domains of a taxonomy file with their label strings. */
function domainsOfFile(file: TaxonomyFile): ActiveDomain[] {
  return file.domains.map((d) => ({
    code: d.code,
    name: d.name,
    ...(d.definition ? { definition: d.definition } : {}),
    narratives: d.narratives.map((n) => ({
      label: narrativeLabel(d.code, n.name),
      name: n.name,
      definition: n.definition,
      ...(n.examples ? { examples: n.examples } : {}),
      subNarratives: n.subNarratives.map((s) => ({ label: subNarrativeLabel(d.code, n.name, s.name), name: s.name, definition: s.definition, ...(s.examples ? { examples: s.examples } : {}) })),
    })),
  }));
}

/** Domains of bare label lists (SemEval's): "<CODE>: <name>" narratives, their specific sub-narratives. */
function domainsOfLists(lists: Taxonomy): ActiveDomain[] {
  const domains = new Map<string, ActiveDomain>();
  for (const label of lists.narratives) {
    if (label === OTHER) continue;
    const code = label.slice(0, label.indexOf(': '));
    const name = label.slice(code.length + 2);
    const subs = lists.subNarratives.filter((s) => !isOtherSub(s) && parentOf(s, lists.narratives) === label).map((s) => ({ label: s, name: s.slice(label.length + 2) }));
    let d = domains.get(code);
    if (!d) domains.set(code, (d = { code, name: SEMEVAL_DOMAINS[code] ?? code, narratives: [] }));
    d.narratives.push({ label, name, subNarratives: subs });
  }
  return [...domains.values()];
}

/** The SemEval labels the shipped models were trained on (union over languages); empty without models. */
export function semevalLabels(): Taxonomy {
  let lists: Taxonomy = { narratives: [OTHER], subNarratives: [OTHER] };
  for (const lang of modelLanguages(taskModelDir('narratives'))) {
    const t = narrativeModelFor(lang)?.meta.taxonomy;
    if (t && t.narratives.some((n) => n.startsWith('URW: ') || n.startsWith('CC: '))) lists = mergeLabelLists(lists, t);
  }
  return lists;
}

/** A taxonomy file as the active taxonomy, with the SemEval labels beside it when it asks for them. */
export function fromFile(file: TaxonomyFile, source: ActiveTaxonomy['source']): ActiveTaxonomy {
  const semeval = file.withSemEval ? semevalLabels() : null;
  return {
    id: file.id,
    version: file.version,
    source,
    domains: [...domainsOfFile(file), ...(semeval ? domainsOfLists(semeval) : [])],
    labels: semeval ? mergeLabelLists(labelLists(file), semeval) : labelLists(file),
  };
}

const cache = new Map<string, ActiveTaxonomy>();

/**
 * The active taxonomy (see the file comment); `path` is a `--taxonomy` value. Read once per source;
 * a bad file throws TaxonomyFileError naming the file and the JSON path.
 */
export function activeTaxonomy(path: string | undefined = process.env.NARRASCOPE_TAXONOMY || undefined): ActiveTaxonomy {
  const key = path ?? '';
  let t = cache.get(key);
  if (t) return t;
  if (path) t = fromFile(readTaxonomyFile(path), { kind: 'file', path });
  else {
    const installed = latestInstalledTaxonomy('narratives');
    t = installed ? fromFile(installed, { kind: 'installed' }) : { id: 'semeval2025-t10', version: '2025', source: { kind: 'semeval' }, domains: domainsOfLists(semevalLabels()), labels: semevalLabels() };
  }
  cache.set(key, t);
  return t;
}

/** Forgets the taxonomies read (after an install, or in tests that change the environment). */
export function resetActiveTaxonomy(): void {
  cache.clear();
}

export type LabelLevel = 'narrative' | 'subNarrative';

/** Whether a stored label is in the active taxonomy; `active: false` marks a retired (or unknown) label, still shown as stored. */
export interface LabelStatus {
  label: string;
  active: boolean;
  /** Its level, when known from the active taxonomy, else from its shape ("<CODE>: <n>" or "<CODE>: <n>: <s>"). */
  level: LabelLevel | null;
  /** Its definition in the active taxonomy, when it has one. */
  definition?: string;
}

/** The status of a narrative or sub-narrative label against the active taxonomy (or `taxonomy`). */
export function labelStatus(label: string, taxonomy: ActiveTaxonomy = activeTaxonomy()): LabelStatus {
  for (const d of taxonomy.domains)
    for (const n of d.narratives) {
      if (n.label === label) return { label, active: true, level: 'narrative', ...(n.definition ? { definition: n.definition } : {}) };
      const s = n.subNarratives.find((x) => x.label === label);
      if (s) return { label, active: true, level: 'subNarrative', ...(s.definition ? { definition: s.definition } : {}) };
    }
  if (label === OTHER) return { label, active: true, level: 'narrative' };
  if (taxonomy.labels.subNarratives.includes(label)) return { label, active: true, level: 'subNarrative' };
  const parts = label.split(': ').length;
  return { label, active: false, level: parts === 2 ? 'narrative' : parts >= 3 ? 'subNarrative' : null };
}
