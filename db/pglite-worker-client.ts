import path from "node:path";
import { Worker } from "node:worker_threads";

/** The part of PGlite's interface that drizzle's pglite driver and this app use. */
export interface PGliteLike {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(fn: (tx: PGliteTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}
export interface PGliteTx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}
interface QueryOptions {
  rowMode?: "object" | "array";
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}
interface Results<T = Record<string, unknown>> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}
interface WireError {
  message: string;
  name?: string;
  [k: string]: unknown;
}

/** Where the worker script lives (plain .mjs, resolved from the project root like the migrations). */
export function pgliteWorkerPath() {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "pglite-worker.mjs");
}

function toError(e: WireError): Error {
  const err = new Error(e.message);
  Object.assign(err, e);
  return err;
}

/**
 * PGlite running in a worker thread (db/pglite-worker.mjs), behind the same interface. Queries
 * and transactions are messages; PGlite's own locks still order them (a query outside a
 * transaction waits for it, as in process). While calls are pending the worker keeps the
 * process alive; idle, it does not.
 */
export class PGliteWorkerClient implements PGliteLike {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private failed: Error | undefined;
  closed = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on("message", (m: { id?: number; result?: unknown; error?: WireError }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error) p.reject(toError(m.error));
      else p.resolve(m.result);
    });
    const fail = (err: Error) => {
      this.failed = err;
      this.closed = true;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", (e) => fail(new Error(`the embedded database thread failed: ${e instanceof Error ? e.message : String(e)}`)));
    worker.on("exit", (code) => {
      if (!this.closed) fail(new Error(`the embedded database thread exited (code ${code})`));
    });
  }

  static async create(dataDir?: string, template?: Uint8Array): Promise<PGliteWorkerClient> {
    const worker = new Worker(pgliteWorkerPath(), { workerData: { dataDir, template } });
    const ready = await new Promise<{ ready: boolean; error?: WireError }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw toError(ready.error ?? { message: "the embedded database did not start" });
    }
    const client = new PGliteWorkerClient(worker);
    worker.unref();
    return client;
  }

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private static wireOptions(o?: QueryOptions) {
    if (!o) return undefined;
    // Only identity parsers (raw text) can be honoured across the thread boundary.
    return { rowMode: o.rowMode, raw: o.parsers ? Object.keys(o.parsers).map(Number) : undefined };
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    return this.call({ op: "query", sql, params, options: PGliteWorkerClient.wireOptions(options), tx });
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.call({ op: "exec", sql, tx });
  }

  async transaction<T>(fn: (tx: PGliteTx) => Promise<T>): Promise<T> {
    const id = this.nextId; // the begin call's id names the transaction
    await this.call({ op: "begin" });
    let ended = false;
    const tx: PGliteTx = {
      query: (sql, params, options) => {
        if (ended) return Promise.reject(new Error("the transaction has already ended"));
        return this.query(sql, params, options, id);
      },
      exec: (sql) => {
        if (ended) return Promise.reject(new Error("the transaction has already ended"));
        return this.exec(sql, id);
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      ended = true;
      await this.call({ op: "end", tx: id, commit: false }).catch(() => {});
      throw err;
    }
    ended = true;
    await this.call({ op: "end", tx: id, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ op: "close" });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}
