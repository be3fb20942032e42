/** Plain-text reader: the exact decoded text is the article, title on line 1 (the SemEval/PTC convention). */
import { basename, extname } from 'node:path';
import { createArticle, type Article, type SourceFormat } from '../../doc/article.js';

/** The id of a text file: its name without the extension (`article123.txt` → `article123`). */
export function idFromFileName(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

/** An Article whose raw text is `text` unchanged (BOM and CRLF kept). `path` gives the id unless it is standard input. */
export function textToArticle(text: string, path: string, format: SourceFormat): Article {
  return createArticle({ raw: text, origin: { path, format }, ...(path !== '-' ? { id: idFromFileName(path) } : {}) });
}
