import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { createTestDb, testEngines } from "@/lib/testing/db";
import { openDatabase } from "@/lib/db";
import { auditEvents, integrationTokens, users } from "@/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { verifyPassword } from "@/lib/auth/password";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(tsx, ["--import", "./scripts/register.mjs", "lib/cli/main.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

for (const engine of testEngines()) {
  describe(`operator CLI [${engine}]`, () => {
    it("creates a person and an integration token that the database then holds (hashed)", async () => {
      let env: Record<string, string>;
      let url: string | undefined;
      let cleanup = async () => {};
      if (engine === "postgres") {
        const t = await createTestDb("postgres");
        url = t.url!;
        await t.close();
        cleanup = t.cleanup;
        env = { DATABASE_URL: url };
      } else {
        env = { GATEHOUSE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "gh-cli-")) };
      }
      try {
        const u = cli(["user", "create", "--email", "Ops@Example.com", "--role", "admin"], env);
        expect(u.code, u.err).toBe(0);
        const password = /Password: (\S+)/.exec(u.out)?.[1];
        expect(password).toBeTruthy();

        const t = cli(["token", "create", "--name", "ci", "--scopes", "ci:write,events:write", "--ttl-seconds", "3600"], env);
        expect(t.code, t.err).toBe(0);
        const lastLine = t.out.trim().split("\n").at(-1)!;
        expect(lastLine).toMatch(/^gci_[0-9A-Za-z]{32}$/);

        const bad = cli(["token", "create", "--name", "x", "--scopes", "root:all"], env);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/scopes/);

        const h = await openDatabase(engine === "postgres" ? { url } : { dataDir: env.GATEHOUSE_DATA_DIR });
        try {
          const [user] = await h.db.select().from(users).where(eq(users.email, "ops@example.com"));
          expect(user.role).toBe("admin");
          expect(await verifyPassword(password!, user.passwordHash)).toBe(true);
          const [tok] = await h.db
            .select()
            .from(integrationTokens)
            .where(eq(integrationTokens.hash, hashToken(lastLine)));
          expect(tok.scopes).toEqual(["ci:write", "events:write"]);
          expect(tok.hash).not.toContain(lastLine);
          // both recorded as the operator at the host: a human without an account, named "cli"
          const events = await h.db
            .select({ type: auditEvents.type, kind: auditEvents.actorKind, label: auditEvents.actorLabel, userId: auditEvents.actorUserId })
            .from(auditEvents)
            .where(inArray(auditEvents.type, ["person.create", "integration_token.create"]));
          expect(events.map((e) => e.type).sort()).toEqual(["integration_token.create", "person.create"]);
          for (const e of events) expect(e, e.type).toMatchObject({ kind: "human", label: "cli", userId: null });
        } finally {
          await h.close();
        }
      } finally {
        await cleanup();
      }
      // three CLI processes, each starting tsx and the database (PGlite migrates a new directory
      // per start): ~55 s on two busy cores, so a limit past that, not a speed check
    }, 180_000);
  });
}

describe("operator CLI and a running server on one PGlite directory", () => {
  it("refuses clearly instead of opening a data directory another process holds", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-cli-lock-"));
    // Another process opens the embedded database and keeps it (as a running server would).
    const holder = spawn(
      tsx,
      [
        "-e",
        `import("./lib/db.ts").then(async m => { await m.openDatabase({ dataDir: ${JSON.stringify(dataDir)} }); console.log("ready"); setInterval(() => {}, 1000); })`,
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "" },
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (d) => String(d).includes("ready") && resolve());
        holder.on("exit", (c) => reject(new Error(`holder exited ${c}`)));
      });
      const r = cli(["user", "create", "--email", "x@example.com", "--role", "viewer"], { GATEHOUSE_DATA_DIR: dataDir });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/in use by another Gatehouse process/);
      expect(r.err).toMatch(/DATABASE_URL/);
    } finally {
      holder.kill();
    }
  });
});
