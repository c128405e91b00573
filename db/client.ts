import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { acquireDataDirLock } from "./lock";
import { PGliteWorkerClient, type PGliteLike } from "./pglite-worker-client";
import { env } from "@/lib/env";
import { processSingleton, clearProcessSingleton } from "./process";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** Run raw SQL (multiple statements allowed on PGlite; one on PostgreSQL). */
  exec(sqlText: string): Promise<void>;
  /** The PostgreSQL connection string, for LISTEN clients; undefined on PGlite. */
  url?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** PGlite only: keep the database in memory (tests). */
  memory?: boolean;
  /**
   * PGlite in memory only: start from this data directory (a `dumpDataDir` tarball) instead of
   * running initdb, which costs seconds of CPU per database (lib/testing/db.ts keeps a migrated one
   * for the integration tests). The migrations still run on it: whatever it lacks is applied.
   */
  template?: Uint8Array;
  migrate?: boolean;
  poolMax?: number;
}

export function migrationsFolder() {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
}

// ---------------------------------------------------------------- write hooks
//
// The storage layer imports nothing from lib/, but no database may be written unredacted (issue
// 16): the layer above installs its write hook on the schema — lib/redaction/storage.ts, when it
// is loaded, wraps every free-text column — and openStorage opens no database before one is
// installed. Applications open the database through lib/db.ts (openDatabase, getDb), which loads
// the redaction; a caller that reached past it gets an error, never an unredacted database.

const writeHooks = new Set<string>();

/**
 * Runs `hook` on this module's schema (the table objects every query of this module graph
 * binds its values through) and records it by name; a second install of the same name is a
 * no-op. lib/redaction/storage.ts is the one caller.
 */
export function installWriteHook(name: string, hook: (schema: Schema) => void): void {
  if (writeHooks.has(name)) return;
  hook(schema);
  writeHooks.add(name);
}

/** The names of the installed write hooks (tests). */
export const installedWriteHooks = (): string[] => [...writeHooks];

function assertWriteHooks() {
  if (writeHooks.size === 0)
    throw new Error(
      "db/client: no write hook is installed, so values would reach the database unredacted. Open the database through @/lib/db (openDatabase, getDb), which installs storage redaction.",
    );
}

/**
 * Opens (and migrates) a database, once the layer above has installed its write hook; through
 * lib/db.ts (openDatabase) for everything but that module.
 */
export async function openStorage(opts: OpenOptions = {}): Promise<DbHandle> {
  assertWriteHooks();
  return open(opts);
}

/** Applies the migrations and closes again (npm run db:migrate): no handle to write through escapes. */
export async function migrateDatabase(opts: Omit<OpenOptions, "migrate" | "memory"> = {}): Promise<Engine> {
  const h = await open({ ...opts, migrate: true });
  await h.close();
  return h.engine;
}

async function open(opts: OpenOptions): Promise<DbHandle> {
  let handle: DbHandle;
  if (opts.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A dropped connection (server restart) must not crash the process; the pool reconnects.
    pool.on("error", () => {});
    // pg-pool takes its error listener off a client while it is checked out, and drizzle runs
    // BEGIN outside its try/finally. So a connection that breaks inside a transaction (server
    // restart) (1) emits an 'error' nobody handles, which ends the process, and (2) may never
    // be released, shrinking the pool for good (lib/faults/pg-restart.int.test.ts). Release
    // such a client the moment it breaks; the later release() from drizzle is then a no-op.
    const connect = pool.connect.bind(pool);
    pool.connect = ((cb?: Parameters<typeof pool.connect>[0]) => {
      if (cb) return connect(cb);
      return connect().then((client) => {
        const release = client.release;
        let released = false;
        const once = (err?: Error | boolean) => {
          if (released) return;
          released = true;
          client.removeListener("error", once);
          release(err);
        };
        client.on("error", once);
        client.release = once;
        return client;
      });
    }) as typeof pool.connect;
    const db = drizzle(pool, { schema }) as unknown as Db;
    handle = {
      db,
      engine: "postgres",
      url: opts.url,
      exec: async (text) => {
        await pool.query(text);
      },
      close: async () => {
        if (!pool.ended) await pool.end();
      },
    };
    if (opts.migrate !== false) {
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      await migrate(db as never, { migrationsFolder: migrationsFolder() });
    }
  } else {
    const { drizzle } = await import("drizzle-orm/pglite");
    // On its own thread unless GATEHOUSE_PGLITE_THREAD=0 (then in this one, for comparison).
    const threaded = env().GATEHOUSE_PGLITE_THREAD !== false;
    const create = async (dataDir?: string): Promise<PGliteLike> => {
      const template = opts.memory ? opts.template : undefined;
      if (threaded) return PGliteWorkerClient.create(dataDir, template);
      const { PGlite } = await import("@electric-sql/pglite");
      const options = template ? { loadDataDir: new Blob([template as Uint8Array<ArrayBuffer>]) } : {};
      return (dataDir ? PGlite.create(dataDir, options) : PGlite.create(options)) as unknown as Promise<PGliteLike>;
    };
    let release = () => {};
    let client: PGliteLike;
    if (opts.memory) {
      client = await create();
    } else {
      const dir = path.resolve(/*turbopackIgnore: true*/ opts.dataDir ?? env().GATEHOUSE_DATA_DIR);
      release = acquireDataDirLock(dir);
      const pgdata = path.join(dir, "pgdata");
      fs.mkdirSync(pgdata, { recursive: true });
      try {
        client = await create(pgdata);
      } catch (e) {
        release();
        throw e;
      }
    }
    const db = drizzle({ client: client as never, schema }) as unknown as Db;
    handle = {
      db,
      engine: "pglite",
      exec: async (text) => {
        await client.exec(text);
      },
      close: async () => {
        if (!client.closed) await client.close();
        release();
      },
    };
    if (opts.migrate !== false) {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(db as never, { migrationsFolder: migrationsFolder() });
    }
  }
  return handle;
}

// ---------------------------------------------------------------- the process database
//
// One per process (processSingleton): the custom server's boot, a test or the CLI installs the
// handle it opened; lib/db.ts (getDb) opens one from the environment when none is installed.

const KEY = "db";

/**
 * The process-wide database: the installed handle, else `open()` (from the environment, through
 * lib/db.ts), called once; a failed open is not cached, so the next request retries.
 */
export function processDb(open: () => Promise<DbHandle>): Promise<DbHandle> {
  // Checked on every call, not only on the first: the handle is one per process, but Next's
  // bundle has its own copy of this module and the schema, which needs its own hook.
  assertWriteHooks();
  return processSingleton(KEY, () => {
    const p = open();
    p.catch(() => clearProcessSingleton(KEY));
    return p;
  });
}

/** Installs an already-open handle as the process database (tests, server start). */
export function setProcessDb(handle: DbHandle) {
  clearProcessSingleton(KEY);
  processSingleton(KEY, () => Promise.resolve(handle));
}

export async function closeProcessDb() {
  const p = processSingleton<Promise<DbHandle> | undefined>(KEY, () => undefined);
  clearProcessSingleton(KEY);
  if (p) await (await p).close();
}

/**
 * A database on a PostgreSQL pool (node-postgres: several connections at once), not PGlite's
 * one connection: only there does the order of statements inside a transaction decide how long
 * others wait on a row lock.
 */
export function isPostgresPool(db: Db): boolean {
  const client = (db as unknown as { $client?: { totalCount?: unknown; idleCount?: unknown } }).$client;
  return typeof client?.totalCount === "number" && typeof client.idleCount === "number";
}

/**
 * `db.transaction` with the transaction typed as a Db (drizzle types its PgTransaction apart,
 * though it has every query method the code uses): the one cast, instead of one per caller.
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((t) => fn(t as unknown as Db));
}
