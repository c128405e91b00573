// npm run db:seed -- [--events N] [--agents N] [--changes N] [--seed N] [--reset]
// Fills the configured database (PGlite data dir, or DATABASE_URL) with the demo organisation.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/lib/db";
import { DataDirLockedError } from "@/db/lock";
import { env } from "@/lib/env";
import { withAuditRewrite } from "@/lib/audit/rewrite";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "./generate";

// --reset empties every table of the application schema (public), audit chain head and
// checkpoints included, in one transaction; drizzle's migration journal lives in its own
// schema and stays.
async function truncateAll(handle: DbHandle) {
  const res = (await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)) as unknown as {
    rows: { tablename: string }[];
  };
  const tables = res.rows.map((r) => `"public"."${r.tablename.replaceAll('"', '""')}"`);
  if (!tables.length) return 0;
  // audit_events/audit_checkpoints are append-only (db/migrations/0002, 0016): a demo reset
  // disables their triggers for its own transaction (as the tables' owner).
  await withAuditRewrite(handle.db, (tx) => tx.execute(sql.raw(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`)));
  return tables.length;
}

function usage(): never {
  console.log("Usage: npm run db:seed -- [--events N] [--agents N] [--changes N] [--seed N] [--reset]");
  process.exit(0);
}

function intOpt(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer between ${min} and ${max} (got "${v}").`);
    process.exit(1);
  }
  return n;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        events: { type: "string" },
        agents: { type: "string" },
        changes: { type: "string" },
        seed: { type: "string" },
        reset: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  if (values.help) usage();
  const events = intOpt("events", values.events, 200, 50_000_000);
  const agents = intOpt("agents", values.agents, 8, 500);
  const changes = intOpt("changes", values.changes, 20, 10_000);
  const seed = intOpt("seed", values.seed, 0, 2 ** 32 - 1);

  const e = env();
  let handle: DbHandle;
  try {
    handle = await openDatabase({ url: e.DATABASE_URL, dataDir: e.GATEHOUSE_DATA_DIR });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const where = handle.engine === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${e.GATEHOUSE_DATA_DIR}`;
  try {
    const res = (await handle.db.execute(sql`select (select count(*) from agents)::int as agents, (select count(*) from users)::int as users`)) as unknown as {
      rows: { agents: number; users: number }[];
    };
    const existing = res.rows[0];
    if (existing.agents > 0 || existing.users > 0) {
      if (!values.reset) {
        console.error(
          `The database (${where}) already has data (${existing.agents} agents, ${existing.users} people). ` +
            `Run with --reset to delete everything in it and seed again.`,
        );
        await handle.close();
        process.exit(1);
      }
      const n = await truncateAll(handle);
      console.log(`--reset: emptied ${n} tables in ${where}.`);
    }
    console.log(`Seeding ${where}…`);
    const t0 = Date.now();
    const summary = await seedDemo(handle.db, { events, agents, changes, seed, log: (s) => console.log(s) });
    const secs = (Date.now() - t0) / 1000;
    console.log("");
    console.log("Rows written:");
    const { ms, ...counts } = summary;
    void ms;
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(width)}  ${v.toLocaleString("en-US")}`);
    console.log(`\nDone in ${secs.toFixed(1)} s (${Math.round(summary.auditEvents / secs).toLocaleString("en-US")} audit events/s overall).`);
    console.log(`\nDemo sign-in (password "${DEMO_PASSWORD}" for everyone):`);
    for (const a of DEMO_ACCOUNTS.slice(0, 5)) console.log(`  ${a.email.padEnd(22)} ${a.role}`);
    console.log(
      `  …and ${DEMO_ACCOUNTS.length - 5} more: ${DEMO_ACCOUNTS.slice(5)
        .map((a) => a.email)
        .join(", ")}`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  if (err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
