// A private, throw-away PostgreSQL cluster for fault-injection tests: the shared server on
// 127.0.0.1:5432 serves other test files in parallel, so a test that crashes PostgreSQL must
// crash its own. Needs the Debian server binaries (/usr/lib/postgresql/<v>/bin); as root the
// cluster runs as the `postgres` OS user (PostgreSQL refuses to run as root).
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type Availability = { ok: true; bin: string } | { ok: false; reason: string };

function newestBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")) && fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Synchronous (usable in describe.skipIf): can this machine run a private cluster? */
export function privatePgAvailability(): Availability {
  if (process.platform !== "linux") return { ok: false, reason: "private PostgreSQL clusters are set up for Linux only" };
  const bin = newestBinDir();
  if (!bin) return { ok: false, reason: "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin" };
  if (isRoot()) {
    if (spawnSync("id", ["-u", "postgres"]).status !== 0) return { ok: false, reason: "running as root but there is no `postgres` OS user to own the cluster" };
    if (spawnSync("runuser", ["--help"]).error) return { ok: false, reason: "running as root but `runuser` is missing" };
  }
  return { ok: true, bin };
}

/** argv that runs a server binary as the cluster owner. */
function asOwner(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = 55432 + Math.floor(Math.random() * 2000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port for a private PostgreSQL in 55432–57431");
}

export interface PrivatePg {
  port: number;
  dir: string;
  /** Connection string to a database of this cluster (default: the one made by start). */
  url(database?: string): string;
  /** Starts the server (waits until it accepts connections); ms taken. */
  start(): Promise<number>;
  /** Stops it; `immediate` is a crash (no checkpoint, backends killed, recovery on next start). */
  stop(mode?: "immediate" | "fast"): Promise<number>;
  running(): boolean;
  /** Stops (immediate) and deletes the cluster. Idempotent. */
  destroy(): Promise<void>;
  /** The server log (for failure messages). */
  log(): string;
}

/** initdb a trust-auth cluster on a free loopback port, start it, and create `database`. */
export async function startPrivatePg(opts: { database?: string } = {}): Promise<PrivatePg> {
  const avail = privatePgAvailability();
  if (!avail.ok) throw new Error(avail.reason);
  const database = opts.database ?? "gatehouse";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-pg-"));
  fs.chmodSync(dir, 0o700);
  if (isRoot()) await run("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const tool = (name: string, args: string[]) => {
    const [cmd, argv] = asOwner(path.join(avail.bin, name), args);
    return run(cmd, argv, { timeout: 60_000 });
  };
  await tool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  let port = 0;
  let up = false;
  let destroyed = false;
  // Loopback only, socket in our own dir (never /var/run/postgresql, which the shared server uses).
  const serverOpts = () => `-p ${port} -h 127.0.0.1 -k ${dir} -c max_connections=60 -c shared_buffers=32MB`;
  const start = async () => {
    const t0 = Date.now();
    await tool("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", "-o", serverOpts(), "start"]);
    up = true;
    return Date.now() - t0;
  };
  // A crash of the test process must not leave a postmaster behind.
  const onExit = () => {
    if (!up || destroyed) return;
    const [cmd, argv] = asOwner(path.join(avail.bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
    spawnSync(cmd, argv, { stdio: "ignore" });
  };
  process.once("exit", onExit);
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (e) {
      // Lost a race for the port with another process: pick another one.
      if (attempt >= 3) throw e;
    }
  }
  const url = (db = database) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  await admin.end();

  const pg: PrivatePg = {
    port,
    dir,
    url,
    start,
    running: () => up,
    async stop(mode = "immediate") {
      const t0 = Date.now();
      await tool("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
      up = false;
      return Date.now() - t0;
    },
    async destroy() {
      if (destroyed) return;
      if (up) await pg.stop("immediate").catch(() => {});
      destroyed = true;
      process.removeListener("exit", onExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""),
  };
  return pg;
}
