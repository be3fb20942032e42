/**
 * node-llama-cpp is an optional dependency loaded only when the gguf provider is used: no module
 * imports it at load time except through a dynamic import in src/llm/gguf.ts, and gguf.ts itself is
 * reached only by dynamic import, so a run without a model never touches the native engine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Import statements that load a module when the importing module loads (type-only imports are erased). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[2]);
}

describe('the optional engine stays unloaded', () => {
  const files = sources('src');

  it('imports node-llama-cpp only dynamically, and only in src/llm/gguf.ts', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(staticImports(code), file).not.toContain('node-llama-cpp');
      if (/import\(\s*['"]node-llama-cpp['"]\s*\)/.test(code)) expect(file).toBe(join('src', 'llm', 'gguf.ts'));
    }
  });

  it('imports the gguf provider only dynamically', () => {
    for (const file of files) {
      const imports = staticImports(readFileSync(file, 'utf8'));
      expect(imports.filter((s) => /(^|\/)gguf\.js$/.test(s) && !/tiny/.test(s)), file).toEqual([]);
    }
  });

  it('sees static imports and ignores type-only ones (a check of the check)', () => {
    expect(staticImports("import { a } from 'node-llama-cpp';\nimport type * as T from 'x';\nexport { b } from './gguf.js';")).toEqual(['node-llama-cpp', './gguf.js']);
  });
});
