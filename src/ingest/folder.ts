/**
 * Walking a folder: every supported file, recursively, in sorted order, without hidden files or
 * annotation files. A corpus tree (one holding document folders such as SemEval's `raw-documents/`
 * or `subtask-2-documents/`) is read through its document folders only, and copies of the same
 * document in sibling folders (`subtask-1-documents` ⊂ `subtask-2-documents`) are read once.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import layout from './folder-layout.json' with { type: 'json' };
import type { ReadItem } from './types.js';
import { fileErrorProblem } from './problem.js';
import { kindByExtension } from './sniff.js';

const DOCUMENT_FOLDERS = layout.documentFolders.map((p) => new RegExp(p, 'i'));
const SKIP_FILES = layout.skipFiles.map((p) => new RegExp(p, 'i'));
/** How deep, and through how many folders, to look for document folders before deciding a tree is a corpus. */
const CORPUS_PROBE_DEPTH = 4;
const CORPUS_PROBE_FOLDERS = 2000;

/** A file found by the walk; `corpus` when it sits in a corpus document folder. */
export interface FolderFile {
  path: string;
  corpus: boolean;
}

export function isDocumentFolder(name: string): boolean {
  return DOCUMENT_FOLDERS.some((re) => re.test(name));
}

/** True for files a folder walk reads: not hidden, a supported (or no) extension, not an annotation file. */
export function isArticleFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  if (kindByExtension(name) === null) return false;
  return !SKIP_FILES.some((re) => re.test(name));
}

/** Documents folders that hold copies of the same documents share a key: the name without `subtask-N`. */
function groupKey(name: string): string {
  return name.toLowerCase().replace(/-?subtask-\d+-?/, '-');
}

interface Entry {
  name: string;
  path: string;
  isDir: boolean;
}

/** The visible entries of a folder, sorted by name (code-unit order, so the same on every machine). */
async function listFolder(dir: string): Promise<Entry[]> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const entries: Entry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    const path = join(dir, d.name);
    let isDir = d.isDirectory();
    if (d.isSymbolicLink()) {
      try {
        isDir = (await stat(path)).isDirectory();
      } catch {
        isDir = false; // a broken link is reported when it is read as a file
      }
    }
    entries.push({ name: d.name, path, isDir });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** True when a document folder lies within a few levels of `root` (the root itself not counted). */
async function holdsDocumentFolders(root: string): Promise<boolean> {
  let level = [root];
  let probed = 0;
  for (let depth = 0; depth < CORPUS_PROBE_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (++probed > CORPUS_PROBE_FOLDERS) return false;
      let entries: Entry[];
      try {
        entries = await listFolder(dir);
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isDir) continue;
        if (isDocumentFolder(e.name)) return true;
        next.push(e.path);
      }
    }
    level = next;
  }
  return false;
}

/**
 * Yields the files to read under `root`, in sorted order, and a problem for each folder that cannot
 * be listed. Only names are held in memory, one folder at a time.
 */
export async function* walkFolder(root: string): AsyncGenerator<FolderFile | ReadItem> {
  const corpusMode = !isDocumentFolder(basename(root)) && (await holdsDocumentFolders(root));
  const visited = new Set<string>();

  async function* walk(dir: string, inDocuments: boolean, seenNames?: Set<string>): AsyncGenerator<FolderFile | ReadItem> {
    let entries: Entry[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) return; // a symbolic link loop
      visited.add(real);
      entries = await listFolder(dir);
    } catch (err) {
      yield fileErrorProblem(dir, err);
      return;
    }
    if (corpusMode && !inDocuments) {
      // Above the document folders only sub-folders matter: loose files here are annotations and notes.
      const groupsDone = new Set<string>();
      for (const e of entries) {
        if (!e.isDir) continue;
        if (!isDocumentFolder(e.name)) {
          yield* walk(e.path, false);
          continue;
        }
        const key = groupKey(e.name);
        if (groupsDone.has(key)) continue;
        groupsDone.add(key);
        yield* walkDocumentGroup(entries.filter((s) => s.isDir && isDocumentFolder(s.name) && groupKey(s.name) === key));
      }
      return;
    }
    for (const e of entries) {
      if (e.isDir) {
        yield* walk(e.path, inDocuments);
      } else if (isArticleFileName(e.name) && !seenNames?.has(e.name)) {
        seenNames?.add(e.name);
        yield { path: e.path, corpus: inDocuments };
      }
    }
  }

  /** Sibling folders with copies of the same documents: the fullest first, then only names not yet read. */
  async function* walkDocumentGroup(folders: Entry[]): AsyncGenerator<FolderFile | ReadItem> {
    const sized = await Promise.all(
      folders.map(async (f) => ({ f, n: await readdir(f.path).then((names) => names.length, () => 0) })),
    );
    sized.sort((a, b) => b.n - a.n || (a.f.name < b.f.name ? -1 : 1));
    const seenNames = new Set<string>();
    for (const { f } of sized) yield* walk(f.path, true, seenNames);
  }

  yield* walk(root, isDocumentFolder(basename(root)));
}
