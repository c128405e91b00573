// Anchors: the signed chain head, kept outside the database. Someone with write access to the
// database (a superuser) can delete rows and put back a head they saved earlier — it is
// validly signed — or wipe the chain, head and checkpoints; nothing left in the database
// shows it. A copy of a later head kept elsewhere does: `audit verify` given it checks that the
// chain still reaches that position with that hash (verify.ts). Anchors are appended as JSON
// lines to GATEHOUSE_AUDIT_ANCHOR_FILE (outside the data directory, ideally on another host or
// an append-only mount) and/or POSTed to GATEHOUSE_AUDIT_ANCHOR_URL, shortly after appends
// (at most one per ANCHOR_EVERY_MS) and by `audit anchor`.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { auditChainHead } from "@/db/schema";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/util/global";

export interface AuditAnchor {
  seq: number;
  count: number;
  hash: string;
  /** the head's signature (signHead): an anchor cannot be made up without the audit key */
  signature: string;
  /** when the anchor was taken */
  at?: string;
}

export const ANCHOR_EVERY_MS = 1000;

/** The current signed chain head as an anchor, or null for a chain never written. */
export async function currentAnchor(db: Db): Promise<AuditAnchor | null> {
  const [h] = await db.select().from(auditChainHead).limit(1);
  if (!h || !h.signature) return null;
  return { seq: h.seq, count: h.count, hash: h.hash, signature: h.signature, at: new Date().toISOString() };
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Appends one anchor line (the file is created with mode 0600). */
export function appendAnchorFile(file: string, anchor: AuditAnchor) {
  if (isInside(env().GATEHOUSE_DATA_DIR, file))
    throw new Error(`the audit anchor file ${file} is inside the data directory: whoever can replace the database can replace it too`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.appendFileSync(file, JSON.stringify(anchor) + "\n", { mode: 0o600 });
}

const isAnchor = (v: unknown): v is AuditAnchor => {
  const a = v as AuditAnchor;
  return !!a && Number.isInteger(a.seq) && Number.isInteger(a.count) && typeof a.hash === "string" && typeof a.signature === "string";
};

/** The anchor with the highest position in a file of anchor lines (the last lines are read). */
export function readLatestAnchor(file: string): AuditAnchor | null {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    let best: AuditAnchor | null = null;
    for (const line of buf.toString("utf8").split("\n")) {
      try {
        const v = JSON.parse(line) as unknown;
        if (isAnchor(v) && (!best || v.seq > best.seq)) best = v;
      } catch {
        // a partial first line of the window, or a torn last write
      }
    }
    return best;
  } finally {
    fs.closeSync(fd);
  }
}

/** Sends the anchor to every configured place; the last one sent is remembered per process. */
export async function publishAnchor(anchor: AuditAnchor): Promise<void> {
  const e = env();
  if (e.GATEHOUSE_AUDIT_ANCHOR_FILE) appendAnchorFile(e.GATEHOUSE_AUDIT_ANCHOR_FILE, anchor);
  if (e.GATEHOUSE_AUDIT_ANCHOR_URL) {
    const res = await fetch(e.GATEHOUSE_AUDIT_ANCHOR_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gatehouse-event": "audit.anchor" },
      body: JSON.stringify(anchor),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`the anchor receiver answered ${res.status}`);
  }
}

/** The latest anchor in GATEHOUSE_AUDIT_ANCHOR_FILE, when it is set and exists. */
export function configuredAnchor(): AuditAnchor | null {
  const file = env().GATEHOUSE_AUDIT_ANCHOR_FILE;
  return file && fs.existsSync(file) ? readLatestAnchor(file) : null;
}

export const anchorsConfigured = () => !!(env().GATEHOUSE_AUDIT_ANCHOR_FILE || env().GATEHOUSE_AUDIT_ANCHOR_URL);

const anchorState = () => processSingleton<{ timer?: NodeJS.Timeout; lastSeq: number; db?: () => Promise<Db> }>("audit-anchor", () => ({ lastSeq: -1 }));

/** Takes and publishes an anchor of the committed head, unless it did not move since the last. */
export async function anchorNow(db: Db): Promise<AuditAnchor | null> {
  const anchor = await currentAnchor(db);
  const state = anchorState();
  if (!anchor || anchor.seq === state.lastSeq) return anchor;
  await publishAnchor(anchor);
  state.lastSeq = anchor.seq;
  return anchor;
}

/**
 * After an append: anchors the committed head within ANCHOR_EVERY_MS (one timer per process;
 * the head is read from the database then, so a rolled-back append is never anchored).
 * `openDb` gives the database to read it from (the process database).
 */
export function scheduleAnchor(openDb: () => Promise<Db>) {
  if (!anchorsConfigured()) return;
  const state = anchorState();
  state.db = openDb;
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void state.db!()
      .then((db) => anchorNow(db))
      .catch((err: unknown) => console.error(`[gatehouse] audit anchor not written: ${(err as Error).message}`));
  }, ANCHOR_EVERY_MS);
  state.timer.unref?.();
}
