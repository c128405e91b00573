import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./lock";

describe("data directory lock", () => {
  it("refuses a second holder while a live process holds it, and frees it on release", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-lock-"));
    const release = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    const again = acquireDataDirLock(dir);
    again();
  });

  it("refuses while another live process holds it, with a message saying what to do", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-lock-"));
    // a real second process, alive while we try
    const child = spawn(process.execPath, ["-e", "setTimeout(()=>{}, 30000)"]);
    try {
      fs.writeFileSync(path.join(dir, "gatehouse.lock"), JSON.stringify({ pid: child.pid }));
      let err: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect(String((err as Error).message)).toMatch(/in use by another Gatehouse process.*DATABASE_URL/s);
    } finally {
      child.kill();
    }
  });

  it("reclaims a stale lock left by a dead process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-lock-"));
    const child = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => child.on("exit", r));
    fs.writeFileSync(path.join(dir, "gatehouse.lock"), JSON.stringify({ pid: child.pid }));
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "gatehouse.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "gatehouse.lock"))).toBe(false);
  });
});
