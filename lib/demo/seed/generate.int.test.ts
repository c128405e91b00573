import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db";
import { createTestDb } from "@/lib/testing/db";
import { DEFAULT_POLICY_DOCUMENT, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, type SeedSummary } from "./generate";
import { policyDocumentSchema } from "@/lib/policy/types";
import { verifyPassword } from "@/lib/auth/password";

type Row = Record<string, unknown>;

describe("seedDemo", () => {
  let h: DbHandle;
  let summary: SeedSummary;
  const now = new Date("2026-03-02T15:30:00Z");
  const rows = async <T extends Row = Row>(q: string): Promise<T[]> => ((await h.db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;
  const countBy = async (q: string) => Object.fromEntries((await rows<{ k: string; n: number }>(q)).map((r) => [r.k, Number(r.n)]));

  beforeAll(async () => {
    h = await createTestDb("pglite");
    summary = await seedDemo(h.db, { events: 4000, agents: 24, changes: 150, seed: 7, now });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it("reports the row counts it wrote", async () => {
    expect(summary.agents).toBe(24);
    expect(summary.changes).toBe(150);
    expect(summary.auditEvents).toBe(Number((await rows<{ n: number }>("select count(*)::int n from audit_events"))[0].n));
    expect(summary.auditEvents).toBeGreaterThan(3000);
    expect(summary.auditEvents).toBeLessThan(4600);
  });

  it("has people in every role, with the demo password and the well-known accounts", async () => {
    const roles = await countBy("select role::text k, count(*)::int n from users group by 1");
    for (const r of ["admin", "security_lead", "approver", "eng_manager", "viewer"]) expect(roles[r]).toBeGreaterThanOrEqual(2);
    const emails = (await rows<{ email: string }>("select email from users")).map((r) => r.email);
    for (const e of ["admin@acme.test", "security@acme.test", "approver@acme.test", "manager@acme.test", "viewer@acme.test"]) expect(emails).toContain(e);
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual(expect.arrayContaining(emails));
    const [admin] = await rows<{ password_hash: string }>("select password_hash from users where email = 'admin@acme.test'");
    expect(await verifyPassword(DEMO_PASSWORD, admin.password_hash)).toBe(true);
    const managers = await rows<{ team_id: string | null }>("select team_id from users where role = 'eng_manager'");
    expect(managers.every((m) => m.team_id)).toBe(true);
  });

  it("registers agents in every status, each with a human sponsor, scope, tokens and reviews", async () => {
    const status = await countBy("select status::text k, count(*)::int n from agents group by 1");
    expect(status.active).toBeGreaterThan(15);
    expect(status.suspended).toBeGreaterThanOrEqual(2);
    expect(status.retired).toBeGreaterThanOrEqual(1);
    const [bad] = await rows<{ n: number }>(
      "select count(*)::int n from agents a where not exists (select 1 from users u where u.id = a.sponsor_id) or (a.status <> 'active' and a.status_reason is null)",
    );
    expect(bad.n).toBe(0);
    const [noScope] = await rows<{ n: number }>("select count(*)::int n from agents a where not exists (select 1 from agent_scopes s where s.agent_id = a.id)");
    expect(noScope.n).toBe(0);
    const dims = await countBy("select dimension::text k, count(*)::int n from agent_scopes group by 1");
    for (const d of ["repository", "branch", "environment", "tool", "path", "endpoint"]) expect(dims[d]).toBeGreaterThan(0);
    const [windowed] = await rows<{ n: number }>("select count(*)::int n from agent_scopes where valid_until is not null");
    expect(windowed.n).toBeGreaterThan(0);
    const [tokens] = await rows<{ expired: number; revoked: number; live: number }>(
      `select count(*) filter (where expires_at < '${now.toISOString()}')::int expired, count(*) filter (where revoked_at is not null)::int revoked,
              count(*) filter (where revoked_at is null and expires_at > '${now.toISOString()}')::int live from agent_tokens`,
    );
    expect(tokens.expired + tokens.revoked).toBeGreaterThan(0);
    expect(tokens.live).toBeGreaterThan(0);
    const [overdue] = await rows<{ n: number }>(
      `select count(*)::int n from (select agent_id, max(created_at) m from access_reviews group by 1) r where r.m < '${now.toISOString()}'::timestamptz - interval '90 days'`,
    );
    expect(overdue.n).toBeGreaterThan(0);
  });

  it("has integration tokens in use and one revoked, each created (and revoked) in the audit trail", async () => {
    const toks = await rows<{ prefix: string; revoked: boolean; use_count: number; hash: string }>(
      "select prefix, revoked_at is not null revoked, use_count, hash from integration_tokens order by created_at",
    );
    expect(summary.integrationTokens).toBe(toks.length);
    expect(toks.filter((t) => !t.revoked).length).toBeGreaterThanOrEqual(2);
    expect(toks.filter((t) => t.revoked)).toHaveLength(1);
    expect(toks.every((t) => t.prefix.startsWith("gci_") && /^[0-9a-f]{64}$/.test(t.hash) && t.use_count > 0)).toBe(true);
    const acts = await rows<{ type: string; resource: string }>("select type, resource from audit_events where type like 'integration_token.%'");
    for (const t of toks) {
      expect(acts).toContainEqual({ type: "integration_token.create", resource: `integration_token:${t.prefix}` });
      expect(acts.some((a) => a.type === "integration_token.revoke" && a.resource === `integration_token:${t.prefix}`)).toBe(t.revoked);
    }
  });

  it("stores a valid policy with flattened rules", async () => {
    expect(policyDocumentSchema.safeParse(DEFAULT_POLICY_DOCUMENT).success).toBe(true);
    const [v1] = await rows<{ document: { rules: unknown[] } }>("select document from policy_versions where version = 1");
    expect(v1.document.rules.length).toBe(DEFAULT_POLICY_DOCUMENT.rules.length);
    const [rules] = await rows<{ n: number }>("select count(*)::int n from policy_rules where policy_version = 1");
    expect(rules.n).toBe(DEFAULT_POLICY_DOCUMENT.rules.length);
    const tiers = await countBy("select tier::text k, count(*)::int n from policy_rules group by 1");
    expect(Object.keys(tiers).sort()).toEqual(["forbidden", "free", "gated"]);
    const [control] = await rows("select * from control_state where id = 1");
    expect(control).toBeDefined();
  });

  it("named approvers (issue 21): 2-of requests carry their spec, two distinct non-initiating approvals when approved, and some wait at 1 of 2", async () => {
    const two = await rows<{ id: string; status: string; initiated_by: string | null; approvers: { people?: string[] } | null; n: number; people: string[] }>(
      "select r.id, r.status::text status, r.initiated_by, r.approvers, (select count(*)::int from approval_decisions d where d.approval_id = r.id and d.decision = 'approve') n, (select array_agg(d.email) from approval_decisions d where d.approval_id = r.id) people from approval_requests r where r.approvals_required = 2",
    );
    expect(two.length).toBeGreaterThan(0);
    for (const r of two) {
      expect(r.approvers).not.toBeNull();
      if (r.status === "approved") expect(r.n).toBe(2);
      if (r.status === "pending") expect(r.n).toBeLessThanOrEqual(1);
      expect(new Set(r.people ?? []).size).toBe((r.people ?? []).length);
      if (r.initiated_by) expect(r.people ?? []).not.toContain(r.initiated_by);
    }
    expect(two.some((r) => r.status === "pending" && r.n === 1)).toBe(true);
    // each partial approval is an audit event by its approver
    const [missing] = await rows<{ n: number }>(
      "select count(*)::int n from approval_decisions d join approval_requests r on r.id = d.approval_id where r.approvals_required = 2 and d.decision = 'approve' and not exists (select 1 from audit_events e where e.approval_id = d.approval_id and e.actor_label = d.email and e.type in ('approval.partial', 'approval.approve'))",
    );
    expect(missing.n).toBe(0);
  });

  it("links decisions, approvals and audit events", async () => {
    const d = await countBy("select decision::text k, count(*)::int n from decisions group by 1");
    expect(d.allow).toBeGreaterThan(d.ask);
    expect(d.ask).toBeGreaterThan(0);
    expect(d.deny).toBeGreaterThan(0);
    expect(d.allow / (d.allow + d.ask + d.deny)).toBeGreaterThan(0.8);
    const [orphans] = await rows<{ n: number }>(
      "select count(*)::int n from decisions d where not exists (select 1 from audit_events e where e.decision_id = d.id and e.type = 'decision')",
    );
    expect(orphans.n).toBe(0);
    const a = await countBy("select status::text k, count(*)::int n from approval_requests group by 1");
    expect(a.pending).toBeGreaterThanOrEqual(3);
    expect(a.approved).toBeGreaterThan(0);
    expect((a.denied ?? 0) + (a.expired ?? 0)).toBeGreaterThan(0);
    const pending = await rows<{ expires_at: Date; created_at: Date; risk: number }>(
      "select expires_at, created_at, risk from approval_requests where status = 'pending'",
    );
    for (const p of pending) {
      expect(new Date(p.expires_at).getTime()).toBeGreaterThan(now.getTime());
      expect(new Date(p.created_at).getTime()).toBeLessThanOrEqual(now.getTime());
    }
    const [selfApproved] = await rows<{ n: number }>(
      "select count(*)::int n from approval_requests r join users u on u.id = r.decided_by where u.email = r.initiated_by",
    );
    expect(selfApproved.n).toBe(0);
    const [approvalsWithEvent] = await rows<{ n: number }>(
      "select count(*)::int n from approval_requests r where r.status in ('approved', 'denied') and not exists (select 1 from audit_events e where e.approval_id = r.id and e.actor_kind = 'human')",
    );
    expect(approvalsWithEvent.n).toBe(0);
    const [late] = await rows<{ n: number }>(`select count(*)::int n from audit_events where time > '${now.toISOString()}'`);
    expect(late.n).toBe(0);
    const types = await countBy("select type k, count(*)::int n from audit_events group by 1");
    for (const t of ["session.start", "prompt", "tool.post", "decision", "session.end", "commit", "agent.kill", "approval.approve", "policy.change"])
      expect(types[t]).toBeGreaterThan(0);
    const [redacted] = await rows<{ n: number }>("select count(*)::int n from audit_events where redactions > 0 and payload::text like '%[REDACTED:%'");
    expect(redacted.n).toBeGreaterThan(0);
  });

  it("keeps the audit hash chain intact", async () => {
    const [head] = await rows<{ seq: number; count: number; hash: string }>("select seq, count, hash from audit_chain_head where id = 1");
    const [n] = await rows<{ n: number }>("select count(*)::int n from audit_events");
    expect(Number(head.count)).toBe(n.n);
    expect(Number(head.seq)).toBe(n.n);
    const chain = await rows<{ seq: number; prev_hash: string; hash: string }>("select seq, prev_hash, hash from audit_events order by seq");
    for (let i = 1; i < chain.length; i++) {
      if (chain[i].prev_hash !== chain[i - 1].hash) throw new Error(`chain broken at seq ${chain[i].seq}`);
    }
    expect(chain[chain.length - 1].hash).toBe(head.hash);
    // time order follows seq order (events are merged by time before they are appended)
    const [unordered] = await rows<{ n: number }>(
      "select count(*)::int n from (select time, lag(time) over (order by seq) prev from audit_events) x where x.time < x.prev",
    );
    expect(unordered.n).toBe(0);
  });

  it("raises violations of several kinds with evidence and triage history", async () => {
    const kinds = await countBy("select kind k, count(*)::int n from violations group by 1");
    expect(Object.keys(kinds).length).toBeGreaterThanOrEqual(6);
    for (const k of ["scope_violation", "forbidden_attempt", "gate_override", "shadow_agent"]) expect(kinds[k]).toBeGreaterThan(0);
    const status = await countBy("select status::text k, count(*)::int n from violations group by 1");
    expect(status.open).toBeGreaterThan(0);
    expect((status.resolved ?? 0) + (status.false_positive ?? 0) + (status.triaged ?? 0)).toBeGreaterThan(0);
    const [multi] = await rows<{ n: number }>("select count(*)::int n from violations where count > 1");
    expect(multi.n).toBeGreaterThan(0);
    const [noEvidence] = await rows<{ n: number }>(
      "select count(*)::int n from violations v where not exists (select 1 from violation_evidence e where e.violation_id = v.id)",
    );
    expect(noEvidence.n).toBe(0);
    const [dangling] = await rows<{ n: number }>(
      "select count(*)::int n from violation_evidence e where not exists (select 1 from audit_events a where a.seq = e.event_seq)",
    );
    expect(dangling.n).toBe(0);
    const [badKey] = await rows<{ n: number }>("select count(*)::int n from violations where group_key <> kind || ':' || coalesce(agent_id::text, agent_slug)");
    expect(badKey.n).toBe(0);
    const [activity] = await rows<{ n: number }>("select count(*)::int n from violation_activity");
    expect(activity.n).toBeGreaterThan(0);
    const [shadows] = await rows<{ n: number }>("select count(*)::int n from shadow_agents");
    expect(shadows.n).toBeGreaterThan(0);
  });

  it("has agent- and human-authored changes with gates and defects", async () => {
    const kinds = await countBy("select author_kind::text k, count(*)::int n from changes group by 1");
    expect(kinds.agent).toBeGreaterThan(20);
    expect(kinds.human).toBeGreaterThan(20);
    const states = await countBy("select state::text k, count(*)::int n from changes group by 1");
    expect(states.merged).toBeGreaterThan(states.open);
    const [attributed] = await rows<{ n: number }>(
      "select count(*)::int n from changes where author_kind = 'agent' and (attribution_confidence < 0.6 or attribution_confidence > 1)",
    );
    expect(attributed.n).toBe(0);
    const [flagged] = await rows<{ n: number }>("select count(*)::int n from changes where security_adjacent and flagged_paths is not null");
    expect(flagged.n).toBeGreaterThan(0);
    const gates = await countBy("select status::text k, count(*)::int n from gate_runs group by 1");
    expect(gates.passed).toBeGreaterThan(gates.failed);
    expect(gates.failed).toBeGreaterThan(0);
    const [findings] = await rows<{ n: number }>("select count(*)::int n from gate_findings");
    expect(findings.n).toBeGreaterThan(0);
    const found = await countBy("select found::text k, count(*)::int n from defects group by 1");
    expect(found.post_merge).toBeGreaterThan(0);
    expect(found.pre_merge).toBeGreaterThan(0);
    const [unlinked] = await rows<{ n: number }>(
      "select count(*)::int n from defects d where not exists (select 1 from changes c where c.id = d.introduced_change_id)",
    );
    expect(unlinked.n).toBe(0);
    const [kpis] = await rows<{ n: number }>("select count(*)::int n from kpi_daily");
    expect(kpis.n).toBeGreaterThan(0);
  });

  it("refuses a database that already has data", async () => {
    await expect(seedDemo(h.db, { events: 500, now })).rejects.toThrow(/empty database/);
  });
});
