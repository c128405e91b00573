import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    public dataDir: string,
    public holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Gatehouse process (pid ${holderPid}). ` +
        `PGlite cannot be opened by two processes at once without losing writes. ` +
        `Stop that process first, or run this command against PostgreSQL by setting DATABASE_URL, ` +
        `or use the running server's web UI / HTTP API instead.`,
    );
    this.name = "DataDirLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const held = new Set<string>();

/** Takes an exclusive, PID-stamped lock on a PGlite data directory; stale locks are reclaimed. */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "gatehouse.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
      fs.closeSync(fd);
      held.add(file);
      const release = () => {
        if (!held.has(file)) return;
        held.delete(file);
        try {
          const cur = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number };
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let pid = 0;
      try {
        pid = (JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number }).pid;
      } catch {
        // Half-written lock from a crash: treat as stale.
      }
      if (pid && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dataDir, pid);
      if (pid === process.pid && held.has(file)) throw new DataDirLockedError(dataDir, pid);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
