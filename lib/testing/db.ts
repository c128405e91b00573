import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describe, beforeAll, afterAll } from "vitest";
import { openDatabase, type DbHandle, type Engine } from "@/lib/db";
import { migrationsFolder } from "@/db/client";
import { inCI } from "./prerequisites";

/**
 * Integration tests run on PGlite always, and on PostgreSQL when TEST_DATABASE_URL is set.
 * Under CI the PostgreSQL half is required: without it every file fails with the reason instead
 * of quietly running half its suites.
 */
export function testEngines(): Engine[] {
  if (process.env.TEST_DATABASE_URL) return ["pglite", "postgres"];
  if (inCI()) throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the integration suite cannot run (.ci/run provisions it)");
  return ["pglite"];
}

export interface TestDb extends DbHandle {
  cleanup(): Promise<void>;
}

/**
 * A migrated PGlite data directory to start each test database from: PGlite's initdb costs 4–6 s
 * of CPU per database (about 130 of them per integration run), loading this tarball about 1 s.
 * Built once per set of migrations and PGlite version (the key), kept in the temporary directory
 * and shared by every worker; written to a temporary name and renamed, so a concurrent build or a
 * crash never leaves a partial file. openDatabase still runs the migrations on the copy, so a
 * template that lacked one would get it there.
 */
function pgliteVersion(): string {
  // the package does not export its package.json: walk up from its entry point
  let d = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!fs.existsSync(path.join(d, "package.json"))) d = path.dirname(d);
  return (JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as { version: string }).version;
}

async function pgliteTemplate(): Promise<Uint8Array> {
  const dir = migrationsFolder();
  const hash = createHash("sha256");
  hash.update(pgliteVersion());
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) hash.update(f).update(fs.readFileSync(p));
  }
  const file = path.join(os.tmpdir(), `gatehouse-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch {
    // not built yet
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const pg = await PGlite.create();
  try {
    await migrate(drizzle({ client: pg }), { migrationsFolder: dir });
    const bytes = new Uint8Array(await (await pg.dumpDataDir("none")).arrayBuffer());
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
    return bytes;
  } finally {
    await pg.close();
  }
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function createTestDb(engine: Engine): Promise<TestDb> {
  if (engine === "pglite") {
    const h = await openDatabase({ memory: true, template: await pgliteTemplate() });
    return { ...h, cleanup: () => h.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `gh_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openDatabase({ url: url.toString(), poolMax: 10 });
  return {
    ...h,
    cleanup: async () => {
      await h.close();
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** describe() once per engine with a fresh database shared by the block's tests. */
export function describeEngines(name: string, body: (get: () => TestDb, engine: Engine) => void) {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let h: TestDb | undefined;
      beforeAll(async () => {
        h = await createTestDb(engine);
      }); // vitest.config.ts hookTimeout (120 s): migrating a fresh PGlite on busy cores can take a minute
      afterAll(async () => {
        await h?.cleanup();
      });
      body(() => {
        if (!h) throw new Error("test database not ready");
        return h;
      }, engine);
    });
  }
}
