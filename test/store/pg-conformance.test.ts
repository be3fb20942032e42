/** The PostgreSQL engine against the storage-engine conformance suite: a fresh database per test (test/store/pg-env.ts). */
import { describe } from 'vitest';
import { openPostgresEngine } from '../../src/store/pg/engine.js';
import { describeStorageEngine } from './conformance.js';
import { dropDatabase, freshDatabase, pgForTests } from './pg-env.js';

const pg = await pgForTests();

describe.skipIf(!pg.available)('PostgreSQL', () => {
  describeStorageEngine('PostgreSQL', async () => {
    const url = await freshDatabase('ns_conf');
    return {
      engine: await openPostgresEngine(url),
      connect: () => openPostgresEngine(url),
      cleanup: () => dropDatabase(url),
    };
  });
});
