/**
 * The provenance task: machine-translation damage (entity near-misses, calques) and sourcing
 * (anonymous and named attributions) in the clean text, as `analysis.provenance.damage`,
 * `.sourcing` and `.note`. The pipeline adds these to the outlets cleaning found (`attributedTo`).
 * Rules and word lists only, no model: names.ts, calques.ts, sourcing.ts and their JSON lists.
 */
import { createHash } from 'node:crypto';
import type { Doc } from '../../doc/doc.js';
import { versionTag } from '../../learn/modelfile.js';
import type { Analysis, DamageSpan, SourcingSpan } from '../../schema.js';
import type { Task, TaskPart } from '../task.js';
import { CALQUE_LANGUAGES, findCalques } from './calques.js';
import { findNearMisses, NameIndex, type KnownEntity } from './names.js';
import { findAttributions, SOURCING_LANGUAGES, summariseSourcing } from './sourcing.js';
import calqueLists from './calques.json' with { type: 'json' };
import knownNames from './known-names.json' with { type: 'json' };
import nameRules from './name-rules.json' with { type: 'json' };
import sourcingLists from './sourcing.json' with { type: 'json' };
import transliteration from './transliteration.json' with { type: 'json' };

/** What the task adds to `analysis.provenance` (the pipeline keeps `attributedTo` from cleaning). */
export type ProvenanceFindings = Omit<Analysis['provenance'], 'attributedTo'>;

export interface ProvenanceOptions {
  /** The curated entity list (src/tasks/entities/data/curated-entities.json), whose names near-misses are measured against. */
  entities?: readonly KnownEntity[];
  /** More known names for a language, e.g. the corpus's frequent names (store frequentNames). */
  extraNames?: (language: string) => readonly string[];
}

/** Below this many words a text is too short to judge (a title, a caption). */
export const MIN_WORDS = 12;
const VERSION = 'rules-1';

/** A span found in the clean view, moved to raw offsets with the raw text it covers. */
function rawSpanOf<T extends { start: number; end: number; text: string }>(doc: Doc, s: T): T {
  const raw = doc.view.toRawSpan(s);
  return { ...s, start: raw.start, end: raw.end, text: doc.article.raw.slice(raw.start, raw.end) };
}

/** The languages with a name list (Latin or Cyrillic known names and endings) and a sourcing list. */
export const PROVENANCE_LANGUAGES: readonly string[] = SOURCING_LANGUAGES;

export class ProvenanceAnnotator implements Task<null, ProvenanceFindings> {
  readonly id = 'provenance';
  readonly requires = [];
  readonly facets = [];
  private readonly baseIndex: NameIndex;
  /** What `analysis.models` records: the rules' version and a digest of the lists, so `reanalyze` refreshes analyses when a list changes. */
  private readonly versionName: string;
  private readonly extraIndexes = new Map<string, { names: readonly string[]; index: NameIndex }>();

  constructor(private readonly options: ProvenanceOptions = {}) {
    this.baseIndex = new NameIndex(options.entities ?? []);
    const lists = JSON.stringify([calqueLists, knownNames, nameRules, sourcingLists, transliteration, options.entities ?? []]);
    this.versionName = versionTag(VERSION, createHash('sha256').update(lists).digest('hex').slice(0, 12));
  }

  languages(): readonly string[] {
    return PROVENANCE_LANGUAGES;
  }

  model(): null {
    return null;
  }

  version(): string {
    return this.versionName;
  }

  skip(doc: Doc): string | undefined {
    if (doc.wordCount < MIN_WORDS) return `text too short to look for machine-translation damage and sourcing (${doc.wordCount} words, at least ${MIN_WORDS} needed)`;
    return undefined;
  }

  notRun(reason: string): ProvenanceFindings {
    return { note: `Damage and sourcing not looked for: ${reason}.` };
  }

  annotate(doc: Doc): ProvenanceFindings {
    const lang = doc.language.code;
    const text = doc.view.text;
    const toRaw = <T extends { start: number; end: number; text: string }>(s: T): T => rawSpanOf(doc, s);
    const damage: DamageSpan[] = [
      ...findNearMisses(text, doc.viewSentences.map((s) => s.start), this.indexFor(lang), lang).map((n) => toRaw({ ...n, kind: 'entity-near-miss' as const })),
      ...findCalques(text, lang).map((c) => toRaw({ ...c, kind: 'calque' as const })),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    const spans: SourcingSpan[] = findAttributions(text, lang).map(toRaw);
    const section: ProvenanceFindings = { damage, sourcing: summariseSourcing(spans) };
    if (!CALQUE_LANGUAGES.includes(lang)) section.note = `No calque list for language "${lang}": only names and sourcing were checked.`;
    return section;
  }

  /** The name index with the caller's extra names for the language, rebuilt when the list changes. */
  private indexFor(lang: string): NameIndex {
    const names = this.options.extraNames?.(lang);
    if (!names || names.length === 0) return this.baseIndex;
    const cached = this.extraIndexes.get(lang);
    if (cached && cached.names === names) return cached.index;
    // A corpus's frequent names include a farm's own mangled spellings repeated across its copies: a
    // name that is itself a near-miss of a curated one is not taken as known, or it would hide the damage.
    const kept = names.filter((n) => findNearMisses(n, [], this.baseIndex, lang).length === 0);
    const index = new NameIndex(this.options.entities ?? [], kept);
    this.extraIndexes.set(lang, { names, index });
    return index;
  }

  /**
   * A mixed text: the parts' spans together (each part saw its own paragraphs), one summary, the notes
   * joined. A part's section is the whole provenance object (the pipeline added it to cleaning's
   * `attributedTo`), so the fields the task does not own are kept from the first part.
   */
  mergeParts(parts: readonly TaskPart<ProvenanceFindings>[]): ProvenanceFindings {
    const { damage: _damage, sourcing: _sourcing, note: _note, ...kept } = parts[0].section;
    const damage = parts.flatMap((p) => p.section.damage ?? []).sort((a, b) => a.start - b.start);
    const spans = parts.flatMap((p) => p.section.sourcing?.spans ?? []).sort((a, b) => a.start - b.start);
    const notes = [...new Set(parts.map((p) => p.section.note).filter((n): n is string => Boolean(n)))];
    const looked = parts.some((p) => p.section.damage !== undefined);
    return {
      ...kept,
      ...(looked ? { damage, sourcing: summariseSourcing(spans) } : {}),
      ...(notes.length ? { note: notes.join(' ') } : {}),
    };
  }

  labelRows(): [] {
    return [];
  }
}
