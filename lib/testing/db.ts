import { randomBytes } from "node:crypto";
import { describe, beforeAll, afterAll } from "vitest";
import { openDatabase, type DbHandle, type Engine } from "@/lib/db";
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

/** A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function createTestDb(engine: Engine): Promise<TestDb> {
  if (engine === "pglite") {
    const h = await openDatabase({ memory: true });
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
