/** `narrascope show` with a hash prefix: too short a prefix says how long it must be; 8 characters find the article. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundMessage } from '../../src/cli/show.js';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { MIN_HASH_PREFIX } from '../../src/store/types.js';
import { exampleArticle, tempStore } from '../store/fixtures.js';

describe('show: hash prefixes', () => {
  let store: SqliteStore;
  let close: () => void;
  let hash: string;
  beforeAll(() => {
    ({ store, close } = tempStore('narrascope-show-'));
    const article = createArticle({ raw: exampleArticle(3, 1), id: 'example-3', origin: { format: 'text' } });
    store.putBatch([{ article, analysis: analyzeArticle(article, { annotators: [] }) }]);
    hash = article.hash;
  });
  afterAll(() => close());

  it('finds an article by a prefix of MIN_HASH_PREFIX characters, not by a shorter one', () => {
    expect(MIN_HASH_PREFIX).toBe(8);
    expect(store.get(hash.slice(0, 8))?.id).toBe('example-3');
    expect(store.get(hash.slice(0, 7).toUpperCase())).toBeUndefined();
    expect(store.get(hash.slice(0, 7))).toBeUndefined();
  });

  it('says how long a prefix must be when the one given is too short', () => {
    const msg = notFoundMessage(hash.slice(0, 5));
    expect(msg).toContain('at least 8 characters');
    expect(msg).toContain('got 5');
  });

  it('says a longer prefix or id matched nothing, without the length hint', () => {
    expect(notFoundMessage('0000000000')).toMatch(/no stored article with id or hash "0000000000".*exactly one article/);
    expect(notFoundMessage('some-id')).not.toContain('at least');
  });
});
