// Issue 18: db/ imports nothing from lib/, yet no database opens unredacted (issue 16). The
// storage layer refuses to open a database until lib/ has installed its write hook; lib/db.ts
// (what everything opens the database through) installs it by loading lib/redaction/storage.ts.
import { describe, expect, it, vi } from "vitest";
import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

const DEAD = "postgres://postgres@127.0.0.1:1/none";

describe("the storage layer's write hook", () => {
  it("db/client opens no database, and hands out no process database, before a write hook is installed", async () => {
    vi.resetModules();
    const { clearProcessSingleton } = await import("@/db/process");
    clearProcessSingleton("db");
    const client = await import("@/db/client");
    expect(client.installedWriteHooks()).toEqual([]);
    await expect(client.openStorage({ url: DEAD, migrate: false })).rejects.toThrow(/no write hook is installed/);
    const open = vi.fn();
    await expect(async () => client.processDb(open)).rejects.toThrow(/no write hook is installed/);
    expect(open).not.toHaveBeenCalled();
    // nor the handle another module graph installed (Next's bundle beside the custom server)
    client.setProcessDb({ db: {} as never, engine: "pglite", exec: async () => {}, close: async () => {} });
    await expect(async () => client.processDb(open)).rejects.toThrow(/no write hook is installed/);
    clearProcessSingleton("db");
    // the migration-only opener needs none: it hands no handle out
    expect(typeof client.migrateDatabase).toBe("function");
  });

  it("loading lib/db installs storage redaction on the schema db/client opens with, and then it opens", async () => {
    vi.resetModules();
    const client = await import("@/db/client");
    const lib = await import("@/lib/db");
    const schema = await import("@/db/schema");
    const { isWrapped, redactsColumn, tablesOf } = await import("@/lib/redaction/storage");
    expect(client.installedWriteHooks()).toEqual(["storage redaction"]);
    const redacted = tablesOf(schema).flatMap((t) => (Object.values(getTableColumns(t)) as PgColumn[]).filter((c) => redactsColumn(getTableName(t), c)));
    expect(redacted.length).toBeGreaterThan(60);
    for (const c of redacted) expect(isWrapped(c), c.name).toBe(true);
    // the pool connects lazily: opening without migrations proves only that the guard lets it through
    const h = await lib.openDatabase({ url: DEAD, migrate: false });
    expect(h.engine).toBe("postgres");
    await h.close();
  });
});
