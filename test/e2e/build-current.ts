/** vitest globalSetup of the e2e and load projects: runs `npm run build` when dist/ is missing or older than its sources, so spawned CLIs, analysis workers and the served dashboard are the current code. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** What vite builds the dashboard from: web/, and the modules of src/ that web/src imports. */
const WEB_INPUTS = ['web', 'src'];
/** Left in dist/ by a failed build: tsc writes its output even when it reports errors, so dist/ would look current. */
const FAILED_MARK = '.build-failed';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const mtime = (file: string): number => statSync(file).mtimeMs;

/** The first source under src/ whose compiled file in dist/ is missing or older, if any (tsc rewrites every output on each build). */
function staleCompiled(root: string): string | undefined {
  const src = join(root, 'src');
  for (const file of filesUnder(src)) {
    const rel = relative(src, file);
    if (rel.endsWith('.d.ts')) continue;
    if (rel.endsWith('.ts')) {
      const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
      if (!existsSync(out) || mtime(out) < mtime(file)) return rel;
    } else if (rel.endsWith('.json')) {
      // tsc copies a JSON file only when a module imports it, so only a copy that exists can be stale.
      const out = join(root, 'dist', rel);
      if (existsSync(out) && mtime(out) < mtime(file)) return rel;
    }
  }
  return undefined;
}

/** True when the dashboard bundle is missing or older than any file it may be built from. */
function staleDashboard(root: string): boolean {
  const bundle = join(root, 'dist', 'web', 'index.html');
  if (!existsSync(bundle)) return true;
  const built = mtime(bundle);
  return WEB_INPUTS.some((dir) => filesUnder(join(root, dir)).some((file) => mtime(file) > built));
}

/** Why dist/ under `root` must be rebuilt, or undefined when it is current. */
export function buildReason(root: string): string | undefined {
  if (existsSync(join(root, 'dist', FAILED_MARK))) return 'the last build failed';
  const compiled = staleCompiled(root);
  if (compiled) return `dist/ is older than src/${compiled}`;
  if (staleDashboard(root)) return 'dist/web is older than the dashboard sources';
  return undefined;
}

export default function setup(): void {
  const reason = buildReason(ROOT);
  if (!reason) return;
  process.stderr.write(`e2e: ${reason}: npm run build\n`);
  // The package's own build command, so these tests run exactly what `npm run build` ships.
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  const mark = join(ROOT, 'dist', FAILED_MARK);
  if (r.status !== 0) {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(mark, `${r.stdout}${r.stderr}`);
    throw new Error(`npm run build failed (exit ${r.status}); the end-to-end tests need the current code built:\n${`${r.stdout}${r.stderr}`.slice(-4000)}`);
  }
  rmSync(mark, { force: true });
}
