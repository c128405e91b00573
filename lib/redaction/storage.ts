// Redaction at the storage boundary (issue 16): one place for every table, not one per route.
//
// drizzle turns every value bound to a column — in inserts, updates, upserts and the comparisons
// of WHERE clauses — into a driver value through that column's `mapToDriverValue`, while it builds
// the statement. installStorageRedaction wraps that method on every free-text column of the
// schema (text, varchar, text[], json, jsonb); this module installs it as the storage layer's
// write hook when it is loaded (installWriteHook, at the end), and db/client.ts opens no database
// before a write hook is installed — applications open it through lib/db.ts, which loads this
// module — so a value reaches the database redacted whichever route, server action, job, seed or
// CLI wrote it. New columns are redacted by default: leaving one out takes an entry in UNREDACTED
// with its reason, and lib/redaction/storage.test.ts fails on a free-text column that neither
// redacts nor is listed. Comparisons are redacted the same way, and redaction is deterministic, so
// looking a row up by what a client sent (a session id with a token in it) still finds it.
//
// What this cannot see: raw SQL (`db.execute(sql\`…\`)`) binds its parameters without a column.
// The raw writes route their rows through redactRows (the one line each needs), audit rows are
// redacted by lib/audit/record.ts, and lib/security/planted-secrets.int.test.ts plants secrets
// through every write path and greps a dump of every table on both engines for them.
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { installWriteHook } from "@/db/client";
import { runYielding } from "@/lib/changes/reports/run";
import { redactText, redactValue, redactValueSteps } from "./redact";

/**
 * Free-text columns deliberately stored as written: `table.column` → why. Everything else that
 * holds text or JSON is redacted.
 */
export const UNREDACTED: Readonly<Record<string, string>> = {
  // The audit trail is written only by lib/audit/record.ts (raw SQL, hash-chained): it redacts
  // every free-text field and the payload itself (redactAuditInput) before hashing, so that the
  // stored row is the hashed row. Wrapping these columns too would change nothing it writes.
  "audit_events.*": "redacted by lib/audit/record.ts (redactAuditInput) before the row is hashed",
  "audit_payload_chunks.*":
    "a large audit payload's canonical text, redacted by lib/audit/ingest.ts (on the off-loop worker) before it is hashed and stored (lib/audit/payload-store.ts)",
  "audit_chain_head.hash": "a SHA-256 chain hash",
  "audit_chain_head.signature": "an HMAC of the chain head",
  "audit_checkpoints.hash": "a SHA-256 chain hash",
  "audit_checkpoints.signature": "an HMAC of a checkpoint",
  "users.password_hash": "an scrypt hash, never the password",
  "agent_tokens.hash": "a token hash; the token itself is never stored",
  "agent_tokens.prefix": "the public prefix shown to identify a token",
  "integration_tokens.hash": "a token hash; the token itself is never stored",
  "integration_tokens.prefix": "the public prefix shown to identify a token",
  "approval_requests.action_key": "a hash of the (already redacted) action",
  "webhook_deliveries.delivery_id": "the idempotency key of a signed GitHub delivery, looked up as sent by the raw UPDATE in lib/github/webhook.ts",
  "telemetry_series.series_key": "a SHA-256 of a metric series' attributes (lib/telemetry/mapping.ts)",
  // Configuration that must be used as written: redacting it would break what it configures.
  "settings.value":
    "instance settings, including the session-signing secret (lib/server/secrets.ts) that must be read back as written; set by admins and the server only",
  "alert_webhooks.url": "where alerts are delivered (a Slack webhook URL is a secret by design); admins only",
  "alert_webhooks.secret": "the HMAC key alert deliveries are signed with; admins only",
  "policy_versions.document": "the policy as written: rules must match what their author wrote; policies:write only",
  "policy_versions.diff": "derived from two policy documents",
  "policy_rules.rule_id": "derived from the policy document",
  "policy_rules.description": "derived from the policy document",
  "policy_rules.match": "derived from the policy document",
  "agent_scopes.pattern": "the allowlist as written: patterns must match what their author wrote; agents:manage only",
};

const FREE_TEXT_TYPE = /^(?:text|varchar|character varying|json|jsonb)(?:\(\d+\))?(?:\[\d*\])*$/;

/** Whether a column holds text or JSON (anything a secret can be written into). */
export function isFreeTextColumn(column: PgColumn): boolean {
  return FREE_TEXT_TYPE.test(column.getSQLType());
}

/** Why a free-text column is stored as written, or undefined when it is redacted. */
export function unredactedReason(table: string, column: string): string | undefined {
  return UNREDACTED[`${table}.${column}`] ?? UNREDACTED[`${table}.*`];
}

/** Whether values bound to this column of this table are redacted. */
export function redactsColumn(table: string, column: PgColumn): boolean {
  return isFreeTextColumn(column) && unredactedReason(table, column.name) === undefined;
}

/** A value as it may be stored: strings (also inside arrays and JSON) redacted. */
export function storageValue<T>(value: T): T {
  if (value == null || isKnown(value)) return value;
  if (typeof value === "string") return redactText(value, { count: 0, rules: {} }) as T;
  return redactValue(value, isKnown).value;
}

/** Whether a value (or a part of one) is an output of redactForStorage. */
function isKnown(v: unknown): boolean {
  if (typeof v === "string") return v.length >= MARK_MIN_CHARS && redactedStrings.has(v);
  return v !== null && typeof v === "object" && redactedObjects.has(v);
}

// ---------------------------------------------------------------- large values, ahead of time
//
// mapToDriverValue is synchronous: a CI run's 25 MB proof bound to a jsonb column would be
// redacted in one piece while the statement is built (1.5 s measured for 24 MB of hint-rich
// strings), holding the event loop — decisions, the kill switch. A write path that takes large
// client values redacts them first with redactForStorage, in steps that give the loop back and
// before its transaction; the boundary then recognises the result and does not scan it again.
// Only outputs of redaction are remembered, so skipping them never stores a secret (redaction
// is idempotent: markers match no rule).

/** Strings shorter than this are cheap to scan again and are not remembered. */
const MARK_MIN_CHARS = 256;
/** Characters of remembered strings before the memory is dropped (the boundary then scans again). */
const MARK_BUDGET_CHARS = 64 * 1024 * 1024;
const redactedObjects = new WeakSet<object>();
const redactedStrings = new Set<string>();
let markedChars = 0;

function* markSteps(value: unknown): Generator<void, void> {
  const stack: unknown[] = [value];
  for (let n = 1; stack.length; n++) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.length < MARK_MIN_CHARS) continue;
      if (markedChars + v.length > MARK_BUDGET_CHARS) {
        redactedStrings.clear();
        markedChars = 0;
      }
      redactedStrings.add(v);
      markedChars += v.length;
    } else if (v !== null && typeof v === "object") {
      redactedObjects.add(v);
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
    }
    if ((n & 4095) === 0) yield;
  }
}

/**
 * The value redacted as the storage boundary would, in steps that give the event loop back
 * (redactValueSteps + runYielding); the boundary then stores it without scanning it again. Call
 * it before the transaction that writes the value, and do not change the value afterwards.
 */
export async function redactForStorage<T>(value: T): Promise<T> {
  if (value == null) return value;
  const { value: out } = await runYielding(redactValueSteps(value));
  await runYielding(markSteps(out));
  return out;
}

/**
 * Marks a value that redactValue (or redactValueSteps) produced elsewhere — the off-loop worker
 * (lib/offload/off-loop.ts) — as redactForStorage marks its own result, in steps: the boundary then
 * stores it without scanning it again. Only for outputs of redaction (never a client's value).
 */
export async function markRedactedForStorage(value: unknown): Promise<void> {
  if (value != null) await runYielding(markSteps(value));
}

const REDACTING = Symbol.for("gatehouse.storage-redaction");
type Wrapped = PgColumn & { [REDACTING]?: true };

/** The tables among a module's exports (db/schema). */
export function tablesOf(schema: Record<string, unknown>): PgTable[] {
  return Object.values(schema).filter((v): v is PgTable => is(v, PgTable));
}

/** Wraps mapToDriverValue of every redacted column of the schema's tables; idempotent. */
export function installStorageRedaction(schema: Record<string, unknown>): void {
  for (const table of tablesOf(schema)) {
    const name = getTableName(table);
    for (const column of Object.values(getTableColumns(table)) as Wrapped[]) {
      if (column[REDACTING] || !redactsColumn(name, column)) continue;
      const map = column.mapToDriverValue.bind(column) as (v: unknown, ...rest: unknown[]) => unknown;
      // PgArray's mapToDriverValue takes a second argument (nested arrays): pass it on.
      column.mapToDriverValue = ((v: unknown, ...rest: unknown[]) => map(storageValue(v), ...rest)) as PgColumn["mapToDriverValue"];
      column[REDACTING] = true;
    }
  }
}

/** Whether installStorageRedaction wrapped this column. */
export const isWrapped = (column: PgColumn): boolean => (column as Wrapped)[REDACTING] === true;

const namesByTable = new WeakMap<PgTable, Set<string>>();

/** The SQL names of a table's redacted columns. */
function redactedNames(table: PgTable): Set<string> {
  let names = namesByTable.get(table);
  if (!names) {
    const name = getTableName(table);
    names = new Set((Object.values(getTableColumns(table)) as PgColumn[]).filter((c) => redactsColumn(name, c)).map((c) => c.name));
    namesByTable.set(table, names);
  }
  return names;
}

/**
 * Rows for a raw-SQL write (json_to_recordset and the like), keyed by the table's SQL column
 * names: each redacted column's value as storageValue gives it, the rest untouched. Raw SQL binds
 * no column, so this is the one call such a write needs to store what drizzle would have.
 */
export function redactRows<T extends Record<string, unknown>>(table: PgTable, rows: T[]): T[] {
  const redacted = redactedNames(table);
  return rows.map((row) => {
    let out: T | undefined;
    for (const key of Object.keys(row)) {
      const v = row[key];
      if (v == null || !redacted.has(key)) continue;
      const r = storageValue(v);
      if (r !== v) (out ??= { ...row })[key as keyof T] = r as T[keyof T];
    }
    return out ?? row;
  });
}

// The storage layer's write hook: loading this module redacts every write of its module graph
// (db/client.ts opens no database before it is installed).
installWriteHook("storage redaction", installStorageRedaction);
