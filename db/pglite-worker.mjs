// PGlite on its own thread. The embedded database is WebAssembly running synchronously on the
// thread that owns it: on the main thread every query (a decision batch, a KPI page, a verify
// scan) stalls the HTTP event loop for its whole run. Here it runs beside it, on the second
// core, and db/pglite-worker-client.ts speaks to it with messages.
//
// Plain JavaScript on purpose: it must load the same way under Next.js, tsx and vitest.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const identity = (v) => v;
/** Open transactions: id → the PGlite transaction and how to end it. */
const open = new Map();
let pg;

function queryOptions(o) {
  if (!o) return undefined;
  const out = { rowMode: o.rowMode };
  // Parsers are functions and cannot cross threads; the client sends the type ids whose values
  // must stay raw text (drizzle's parsers are all the identity).
  if (o.raw) {
    out.parsers = {};
    for (const oid of o.raw) out.parsers[oid] = identity;
  }
  return out;
}

function errorOut(e) {
  const o = { message: e instanceof Error ? e.message : String(e), name: e?.name ?? "Error" };
  for (const k of ["code", "detail", "hint", "position", "schema", "table", "column", "constraint", "severity", "where", "routine", "dataType"])
    if (e && e[k] !== undefined) o[k] = e[k];
  return o;
}

function target(m) {
  if (!m.tx) return pg;
  const t = open.get(m.tx);
  if (!t) throw new Error("the transaction has already ended");
  return t.tx;
}

async function handle(m) {
  switch (m.op) {
    case "query":
      return target(m).query(m.sql, m.params, queryOptions(m.options));
    case "exec":
      return target(m).exec(m.sql);
    case "begin": {
      let entered;
      const began = new Promise((r) => (entered = r));
      const done = pg.transaction(
        (tx) =>
          new Promise((resolve, reject) => {
            open.set(m.id, { tx, resolve, reject, done: undefined });
            entered();
          }),
      );
      done.catch(() => {});
      await Promise.race([began, done]);
      const t = open.get(m.id);
      if (!t) await done; // failed before the callback ran: rethrows
      t.done = done;
      return null;
    }
    case "end": {
      const t = open.get(m.tx);
      if (!t) return null;
      open.delete(m.tx);
      if (m.commit) {
        t.resolve();
        await t.done; // a failed COMMIT reaches the caller
      } else {
        t.reject(new Error("rolled back"));
        await t.done.catch(() => {});
      }
      return null;
    }
    case "close":
      if (!pg.closed) await pg.close();
      return null;
    default:
      throw new Error(`unknown op ${m.op}`);
  }
}

try {
  // `template`: a data directory tarball (PGlite's dumpDataDir) to start from instead of initdb.
  const options = workerData.template ? { loadDataDir: new Blob([workerData.template]) } : {};
  pg = workerData.dataDir ? await PGlite.create(workerData.dataDir, options) : await PGlite.create(options);
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ ready: false, error: errorOut(e) });
}

parentPort.on("message", (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }),
    (e) => parentPort.postMessage({ id: m.id, error: errorOut(e) }),
  );
});
