/** HTML reader: the main text of a web page through Readability (on a linkedom document), paragraphs kept. */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { createArticle, joinTitleAndText, type Article } from '../../doc/article.js';
import type { SkipReason } from '../types.js';
import { blockText, inlineText } from './markup-text.js';

export type PageResult = { ok: true; article: Article } | { ok: false; reason: SkipReason; message: string };

type Doc = ReturnType<typeof parseHTML>['document'];

function attr(document: Doc, selector: string, name: string): string | undefined {
  const value = document.querySelector(selector)?.getAttribute(name)?.trim();
  return value ? value : undefined;
}

/** Page metadata read before Readability changes the document: canonical url, site name, publication date. */
function pageMeta(document: Doc): { url?: string; source?: string; publishedAt?: string } {
  const url = attr(document, 'link[rel~="canonical"]', 'href') ?? attr(document, 'meta[property="og:url"]', 'content');
  const source = attr(document, 'meta[property="og:site_name"]', 'content');
  const publishedAt =
    attr(document, 'meta[property="article:published_time"]', 'content') ??
    attr(document, 'meta[name="article:published_time"]', 'content') ??
    attr(document, 'time[datetime]', 'datetime');
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
      publishedAt ??= parsed.publishedTime ?? undefined;
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
  const article = createArticle({
    raw: joinTitleAndText(title, text),
    origin,
    ...(id ? { id } : {}),
    ...(meta.url ? { url: meta.url } : {}),
    ...(source ? { source } : {}),
    ...(publishedAt ? { publishedAt } : {}),
  });
  return { ok: true, article };
}
