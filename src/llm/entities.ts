/**
 * Entity roles through a language model: the entities the fast tier found (their names; in the hybrid
 * tier also its roles as candidates) are sent with the role taxonomy, and the answer's roles replace
 * the fast ones for the entities answered, each checked against the taxonomy and its quotes against
 * the article. Entities the model leaves out keep their fast-tier roles.
 */
import type { Analysis } from '../schema.js';
import { fineRolesOf, isMainRole, type RoleTaxonomy } from '../tasks/entities/taxonomy.js';
import type { ChatRequest } from './provider.js';
import type { AnswerSource } from './narratives.js';
import { AnswerError, articleBlock, bullets, ENTITIES_ANSWER_SCHEMA, ENTITIES_SYSTEM } from './prompts.js';
import { QuoteIndex } from './quotes.js';

type Entity = NonNullable<Analysis['entities']>[number];

/** The roles listed by main role. */
function roleListing(taxonomy: RoleTaxonomy): string {
  return taxonomy.mainRoles.map((m) => `${bullets([m])}\n${bullets(fineRolesOf(taxonomy, m), 1)}`).join('\n');
}

/** One entity as listed: its name, and in the hybrid tier the fast tier's roles with their probabilities. */
function entityLine(e: Entity, withCandidates: boolean): string {
  if (!withCandidates) return e.name;
  const fine = e.fineRoles.map((r) => `${r.role} ${r.score.toFixed(2)}`).join(', ');
  return `${e.name} (a fast classifier suggests ${e.mainRole} ${e.confidence.toFixed(2)}${fine ? `; ${fine}` : ''})`;
}

/** The chat request for the roles of the fast tier's entities. */
export function entitiesRequest(cleanText: string, entities: readonly Entity[], taxonomy: RoleTaxonomy, withCandidates: boolean): ChatRequest {
  return {
    messages: [
      { role: 'system', content: ENTITIES_SYSTEM },
      {
        role: 'user',
        content:
          `Roles (fine roles indented under their main role):\n${roleListing(taxonomy)}\n\n` +
          `Entities:\n${bullets(entities.map((e) => entityLine(e, withCandidates)))}\n\n${articleBlock(cleanText)}`,
      },
    ],
    schema: ENTITIES_ANSWER_SCHEMA as unknown as Record<string, unknown>,
    schemaName: 'entities',
    temperature: 0,
    maxTokens: 1200,
  };
}

interface EntitiesAnswer {
  entities: { name: string; mainRole: string; fineRoles: string[]; quotes: string[] }[];
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The entities with the model's roles for those it answered about. Throws AnswerError for a role
 * outside the taxonomy (or a fine role of another main role) and for an entity that was not listed.
 */
export function entitiesFromAnswer(json: unknown, raw: string, entities: readonly Entity[], taxonomy: RoleTaxonomy, source: AnswerSource): Entity[] {
  const answer = json as EntitiesAnswer;
  const quotes = new QuoteIndex(raw);
  const problems: string[] = [];
  const unknown: string[] = [];
  const byName = new Map<string, EntitiesAnswer['entities'][number]>();
  for (const a of answer.entities) {
    const listed = entities.find((e) => fold(e.name) === fold(a.name));
    if (!listed) unknown.push(`"${a.name}"`);
    else if (!isMainRole(a.mainRole)) problems.push(`main role "${a.mainRole}" of "${a.name}"`);
    else {
      const own = fineRolesOf(taxonomy, a.mainRole);
      for (const f of a.fineRoles) if (!own.includes(f)) problems.push(`fine role "${f}" of "${a.name}"${taxonomy.mainOf.has(f) ? ` (a role of ${taxonomy.mainOf.get(f)}, not ${a.mainRole})` : ''}`);
      byName.set(listed.name, a);
    }
  }
  if (problems.length) throw new AnswerError('outside-taxonomy', `roles outside the taxonomy: ${problems.join('; ')}`);
  if (unknown.length) throw new AnswerError('unknown-entity', `entities that were not listed: ${unknown.join(', ')}`);
  return entities.map((e) => {
    const a = byName.get(e.name);
    if (!a) return e;
    const { verified } = quotes.check(a.quotes);
    return {
      ...e,
      mainRole: a.mainRole as Entity['mainRole'],
      fineRoles: [...new Set(a.fineRoles)].map((role) => ({ role, score: 1 })),
      confidence: 1,
      evidence: verified,
      tier: source.tier,
      model: source.model,
      verified: verified.length > 0,
    };
  });
}
