import { asc, desc, eq, sql } from "drizzle-orm";
import { type Db, transaction } from "@/db/client";
import { agents, policyRules, policyVersions, type PolicyVersion } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { bumpControlVersion, freshControl } from "@/lib/registry/control";
import { AppError } from "@/lib/http/errors";
import { readSettings } from "@/lib/settings/queries";
import { processSingleton } from "@/lib/util/global";
import { compilePolicy, type CompiledPolicy } from "./compile";
import { DEFAULT_POLICY } from "./default-policy";
import { lineDiff } from "./diff";
import { policyDocumentSchema, type PolicyDocument } from "./types";
import { policyToYaml } from "./yaml";

export interface ActivePolicy {
  compiled: CompiledPolicy;
  version: number;
  approvalTtlSeconds: number;
}

interface Cache {
  controlVersion: number;
  active?: ActivePolicy;
  inflight?: Promise<ActivePolicy>;
}

// Per database handle (tests open several in one process), per process.
function cacheOf(db: Db): Cache {
  const all = processSingleton("policy-active", () => new WeakMap<Db, Cache>());
  let c = all.get(db);
  if (!c) all.set(db, (c = { controlVersion: -1 }));
  return c;
}

/**
 * The active policy, compiled once per policy version and held per process for as long as
 * the control version is unchanged (every policy save bumps it, so all instances reload
 * within the control staleness bound). Throws when the database cannot be read: fail closed.
 */
export async function getActivePolicy(db: Db): Promise<ActivePolicy> {
  const control = await freshControl(db);
  const c = cacheOf(db);
  if (c.active && c.controlVersion === control.version) return c.active;
  c.inflight ??= (async () => {
    try {
      const row = await latestVersion(db);
      // the instance setting applies when the policy sets no approval_ttl_seconds
      const { approvalTtlSeconds } = await readSettings(db, ["approvalTtlSeconds"]);
      const compiled = compilePolicy(row.document, String(row.version));
      const active: ActivePolicy = {
        compiled,
        version: row.version,
        approvalTtlSeconds: compiled.approvalTtlSeconds ?? approvalTtlSeconds.value,
      };
      // Only keep it if no change happened while loading.
      if ((await freshControl(db)).version === control.version) {
        c.active = active;
        c.controlVersion = control.version;
      }
      return active;
    } finally {
      c.inflight = undefined;
    }
  })();
  return c.inflight;
}

/** The newest version; version 1 = the default policy, written on first use. */
export async function latestVersion(db: Db): Promise<PolicyVersion> {
  const rows = await db.select().from(policyVersions).orderBy(desc(policyVersions.version)).limit(1);
  if (rows[0]) return rows[0];
  const document = policyDocumentSchema.parse(DEFAULT_POLICY);
  await transaction(db, async (t) => {
    const inserted = await t
      .insert(policyVersions)
      .values({ version: 1, document, authorLabel: "Gatehouse (default policy)", comment: "Default policy", diff: null })
      .onConflictDoNothing()
      .returning({ id: policyVersions.id });
    if (inserted.length) await t.insert(policyRules).values(ruleRows(1, document));
  });
  const again = await db.select().from(policyVersions).orderBy(desc(policyVersions.version)).limit(1);
  return again[0];
}

function ruleRows(version: number, doc: PolicyDocument) {
  return doc.rules.map((r) => ({
    policyVersion: version,
    ruleId: r.id,
    description: r.description ?? null,
    tier: r.tier,
    mode: r.mode,
    priority: r.priority,
    enabled: r.enabled,
    match: r.match,
  }));
}

/** 412: the draft was edited from a version that is no longer the newest (its diff against the newest was not reviewed). */
export function staleVersion(active: number, base: number) {
  return new AppError(
    412,
    "precondition_failed",
    `Version ${active} became active after you started editing version ${base}: reload to review the changes against it.`,
    { active_version: String(active), base_version: String(base) },
  );
}

/**
 * Saves the document as a new version (never edits one), with its author and the line diff
 * of the policy file against the previous version, bumps the control version so every
 * instance reloads, and records `policy.change` in the audit trail — one transaction.
 */
export async function savePolicy(db: Db, input: unknown, author: Actor, comment?: string, opts: { baseVersion?: number } = {}): Promise<PolicyVersion> {
  const document = policyDocumentSchema.parse(input);
  await latestVersion(db);
  const saved = await transaction(db, async (t) => {
    // Serialise writers across instances. A lock on the newest row is not enough: a writer that
    // waited for it reads the same (now superseded) row again under READ COMMITTED and picks the
    // same next number. The newest version is read after the lock, so it sees the winner's commit.
    await t.execute(sql`SELECT pg_advisory_xact_lock(hashtext('policy:save'))`);
    const prevRows = await t.select().from(policyVersions).orderBy(desc(policyVersions.version)).limit(1);
    const prev = prevRows[0];
    // Checked under the lock: two people saving drafts of the same version cannot both win.
    if (opts.baseVersion !== undefined && prev?.version !== opts.baseVersion) throw staleVersion(prev?.version ?? 0, opts.baseVersion);
    const version = (prev?.version ?? 0) + 1;
    const diff = lineDiff(prev ? policyToYaml(prev.document as PolicyDocument) : "", policyToYaml(document));
    const [row] = await t
      .insert(policyVersions)
      .values({ version, document, authorId: author.userId, authorLabel: author.label, comment: comment ?? null, diff })
      .returning();
    if (document.rules.length) await t.insert(policyRules).values(ruleRows(version, document));
    await bumpControlVersion(t);
    await appendAuditEvents(t, [
      {
        ...auditActor(author),
        type: "policy.change",
        policyVersion: String(version),
        outcome: "success",
        payload: { version, previous: prev?.version ?? null, comment: comment ?? null, rules: document.rules.length, diff },
      },
    ]);
    return row;
  });
  cacheOf(db).controlVersion = -1;
  return saved;
}

export async function listPolicyVersions(db: Db, limit = 100) {
  return db
    .select({
      id: policyVersions.id,
      version: policyVersions.version,
      authorLabel: policyVersions.authorLabel,
      comment: policyVersions.comment,
      diff: policyVersions.diff,
      createdAt: policyVersions.createdAt,
      rules: sql<number>`jsonb_array_length(${policyVersions.document}->'rules')`.mapWith(Number),
    })
    .from(policyVersions)
    .orderBy(desc(policyVersions.version))
    .limit(limit);
}

export async function getPolicyVersion(db: Db, version: number) {
  const rows = await db.select().from(policyVersions).where(eq(policyVersions.version, version)).limit(1);
  return rows[0];
}

/** Forget the compiled policy (tests). */
export function resetPolicyCache(db: Db) {
  const c = cacheOf(db);
  c.controlVersion = -1;
  c.active = undefined;
}

/** Agents to pick from in the simulator. */
export async function simulatorAgents(db: Db) {
  return db.select({ id: agents.id, slug: agents.slug, status: agents.status }).from(agents).orderBy(asc(agents.slug)).limit(1000);
}
