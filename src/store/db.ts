/** Opens the one store: embedded PGlite (a directory, or memory) or a PostgreSQL server (DATABASE_URL). */
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import type { QueryResult as PgResult } from 'pg';
import type { Database } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';

export type DB = Kysely<Database>;

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: DB;
  /**
   * Runs `fn` on one connection, where `exec` runs a script of several statements and returns the
   * rows of the last one (migrations, which hold a session-level advisory lock).
   */
  withConnection<T>(fn: (exec: (script: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  /** PGlite only: an image of the database as it is now, for `pgliteImage` (tests start from a migrated one). */
  dumpImage?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… for a server; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string | undefined;
  /**
   * PGlite in memory: start from this image of a data directory (PGlite's `dumpDataDir`, say one
   * already migrated) instead of creating the database afresh — a second of CPU instead of about
   * eight, which is what each test file's server costs on a busy machine.
   */
  pgliteImage?: Blob | undefined;
  /** Schema to work in (created if missing); tests use one per run on a shared server. */
  schema?: string | undefined;
  /** Pool size for a server. */
  poolSize?: number | undefined;
  /** Called with the SQL of every statement sent, BEGIN and COMMIT included (tests count round trips). */
  onQuery?: ((sql: string) => void) | undefined;
}

const queryLog = (opts: StoreOptions) =>
  opts.onQuery ? { log: (e: LogEvent) => opts.onQuery!(e.query.sql) } : {};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new Error(`bad schema name: ${opts.schema}`);
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPGlite(opts);
}

async function openPostgres(url: string, opts: StoreOptions): Promise<Store> {
  const { default: pg } = await import('pg');
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${opts.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on('error', () => {}); // an idle client losing its server is not fatal; the next query reports it
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...queryLog(opts) });
  return {
    kind: 'postgres',
    db,
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (script) => {
          const res = (await client.query(script)) as unknown as PgResult | PgResult[];
          const last = Array.isArray(res) ? res[res.length - 1] : res;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPGlite(opts: StoreOptions): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite(opts.pgliteImage ? { loadDataDir: opts.pgliteImage } : {});
  await pglite.waitReady;
  if (opts.schema) {
    await pglite.exec(`create schema if not exists ${opts.schema}; set search_path to ${opts.schema}`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), ...queryLog(opts) });
  return {
    kind: 'pglite',
    db,
    async withConnection(fn) {
      // PGlite has a single connection already; migrations run before anything else uses it.
      return fn(async (script) => {
        const res = await pglite.exec(script);
        return (res[res.length - 1]?.rows ?? []) as Record<string, unknown>[];
      });
    },
    async dumpImage() {
      return pglite.dumpDataDir('none');
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
