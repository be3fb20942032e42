/** HTML reader: the main text of a web page through Readability (on a linkedom document), paragraphs kept. */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { createArticle, joinTitleAndText, type Article } from '../../doc/article.js';
import { checkMetadata, type FoundValue } from '../metadata.js';
import type { ReadWarning, SkipReason } from '../types.js';
import { blockText, inlineText } from './markup-text.js';

export type PageResult = { ok: true; article: Article; warnings: ReadWarning[] } | { ok: false; reason: SkipReason; message: string };

type Doc = ReturnType<typeof parseHTML>['document'];

function attr(document: Doc, selector: string, name: string): string | undefined {
  const value = document.querySelector(selector)?.getAttribute(name)?.trim();
  return value ? value : undefined;
}

/** The first `selector`'s attribute with a value (in the order given), named by `field` for a warning. */
function firstAttr(document: Doc, candidates: readonly (readonly [selector: string, attribute: string, field: string])[]): FoundValue | undefined {
  for (const [selector, attribute, field] of candidates) {
    const value = attr(document, selector, attribute);
    if (value) return { value, field };
  }
  return undefined;
}

/** Page metadata read before Readability changes the document: canonical url, site name, publication date. */
function pageMeta(document: Doc): { url?: FoundValue; source?: string; publishedAt?: FoundValue } {
  const url = firstAttr(document, [
    ['link[rel~="canonical"]', 'href', '<link rel="canonical">'],
    ['meta[property="og:url"]', 'content', '<meta property="og:url">'],
  ]);
  const source = attr(document, 'meta[property="og:site_name"]', 'content');
  const publishedAt = firstAttr(document, [
    ['meta[property="article:published_time"]', 'content', '<meta property="article:published_time">'],
    ['meta[name="article:published_time"]', 'content', '<meta name="article:published_time">'],
    ['time[datetime]', 'datetime', '<time datetime>'],
  ]);
  return { ...(url ? { url } : {}), ...(source ? { source } : {}), ...(publishedAt ? { publishedAt } : {}) };
}

/**
 * Turns an HTML page into an Article: raw = Readability's title, a blank line, then the main text with
 * one paragraph per line. Falls back to the whole body's text when Readability finds no article.
 */
export function htmlToArticle(html: string, origin: Article['origin'], id?: string): PageResult {
  const { document } = parseHTML(html);
  const meta = pageMeta(document);
  const fallbackTitle = inlineText(document.querySelector('title')?.textContent ?? '');
  let title = fallbackTitle;
  let text = '';
  let publishedAt = meta.publishedAt;
  let source = meta.source;
  try {
    const parsed = new Readability(document as unknown as globalThis.Document).parse();
    if (parsed) {
      title = inlineText(parsed.title ?? '') || fallbackTitle;
      if (!publishedAt && parsed.publishedTime) publishedAt = { value: parsed.publishedTime, field: 'datePublished' };
      source ??= parsed.siteName ?? undefined;
      if (parsed.content) {
        const { document: content } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`);
        text = blockText(content.body as never);
      }
    }
  } catch {
    // Readability gives up on some odd documents; the body's own text is still worth having.
  }
  if (!text) {
    const { document: again } = parseHTML(html);
    text = again.body ? blockText(again.body as never) : '';
  }
  if (!text.trim()) return { ok: false, reason: 'empty', message: 'HTML page has no readable text' };
  const checked = checkMetadata({ ...(meta.url ? { url: meta.url } : {}), ...(publishedAt ? { publishedAt } : {}) }, { path: origin.path ?? '' });
  const article = createArticle({
    raw: joinTitleAndText(title, text),
    origin,
    ...(id ? { id } : {}),
    ...(checked.url ? { url: checked.url } : {}),
    ...(source ? { source } : {}),
    ...(checked.publishedAt ? { publishedAt: checked.publishedAt } : {}),
  });
  return { ok: true, article, warnings: checked.warnings };
}
