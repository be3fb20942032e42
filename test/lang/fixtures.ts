/** An analysis with no task sections, for the tests of the mixed-language merge (src/lang/merge.ts). */
import type { Analysis } from '../../src/schema.js';

export const base = (): Analysis => ({
  schemaVersion: '1.0.0',
  article: { id: 'a', title: 't', hash: 'h', length: 100, origin: { format: 'text' } },
  language: { code: 'en', name: 'English', confidence: 0.6, reliable: false, alternatives: [] },
  cleaning: { removed: [], cleanLength: 100, titleSpan: { start: 0, end: 1 } },
  provenance: { attributedTo: [] },
  text: { sentences: [], paragraphs: [], sentenceCount: 0, wordCount: 0 },
  models: [],
  notes: [],
  timings: {},
});
