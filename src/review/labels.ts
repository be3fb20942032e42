/**
 * The labels an analyst's decision may name (issue 17), as GET /api/taxonomy lists them for the label picker: the
 * active narrative taxonomy, the entity roles of the installed role models, the persuasion techniques, the genres and
 * the frames. A label the stored analysis holds may always be accepted or rejected, so the labels of a retired
 * taxonomy stay open to judgement; only a label outside the vocabulary is refused.
 */
import type { Analysis } from '../schema.js';
import { AnnotationError, type AnnotationInput } from '../store/annotations.js';
import { overriddenLabel } from '../store/annotation-records.js';
import { MAIN_ROLES } from '../tasks/entities/taxonomy.js';
import { entityModelDir, loadEntityModel } from '../tasks/entities/store.js';
import { FRAMES } from '../tasks/frames/taxonomy.js';
import { GENRES } from '../tasks/genre/taxonomy.js';
import { modelLanguages } from '../tasks/models.js';
import { TECHNIQUES } from '../tasks/techniques/taxonomy.js';
import { activeTaxonomy, type ActiveTaxonomy } from '../taxonomy/active.js';

export interface RoleLabel {
  label: string;
  /** A fine role's main role. */
  main?: string;
}

/** Every label a decision may name, per task. */
export interface LabelVocabulary {
  taxonomy: ActiveTaxonomy;
  roles: RoleLabel[];
  techniques: readonly string[];
  genres: readonly string[];
  frames: readonly string[];
}

let roles: RoleLabel[] | undefined;

/** The main roles and the fine roles of every installed entity-role model (each model carries its taxonomy); read once. */
export function roleLabels(): RoleLabel[] {
  if (roles) return roles;
  const fine = new Map<string, string>();
  for (const lang of modelLanguages(entityModelDir())) {
    const t = loadEntityModel(lang)?.taxonomy;
    for (const f of t?.fineRoles ?? []) fine.set(f, t!.mainOf.get(f)!);
  }
  roles = [...MAIN_ROLES.map((label) => ({ label })), ...[...fine].map(([label, main]) => ({ label, main }))];
  return roles;
}

export function labelVocabulary(taxonomy: ActiveTaxonomy = activeTaxonomy()): LabelVocabulary {
  return { taxonomy, roles: roleLabels(), techniques: TECHNIQUES, genres: GENRES, frames: FRAMES };
}

/** The labels of a task in the vocabulary, and how a refusal names them. */
function allowed(task: string, v: LabelVocabulary): { has: (label: string) => boolean; what: string } {
  switch (task) {
    case 'narratives': {
      const { narratives, subNarratives } = v.taxonomy.labels;
      return { has: (l) => narratives.includes(l) || subNarratives.includes(l), what: `a narrative or sub-narrative of the active taxonomy (${v.taxonomy.id} ${v.taxonomy.version})` };
    }
    case 'entities':
      return { has: (l) => v.roles.some((r) => r.label === l), what: 'an entity role (a main role or a fine role of the role taxonomy)' };
    case 'techniques':
      return { has: (l) => v.techniques.includes(l), what: 'a persuasion technique' };
    case 'genre':
      return { has: (l) => v.genres.includes(l), what: `a genre (${v.genres.join(', ')})` };
    case 'frames':
      return { has: (l) => v.frames.includes(l), what: 'a frame' };
    default:
      return { has: () => false, what: 'a label of a task that takes decisions' };
  }
}

/**
 * Checks each decision's label against the vocabulary; an accept or reject of a label the stored analysis gives
 * passes whatever the vocabulary. AnnotationError naming `decisions[i].label` (400) for the first that fails.
 */
export function checkLabels(decisions: readonly AnnotationInput[], analysis: Analysis, vocabulary: LabelVocabulary = labelVocabulary()): void {
  decisions.forEach((d, i) => {
    const { has, what } = allowed(d.task, vocabulary);
    if (has(d.label)) return;
    if (d.decision !== 'add' && overriddenLabel(analysis, d) !== undefined) return;
    throw new AnnotationError(`decisions[${i}].label`, `decisions[${i}].label ${JSON.stringify(d.label)} is not ${what}; GET /api/taxonomy lists the labels`);
  });
}
