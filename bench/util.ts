// Shared by the standalone benchmarks.
import { randomBytes } from "node:crypto";

/** A throwaway PostgreSQL database on the server at `base`, and how to drop it. */
export async function createPgDb(base: string) {
  const { default: pg } = await import("pg");
  const name = `gh_bench_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** Run from the command line: print the Markdown section, exit 0; or the error, exit 1. */
export function printAndExit(section: Promise<string>) {
  section.then(
    (md) => {
      console.log("\n" + md);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
