/** Telling a PostgreSQL URL from a SQLite file, and showing a URL without its password; used by open.ts and the engines without importing each other. */

/** True for a PostgreSQL connection URL. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** A database URL without its password, fit for messages; file paths unchanged. */
export function redactDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const url = new URL(db);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
