/**
 * `narrascope tokens create|list|revoke|log`: the named API tokens of a store (--db), with roles viewer, annotator and
 * admin, and the log of writes with their authors. `create` prints the secret once, on standard output (the store keeps only its hash); `revoke` takes effect
 * on the server's next request. Each change is logged in the store's write log with the author "cli".
 */
import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../store/annotations.js';
import type { StorageEngine } from '../store/engine.js';
import { openStore } from '../store/open.js';
import { formatTable } from './list.js';
import { dbOption, nonNegativeInt } from './store-options.js';

/** A positive integer option, naming it on error. */
const positiveInt = (name: string) => (value: string) => {
  const n = nonNegativeInt(name)(value);
  if (n === 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
};

/** The author of the writes made from the command line, which no token makes. */
export const CLI_AUTHOR = 'cli';

async function withStore<T>(db: string | undefined, mustExist: boolean, run: (store: StorageEngine) => Promise<T>): Promise<T> {
  const store = await openStore({ db, mustExist });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

const logged = (store: StorageEngine, action: string, target: string) => store.tokens.logWrite({ at: new Date().toISOString(), author: CLI_AUTHOR, action, target });

async function create(name: string, options: { role: Role; db?: string }): Promise<void> {
  await withStore(options.db, false, async (store) => {
    const { secret, info } = await store.tokens.createToken(name, options.role);
    await logged(store, 'token.create', `${name} (${info.role})`);
    process.stdout.write(`${secret}\n`);
    process.stderr.write(`token "${info.name}" (${info.role}) created in ${store.location}; the secret above is shown only now: send it as "Authorization: Bearer <secret>"\n`);
  });
}

async function list(options: { json?: boolean; db?: string }): Promise<void> {
  await withStore(options.db, true, async (store) => {
    const tokens = await store.tokens.listTokens();
    if (options.json) {
      for (const t of tokens) process.stdout.write(`${JSON.stringify(t)}\n`);
      return;
    }
    const cells = tokens.map((t) => [t.name, t.role, t.createdAt.slice(0, 16).replace('T', ' '), t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-', t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : 'active']);
    process.stdout.write(formatTable(['NAME', 'ROLE', 'CREATED', 'LAST USED', 'STATE'], cells));
    if (tokens.length === 0) process.stderr.write(`no tokens in ${store.location} (narrascope tokens create <name> --role <role>)\n`);
  });
}

async function revoke(name: string, options: { db?: string }): Promise<void> {
  await withStore(options.db, true, async (store) => {
    if (!(await store.tokens.revokeToken(name))) throw new Error(`no token named "${name}" in ${store.location} (narrascope tokens list shows them)`);
    await logged(store, 'token.revoke', name);
    process.stderr.write(`token "${name}" revoked: the server refuses it from its next request\n`);
  });
}

async function log(options: { limit: number; json?: boolean; db?: string }): Promise<void> {
  await withStore(options.db, true, async (store) => {
    const entries = await store.tokens.writeLog(options.limit);
    if (options.json) {
      for (const e of entries) process.stdout.write(`${JSON.stringify(e)}\n`);
      return;
    }
    process.stdout.write(formatTable(['AT', 'AUTHOR', 'ACTION', 'TARGET'], entries.map((e) => [e.at.slice(0, 19).replace('T', ' '), e.author, e.action, e.target])));
  });
}

export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('named API tokens with roles (viewer, annotator, admin): create, list, revoke; the write log');
  dbOption(tokens.command('create').description('create a token and print its secret once'))
    .argument('<name>', 'the token\'s name: the author of its writes (letters, digits, ".", "_", "@", "-")')
    .addOption(new Option('--role <role>', 'viewer: reads; annotator: reads and annotates; admin: everything').choices(ROLES).makeOptionMandatory())
    .action((name: string, options: { role: Role; db?: string }) => create(name, options));
  dbOption(tokens.command('list').description('the tokens, revoked ones included (never their secrets)'))
    .option('--json', 'one JSON object per token')
    .action((options: { json?: boolean; db?: string }) => list(options));
  dbOption(tokens.command('log').description('the latest writes with their authors, newest first'))
    .option('--limit <n>', 'how many (default 50, at most 10,000)', positiveInt('--limit'), 50)
    .option('--json', 'one JSON object per write')
    .action((options: { limit: number; json?: boolean; db?: string }) => log(options));
  dbOption(tokens.command('revoke').description('revoke a token at once (its name stays taken)'))
    .argument('<name>')
    .action((name: string, options: { db?: string }) => revoke(name, options));
}

export { registerTokens as register };
