import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/util/global";

export const CHECKPOINT_EVERY = 1000;

/**
 * The audit key signs checkpoints. It never lives in the database: from GATEHOUSE_AUDIT_KEY,
 * or generated once into the data directory (with a warning: production should set it).
 */
export function auditKey(): string {
  return processSingleton("audit-key", () => {
    const e = env();
    if (e.GATEHOUSE_AUDIT_KEY) return e.GATEHOUSE_AUDIT_KEY;
    const file = path.resolve(/*turbopackIgnore: true*/ e.GATEHOUSE_DATA_DIR, "audit.key");
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const key = randomBytes(32).toString("hex");
    fs.writeFileSync(file, key, { mode: 0o600 });
    console.warn(
      `[gatehouse] GATEHOUSE_AUDIT_KEY is not set; generated one into ${file}. Set it explicitly in production and keep it outside the database host.`,
    );
    return key;
  });
}

/** Keys that verify signatures: the current one first, then retired ones after a rotation. */
export function auditVerificationKeys(): string[] {
  const previous = (env().GATEHOUSE_AUDIT_KEY_PREVIOUS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  return [auditKey(), ...previous];
}

export function signCheckpoint(seq: number, count: number, hash: string, key = auditKey()): string {
  return createHmac("sha256", key).update(`${seq}:${count}:${hash}`).digest("hex");
}

/** The chain head's signature (distinct context from checkpoints so one cannot stand in for the other). */
export function signHead(seq: number, count: number, hash: string, key = auditKey()): string {
  return createHmac("sha256", key).update(`head:${seq}:${count}:${hash}`).digest("hex");
}
