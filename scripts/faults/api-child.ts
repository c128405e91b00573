// A disposable API process for the fault tests: opens the database (a PGlite data directory,
// or a PostgreSQL URL), serves every machine route on a free loopback port with the same
// adapter as server.ts (startTestApi), and prints "READY <port> <pid>". The parent SIGKILLs it.
// Not part of the app. Run with: node --import tsx --import ./scripts/register.mjs scripts/faults/api-child.ts
//   --data-dir DIR | --url postgres://…
import { openDatabase } from "@/lib/db";
import { startTestApi } from "@/lib/testing/http";
import { ingestLimits } from "@/lib/audit/api";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = arg("--data-dir");
const url = arg("--url");
if (!dataDir && !url) {
  console.error("usage: api-child.ts --data-dir DIR | --url URL");
  process.exit(2);
}
const t0 = Date.now();
const handle = await openDatabase(url ? { url, poolMax: 10 } : { dataDir });
// The load is the point, not the per-token rate limit (tested elsewhere).
Object.assign(ingestLimits, { perSecond: 100_000, burst: 100_000 });
const api = await startTestApi(handle);
console.log(`READY ${new URL(api.base).port} ${process.pid} ${Date.now() - t0}`);
// A clean stop (used by nothing but manual runs): close PGlite so its files are consistent.
process.on("SIGTERM", () => {
  void api
    .close()
    .then(() => handle.close())
    .finally(() => process.exit(0));
});
