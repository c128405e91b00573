import { sql } from "drizzle-orm";
// Demo data: a realistic organisation ("Acme") using coding agents for six weeks — registry,
// scopes, policy, sessions and their hash-chained audit trail, decisions and approvals,
// violations, changes with CI gates and defects. Deterministic for a given `seed` and `now`
// (apart from password salts and token secrets, which must stay unguessable).
//
// Audit events are generated session by session and merged in time order through a small
// heap, then appended through `appendAuditEvents` in batches: memory stays bounded by the
//
// The stages live in their own modules: people.ts, agents.ts, policy-versions.ts, schedule.ts,
// changes.ts (+ defects.ts), governance.ts, sessions.ts (+ session-plans.ts, session-actions.ts),
// stream.ts, violations.ts and insert.ts. Each stage draws from its own fork of the seeded
// generator; the forks are taken here, in a fixed order, so the output for a given seed and
// `now` does not depend on how the stages are arranged.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { rebuildKpiRollups } from "@/lib/kpis/rollup";
import { seedAccessReviews, seedAgents, seedTokens } from "./agents";
import { seedChanges, sessionLookup } from "./changes";
import { AUDIT_BATCH, DAY, EVENT_DAYS } from "./constants";
import { PEOPLE, type Role } from "./data";
import { queueGovernanceEvents, writeShadowAgents } from "./governance";
import { count, updateLastSeen } from "./insert";
import { seedPeople } from "./people";
import { seedIntegrationTokens } from "./integrations";
import { seedPolicyVersions } from "./policy-versions";
import { Rng } from "./prng";
import { planSessions } from "./schedule";
import { seedTelemetry } from "./telemetry";
import { generateSessions } from "./sessions";
import { EventStream } from "./stream";
import { Violations, writeViolations } from "./violations";

export { DEFAULT_POLICY_DOCUMENT } from "./policy";
export { DEMO_PASSWORD } from "./people";

/** Sign-in accounts of the demo (all with DEMO_PASSWORD); the first five are the well-known ones. */
export const DEMO_ACCOUNTS: { email: string; role: Role; name: string }[] = PEOPLE.map((p) => ({ email: p.email, role: p.role, name: p.name }));

export interface SeedOptions {
  /** audit events to generate (default 20 000; 1 000 000 streams fine) */
  events?: number;
  /** registered agents (default 30, 20–40 typical, up to 500) */
  agents?: number;
  /** pull requests (default 400, up to 10 000) */
  changes?: number;
  seed?: number;
  now?: Date;
  log?: (s: string) => void;
}

export interface SeedSummary {
  teams: number;
  users: number;
  agents: number;
  agentScopes: number;
  agentTokens: number;
  integrationTokens: number;
  accessReviews: number;
  agentSessions: number;
  shadowAgents: number;
  policyVersions: number;
  policyRules: number;
  decisions: number;
  approvalRequests: number;
  pendingApprovals: number;
  auditEvents: number;
  violations: number;
  violationEvidence: number;
  violationActivity: number;
  changes: number;
  changeCommits: number;
  gateRuns: number;
  gateFindings: number;
  defects: number;
  kpiDaily: number;
  ms: number;
}
export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedSummary> {
  const t0 = Date.now();
  const userLog = opts.log ?? (() => {});
  const log = (msg: string) => userLog(`[seed ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
  const rng = new Rng(opts.seed ?? 42);
  const now = opts.now ?? new Date();
  const NOW = now.getTime();
  const targetEvents = Math.max(200, Math.floor(opts.events ?? 20_000));
  const agentCount = Math.max(8, Math.min(500, Math.floor(opts.agents ?? 30)));
  const changeCount = Math.max(20, Math.min(10_000, Math.floor(opts.changes ?? 400)));
  const windowStart = NOW - EVENT_DAYS * DAY;

  if ((await count(db, "agents")) > 0 || (await count(db, "users")) > 0) throw new Error("seedDemo needs an empty database (agents or users already exist).");

  // The order of the forks (and of the policy ids drawn from the root) fixes the output: keep it.
  const people = await seedPeople(db, rng.fork("people"), NOW, log);

  log(`Registering ${agentCount} agents…`);
  const ra = rng.fork("agents");
  const registry = await seedAgents(db, ra, NOW, agentCount, people);
  const tokenRows = await seedTokens(db, ra, NOW, registry.agents);
  const integrations = await seedIntegrationTokens(db, NOW, people.admins[0]);
  const { reviewRows, reviewEvents } = await seedAccessReviews(db, ra, NOW, windowStart, registry.agents, people.users, people.securityLeads);

  const policy = await seedPolicyVersions(db, rng, NOW, windowStart, people.admins);
  await db.insert(s.controlState).values({ id: 1, version: 1, fleetFrozen: false, updatedAt: now }).onConflictDoNothing();

  const plan = planSessions(rng.fork("schedule"), NOW, windowStart, targetEvents, registry);

  log(`Generating ${changeCount} changes with CI gates and defects…`);
  const sessionFor = sessionLookup(plan.schedule);
  const changeOut = await seedChanges(db, {
    rng: rng.fork("changes"),
    now: NOW,
    count: changeCount,
    agents: registry.agents,
    users: people.users,
    teamIds: people.teamIds,
    sessionFor,
  });

  const violations = new Violations(rng.fork("violations"));
  const stream = new EventStream(db, (n) => {
    if (n % 50_000 < AUDIT_BATCH || n === targetEvents) log(`  ${n.toLocaleString("en-US")} / ${targetEvents.toLocaleString("en-US")} audit events`);
  });
  const world = { re: rng.fork("events"), NOW, windowStart, targetEvents, agentCount, people, registry, plan, policy, violations, stream };
  const shadowStats = queueGovernanceEvents(world, [...reviewEvents, ...integrations.events], changeOut.mergeEvents);

  log(`Generating ~${targetEvents.toLocaleString("en-US")} audit events over ${EVENT_DAYS} days…`);
  await generateSessions(world);
  await seedTelemetry(db);

  log("Writing violations…");
  const rv = rng.fork("triage");
  const { violationRows, evidenceRows, activityRows } = await writeViolations(db, rv, NOW, violations, people.securityLeads);
  const shadowRows = await writeShadowAgents(db, rv, shadowStats, changeOut.shadows);
  await updateLastSeen(db, registry.agents);

  log("Computing KPI rollups…");
  await rebuildKpiRollups(db);

  const summary: SeedSummary = {
    teams: people.teamRows.length,
    users: people.users.length,
    agents: registry.agents.length,
    agentScopes: registry.scopeRows.length,
    agentTokens: tokenRows.length,
    integrationTokens: integrations.rows,
    accessReviews: reviewRows.length,
    agentSessions: stream.sessions,
    shadowAgents: shadowRows.length,
    policyVersions: 2,
    policyRules: policy.policyRuleRows.length,
    decisions: stream.decisions,
    approvalRequests: stream.approvals,
    pendingApprovals: await count(db, "approval_requests where status = 'pending'"),
    auditEvents: stream.appended,
    violations: violationRows.length,
    violationEvidence: evidenceRows.length,
    violationActivity: activityRows.length,
    changes: changeOut.changes,
    changeCommits: changeOut.commits,
    gateRuns: changeOut.gateRuns,
    gateFindings: changeOut.findings,
    defects: changeOut.defects,
    kpiDaily: await count(db, "kpi_daily"),
    ms: Date.now() - t0,
  };
  // Planner statistics now: PGlite has no autovacuum, so without this the overview's time
  // filters scan every event (measured: 500 ms → 2 ms on 1M events).
  await db.execute(sql`ANALYZE`);
  log(`Demo data generated (${summary.auditEvents.toLocaleString("en-US")} audit events).`);
  return summary;
}
