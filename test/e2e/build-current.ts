/** vitest globalSetup of the e2e and load projects: runs `npm run build` when dist/ is missing or older than its sources, so spawned CLIs, analysis workers and the served dashboard are the current code. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
/** What vite builds the dashboard from besides web/: the modules of src/ that web/src imports, and its own configs. */
const WEB_INPUTS = ['web', 'src'];
const WEB_OUTPUT = join(DIST, 'web', 'index.html');

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const mtime = (file: string): number => statSync(file).mtimeMs;

/** The first source under src/ whose compiled file in dist/ is missing or older, if any (tsc rewrites every output on each build). */
function staleCompiled(): string | undefined {
  const src = join(ROOT, 'src');
  for (const file of filesUnder(src)) {
    const rel = relative(src, file);
    if (rel.endsWith('.d.ts')) continue;
    if (rel.endsWith('.ts')) {
      const out = join(DIST, rel.replace(/\.ts$/, '.js'));
      if (!existsSync(out) || mtime(out) < mtime(file)) return rel;
    } else if (rel.endsWith('.json')) {
      // tsc copies a JSON file only when a module imports it, so only a copy that exists can be stale.
      const out = join(DIST, rel);
      if (existsSync(out) && mtime(out) < mtime(file)) return rel;
    }
  }
  return undefined;
}

/** True when the dashboard bundle is missing or older than any file it may be built from. */
function staleDashboard(): boolean {
  if (!existsSync(WEB_OUTPUT)) return true;
  const built = mtime(WEB_OUTPUT);
  return WEB_INPUTS.some((dir) => filesUnder(join(ROOT, dir)).some((file) => mtime(file) > built));
}

/** Why dist/ must be rebuilt, or undefined when it is current. */
export function buildReason(): string | undefined {
  const compiled = staleCompiled();
  if (compiled) return `dist/ is older than src/${compiled}`;
  if (staleDashboard()) return 'dist/web is older than the dashboard sources';
  return undefined;
}

export default function setup(): void {
  const reason = buildReason();
  if (!reason) return;
  process.stderr.write(`e2e: ${reason}: npm run build\n`);
  // The package's own build command, so these tests run exactly what `npm run build` ships.
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`npm run build failed (exit ${r.status}); the end-to-end tests need the current code built:\n${`${r.stdout}${r.stderr}`.slice(-4000)}`);
  }
}
