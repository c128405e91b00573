// Demo data: a realistic organisation ("Acme") using coding agents for six weeks — registry,
// scopes, policy, sessions and their hash-chained audit trail, decisions and approvals,
// violations, changes with CI gates and defects. Deterministic for a given `seed` and `now`
// (apart from password salts and token secrets, which must stay unguessable).
//
// Audit events are generated session by session and merged in time order through a small
// heap, then appended through `appendAuditEvents` in batches: memory stays bounded by the
// number of concurrently open sessions, so `events: 1_000_000` streams.
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { generateToken } from "@/lib/auth/tokens";
import { computeRisk } from "@/lib/approvals/risk";
import { flagSecurityPaths } from "@/lib/changes/security-paths";
import { rebuildKpiRollups } from "@/lib/kpis/rollup";
import { compilePolicy, type CompiledPolicy } from "@/lib/policy/compile";
import { lineDiff } from "@/lib/policy/diff";
import { evaluate } from "@/lib/policy/evaluate";
import type { Action, EvaluationResult, PolicyDocument } from "@/lib/policy/types";
import { policyToYaml } from "@/lib/policy/yaml";
import type { ScopeEntry } from "@/lib/registry/scope";
import {
  AGENT_ROLES,
  CHANGE_OBJECTS,
  CHANGE_VERBS,
  DEFECT_TITLES,
  DEPENDENCIES,
  ENGINEERS,
  EXT,
  FILE_STEMS,
  INVARIANTS,
  KIND_INFO,
  KIND_WEIGHTS,
  MANIFESTS,
  PEOPLE,
  PROMPTS,
  READ_COMMANDS,
  REPOS,
  ROLE_INFO,
  ROLE_WEIGHTS,
  SAFE_ENDPOINTS,
  SAST_RULES,
  SCA_FINDINGS,
  TEAMS,
  TEST_COMMANDS,
  type AgentKindName,
  type AgentRole,
  type Repo,
  type Role,
  type TeamSlug,
} from "./data";
import { DEFAULT_POLICY_DOCUMENT, POLICY_V2_DOCUMENT } from "./policy";
import { Rng } from "./prng";

export { DEFAULT_POLICY_DOCUMENT } from "./policy";

export const DEMO_PASSWORD = "gatehouse-demo";

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

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const EVENT_DAYS = 42;
const CHANGE_DAYS = 56;
const APPROVAL_TTL = 30 * MIN;
const GROUP_WINDOW = HOUR;
const AUDIT_BATCH = 2000;
const ROW_BATCH = 2000;
const INSERT_CHUNK = 500;

// ---------------------------------------------------------------------------------------------
// helpers

async function insertMany<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][], chunk = INSERT_CHUNK) {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insert(table).values(rows.slice(i, i + chunk) as never);
  }
}

async function count(db: Db, table: string): Promise<number> {
  const res = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n);
}

const fill = (template: string, m: string, n: number | string = "") => template.replaceAll("{m}", m).replaceAll("{n}", String(n));
const shortRepo = (repo: string) => repo.split("/")[1];

// ---------------------------------------------------------------------------------------------
// registry

interface UserRec {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamSlug: TeamSlug | null;
}

interface AgentRec {
  id: string;
  slug: string;
  name: string;
  kind: AgentKindName;
  role: AgentRole;
  team: TeamSlug;
  teamId: string;
  sponsorId: string;
  model: string;
  toolchain: string;
  status: "active" | "suspended" | "retired";
  statusChangedAt: Date | null;
  statusChangedBy: string | null;
  statusReason: string | null;
  createdAt: Date;
  repos: string[];
  scope: ScopeEntry[];
  hasMain: boolean;
  hasProd: boolean;
  weight: number;
  noisy: boolean;
  deviance: number;
  /** intervals in which the agent does nothing (killed and later resumed) */
  pauses: [number, number][];
  /** no sessions after this (kill or retirement) */
  activeUntil: number;
  hooks: boolean;
  lastSeen: number;
  recentHits: number[];
  tokens: { id: string; prefix: string; expired: boolean; revoked: boolean }[];
}

function roleScope(role: AgentRole, repo: Repo): { paths: string[]; tools: string[]; envs: string[]; endpoints: string[]; branches: string[] } {
  const manifests = MANIFESTS[repo.lang];
  const read = ["Read", "Grep", "Glob"];
  const write = [...read, "Edit", "Write"];
  switch (role) {
    case "code-review":
      return { paths: ["src/**", "tests/**", "docs/**", "*.md", ".github/**", ...manifests], tools: [...read, "Bash", "WebFetch"], envs: ["dev"], endpoints: ["https://api.github.com/repos/acme/**", "https://docs.github.com"], branches: ["main", "feature/**", "fix/**", "agent/**"] };
    case "test-automation":
      return { paths: ["src/**", "tests/**"], tools: [...write, "Bash"], envs: ["dev"], endpoints: ["https://registry.npmjs.org"], branches: ["feature/**", "agent/**", "test/**"] };
    case "refactoring":
      return { paths: ["src/**", "tests/**", "docs/**", ...manifests], tools: [...write, "Bash", "WebFetch"], envs: ["dev"], endpoints: ["https://registry.npmjs.org", "https://developer.mozilla.org", "https://docs.python.org"], branches: ["feature/**", "agent/**", "fix/**"] };
    case "deployment":
      return { paths: ["src/**", "deploy/**", "infra/**", ".github/workflows/**", "CHANGELOG.md"], tools: [...write, "Bash"], envs: ["dev", "staging"], endpoints: ["https://api.github.com/repos/acme/**"], branches: ["main", "release/**", "agent/**"] };
    case "dependency-updates":
      return { paths: ["src/**", "tests/**", "CHANGELOG.md", ...manifests], tools: [...write, "Bash", "WebFetch"], envs: ["dev"], endpoints: ["https://registry.npmjs.org", "https://pypi.org", "https://proxy.golang.org", "https://api.github.com/repos/acme/**"], branches: ["main", "deps/**", "agent/**"] };
    case "docs":
      return { paths: ["docs/**", "*.md", "src/**"], tools: [...write, "WebFetch", "Bash(git status)", "Bash(git diff:*)", "Bash(git commit:*)", "Bash(git push:*)"], envs: ["dev"], endpoints: ["https://docs.github.com", "https://developer.mozilla.org"], branches: ["docs/**", "agent/**"] };
    case "incident-triage":
      return { paths: ["src/**", "logs/**", "runbooks/**", "docs/**"], tools: [...read, "Bash", "WebFetch"], envs: ["staging", "production"], endpoints: ["https://api.github.com/repos/acme/**", "https://docs.github.com"], branches: ["fix/**", "agent/**"] };
  }
}

// ---------------------------------------------------------------------------------------------
// audit stream: a time-ordered heap of pending events, appended in batches

interface SeqRef {
  seq: number;
}

interface HeapItem {
  t: number;
  o: number;
  ev: AuditInput;
  ref?: SeqRef;
}

class EventStream {
  private heap: HeapItem[] = [];
  private order = 0;
  private batch: HeapItem[] = [];
  pushed = 0;
  appended = 0;
  /** rows of other tables written with each audit batch */
  pendingDecisions: (typeof s.decisions.$inferInsert)[] = [];
  pendingApprovals: (typeof s.approvalRequests.$inferInsert)[] = [];
  pendingSessions: (typeof s.agentSessions.$inferInsert)[] = [];
  decisions = 0;
  approvals = 0;
  sessions = 0;

  constructor(
    private db: Db,
    private progress: (n: number) => void,
  ) {}

  push(ev: AuditInput, ref?: SeqRef) {
    const t = ev.time!.getTime();
    const item = { t, o: this.order++, ev, ref };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    this.pushed++;
  }

  private pop(): HeapItem {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  /** Emits every queued event up to time t (inclusive). */
  async drainUntil(t: number) {
    while (this.heap.length && this.heap[0].t <= t) {
      this.batch.push(this.pop());
      if (this.batch.length >= AUDIT_BATCH) await this.flush();
    }
  }

  async finish() {
    await this.drainUntil(Infinity);
    await this.flush(true);
  }

  private async flush(all = false) {
    const items = this.batch;
    this.batch = [];
    const decs = this.pendingDecisions.length >= ROW_BATCH || all ? this.pendingDecisions.splice(0) : [];
    const apps = this.pendingApprovals.length >= ROW_BATCH || all ? this.pendingApprovals.splice(0) : [];
    const sess = this.pendingSessions.length >= ROW_BATCH || all ? this.pendingSessions.splice(0) : [];
    if (!items.length && !decs.length && !apps.length && !sess.length) return;
    await this.db.transaction(async (txx) => {
      const tx = txx as unknown as Db;
      if (items.length) {
        const rows = await appendAuditEvents(
          tx,
          items.map((i) => i.ev),
        );
        for (let k = 0; k < rows.length; k++) {
          const ref = items[k].ref;
          if (ref) ref.seq = rows[k].seq;
        }
      }
      await insertMany(tx, s.decisions, decs);
      await insertMany(tx, s.approvalRequests, apps);
      await insertMany(tx, s.agentSessions, sess);
    });
    this.decisions += decs.length;
    this.approvals += apps.length;
    this.sessions += sess.length;
    this.appended += items.length;
    if (items.length) this.progress(this.appended);
  }
}

function less(a: HeapItem, b: HeapItem) {
  return a.t < b.t || (a.t === b.t && a.o < b.o);
}

// ---------------------------------------------------------------------------------------------
// violations, folded like lib/violations/raise.ts (same group within an hour → one row)

type Severity = "low" | "medium" | "high" | "critical";
const SEV_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

interface Hit {
  kind: string;
  severity: Severity;
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  at: number;
  evidence: SeqRef[];
  details?: Record<string, unknown>;
}

interface ViolationAcc extends Hit {
  id: string;
  groupKey: string;
  count: number;
  first: number;
  last: number;
}

class Violations {
  byKey = new Map<string, ViolationAcc[]>();
  all: ViolationAcc[] = [];
  constructor(private rng: Rng) {}

  add(h: Hit) {
    const groupKey = `${h.kind}:${h.agentId ?? h.agentSlug ?? "unknown"}`;
    const list = this.byKey.get(groupKey) ?? [];
    const cur = list.find((v) => h.at >= v.first - GROUP_WINDOW && h.at <= v.last + GROUP_WINDOW);
    if (cur) {
      cur.count++;
      cur.first = Math.min(cur.first, h.at);
      cur.last = Math.max(cur.last, h.at);
      if (SEV_RANK[h.severity] > SEV_RANK[cur.severity]) {
        cur.severity = h.severity;
        cur.title = h.title;
        cur.explanation = h.explanation;
      }
      for (const e of h.evidence) if (cur.evidence.length < 50) cur.evidence.push(e);
      return;
    }
    const v: ViolationAcc = { ...h, evidence: [...h.evidence], id: this.rng.uuid(), groupKey, count: 1, first: h.at, last: h.at };
    list.push(v);
    this.byKey.set(groupKey, list);
    this.all.push(v);
  }
}

// ---------------------------------------------------------------------------------------------

interface Sched {
  start: number;
  agent: AgentRec;
  scenario?: "pending" | "kill" | "postkill" | "secret_handling" | "exfiltration" | "drift" | "persistence" | "redaction";
  /** pending scenario: when the gated request is made */
  at?: number;
  sessionId: string;
  repo: Repo;
  initiatedBy: string | null;
}

interface Planned {
  action: Action;
  tool: string;
  input: Record<string, unknown>;
  response: Record<string, unknown>;
  execMs: number;
  failP: number;
  bytesOut?: number;
  redact?: string;
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

  if ((await count(db, "agents")) > 0 || (await count(db, "users")) > 0)
    throw new Error("seedDemo needs an empty database (agents or users already exist).");

  // ------------------------------------------------------------------ teams and people
  const r = rng.fork("people");
  const teamIds = new Map<TeamSlug, string>();
  const teamRows = TEAMS.map((t) => {
    const id = r.uuid();
    teamIds.set(t.slug, id);
    return { id, slug: t.slug, name: t.name, createdAt: new Date(NOW - 200 * DAY) };
  });
  await insertMany(db, s.teams, teamRows);

  log("Hashing the demo password…");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: UserRec[] = PEOPLE.map((p) => ({ id: r.uuid(), email: p.email, name: p.name, role: p.role, teamSlug: p.team }));
  await insertMany(
    db,
    s.users,
    users.map((u, i) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      teamId: u.teamSlug ? teamIds.get(u.teamSlug)! : null,
      passwordHash,
      createdAt: new Date(NOW - (190 - i) * DAY),
      updatedAt: new Date(NOW - (190 - i) * DAY),
      lastLoginAt: i < 5 || r.chance(0.6) ? new Date(NOW - r.int(1, 72) * HOUR) : null,
    })),
  );
  const byRole = (role: Role) => users.filter((u) => u.role === role);
  const admins = byRole("admin");
  const securityLeads = byRole("security_lead");
  const deciders = [...byRole("approver"), ...byRole("approver"), ...securityLeads];
  const sponsorsFor = (team: TeamSlug) => {
    const own = users.filter((u) => u.teamSlug === team && u.role !== "viewer");
    return own.length ? own : users.filter((u) => u.role === "eng_manager");
  };

  // ------------------------------------------------------------------ agents
  log(`Registering ${agentCount} agents…`);
  const ra = rng.fork("agents");
  const agents: AgentRec[] = [];
  const usedSlugs = new Set<string>();
  const suspendedN = Math.max(2, Math.round(agentCount * 0.08));
  const retiredN = Math.max(1, Math.round(agentCount * 0.05));
  const noisyN = Math.max(2, Math.round(agentCount * 0.07));
  const teamCycle = TEAMS.map((t) => t.slug);
  for (let i = 0; i < agentCount; i++) {
    const team = i < teamCycle.length * 2 ? teamCycle[i % teamCycle.length] : ra.pick(teamCycle);
    // every role appears at least once in the first agents
    const role: AgentRole = i < AGENT_ROLES.length ? AGENT_ROLES[(i * 3) % AGENT_ROLES.length] : ra.weighted(ROLE_WEIGHTS);
    const kind: AgentKindName = i < 6 ? (["claude_code", "codex", "cursor", "devin", "copilot", "custom"] as const)[i] : ra.weighted(KIND_WEIGHTS);
    const info = KIND_INFO[kind];
    let slug = `${team}-${ROLE_INFO[role].short}-${info.short}`;
    for (let k = 2; usedSlugs.has(slug); k++) slug = `${team}-${ROLE_INFO[role].short}-${info.short}-${k}`;
    usedSlugs.add(slug);
    const teamRepos = REPOS.filter((x) => x.team === team);
    const repos = teamRepos.map((x) => x.name);
    if ((role === "dependency-updates" || role === "docs") && team === "devex") repos.push(...REPOS.filter((x) => x.team !== team).map((x) => x.name));
    else if (ra.chance(0.15)) repos.push("acme/devex-tools");
    // one scope per role; paths cover the manifests of every language the agent works in
    const sc = roleScope(role, teamRepos[0] ?? REPOS[0]);
    for (const name of new Set(repos)) {
      const repo = REPOS.find((x) => x.name === name)!;
      for (const p of roleScope(role, repo).paths) if (!sc.paths.includes(p)) sc.paths.push(p);
    }
    const createdAt = new Date(NOW - ra.int(50, 220) * DAY - ra.int(0, 23) * HOUR);
    const scope: ScopeEntry[] = [];
    const add = (dimension: ScopeEntry["dimension"], pattern: string, validFrom: Date | null = null, validUntil: Date | null = null) => {
      if (!scope.some((e) => e.dimension === dimension && e.pattern === pattern)) scope.push({ dimension, pattern, validFrom, validUntil });
    };
    for (const x of [...new Set(repos)]) add("repository", x);
    for (const b of sc.branches) add("branch", b);
    for (const e of sc.envs) add("environment", e);
    for (const t of sc.tools) add("tool", t);
    for (const p of sc.paths) add("path", p);
    for (const e of sc.endpoints) add("endpoint", e);
    let hasProd = sc.envs.includes("production");
    if (role === "deployment") {
      // a maintenance window for production: most in the past, one open now
      const open = !agents.some((a) => a.role === "deployment" && a.hasProd);
      const from = open ? new Date(NOW - 2 * DAY) : new Date(NOW - ra.int(5, 30) * DAY);
      add("environment", "production", from, new Date(from.getTime() + (open ? 7 * DAY : 4 * HOUR)));
      hasProd = open;
    }
    if (role === "refactoring" && ra.chance(0.3)) add("path", "db/migrations/**", new Date(NOW - ra.int(1, 10) * DAY), new Date(NOW + ra.int(1, 14) * DAY));
    agents.push({
      id: ra.uuid(),
      slug,
      name: `${TEAMS.find((t) => t.slug === team)!.name} ${ROLE_INFO[role].label} (${info.label})`,
      kind,
      role,
      team,
      teamId: teamIds.get(team)!,
      sponsorId: ra.pick(sponsorsFor(team)).id,
      model: ra.pick(info.models),
      toolchain: ra.pick(info.toolchains),
      status: "active",
      statusChangedAt: null,
      statusChangedBy: null,
      statusReason: null,
      createdAt,
      repos: [...new Set(repos)],
      scope,
      hasMain: sc.branches.includes("main"),
      hasProd,
      weight: role === "code-review" || role === "refactoring" || role === "test-automation" ? 1.3 : role === "incident-triage" ? 0.5 : 0.9,
      noisy: false,
      deviance: 0.0015,
      pauses: [],
      activeUntil: NOW,
      hooks: info.hooks,
      lastSeen: 0,
      recentHits: [],
      tokens: [],
    });
  }
  // lifecycle: some suspended (killed), some retired, a few noisy, one killed and resumed
  const order = ra.shuffle(agents.map((_, i) => i));
  const suspended = order.slice(0, suspendedN).map((i) => agents[i]);
  const retired = order.slice(suspendedN, suspendedN + retiredN).map((i) => agents[i]);
  const noisy = order.slice(suspendedN + retiredN, suspendedN + retiredN + noisyN).map((i) => agents[i]);
  const resumed = order.slice(suspendedN + retiredN + noisyN, suspendedN + retiredN + noisyN + Math.max(1, Math.round(agentCount / 25))).map((i) => agents[i]);
  const KILL_REASONS = [
    "Repeated attempts to read .env files and print the environment; suspended pending review",
    "Tried to deploy to production outside the change window",
    "Pushed to branches outside its scope after being denied several times",
    "Secret found in its tool output; credentials rotated, agent suspended until the sponsor reviews",
  ];
  suspended.forEach((a, i) => {
    a.status = "suspended";
    a.statusChangedAt = new Date(NOW - ra.float(1.5, 12) * DAY);
    a.statusChangedBy = ra.pick(securityLeads).id;
    a.statusReason = KILL_REASONS[i % KILL_REASONS.length];
    a.activeUntil = a.statusChangedAt.getTime();
    a.deviance = 0.01;
  });
  retired.forEach((a) => {
    a.status = "retired";
    a.statusChangedAt = new Date(NOW - ra.float(8, 30) * DAY);
    a.statusChangedBy = ra.pick(admins).id;
    a.statusReason = ra.pick(["Replaced by a newer agent with a narrower scope", "Pilot ended", "Team moved to a different tool"]);
    a.activeUntil = a.statusChangedAt.getTime();
  });
  noisy.forEach((a) => {
    a.noisy = true;
    a.weight *= 5;
    a.deviance = 0.012;
  });
  resumed.forEach((a) => {
    const from = NOW - ra.float(4, 30) * DAY;
    a.pauses.push([from, from + ra.float(3, 30) * HOUR]);
    a.statusChangedAt = new Date(a.pauses[0][1]);
    a.statusChangedBy = admins[0].id;
  });

  await insertMany(
    db,
    s.agents,
    agents.map((a) => ({
      id: a.id,
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      role: a.role,
      description: ROLE_INFO[a.role].description,
      teamId: a.teamId,
      sponsorId: a.sponsorId,
      model: a.model,
      toolchainVersion: a.toolchain,
      status: a.status,
      statusChangedAt: a.statusChangedAt,
      statusChangedBy: a.statusChangedBy,
      statusReason: a.statusReason,
      reviewPeriodDays: 90,
      createdAt: a.createdAt,
      updatedAt: a.statusChangedAt ?? a.createdAt,
    })),
  );
  const scopeRows = agents.flatMap((a) =>
    a.scope.map((e) => ({ id: ra.uuid(), agentId: a.id, dimension: e.dimension, pattern: e.pattern, validFrom: e.validFrom, validUntil: e.validUntil, createdAt: a.createdAt })),
  );
  await insertMany(db, s.agentScopes, scopeRows);

  // tokens: hashes only, short-lived, some expired or revoked
  const tokenRows: (typeof s.agentTokens.$inferInsert)[] = [];
  for (const a of agents) {
    const n = ra.int(1, 3);
    for (let k = 0; k < n; k++) {
      const t = generateToken("agent");
      const current = k === n - 1;
      const createdAt = new Date(current ? NOW - ra.float(1, 20) * DAY : NOW - ra.float(25, 70) * DAY);
      let expiresAt = new Date(createdAt.getTime() + 30 * DAY);
      let revokedAt: Date | null = null;
      let revokedReason: string | null = null;
      if (!current) {
        if (ra.chance(0.5)) {
          revokedAt = new Date(createdAt.getTime() + ra.float(5, 20) * DAY);
          revokedReason = ra.chance(0.8) ? "rotated" : "suspected leak in CI logs";
        }
      } else if (a.status !== "active") {
        revokedAt = a.statusChangedAt;
        revokedReason = a.status === "suspended" ? "agent suspended (kill switch)" : "agent retired";
      }
      if (current && a.status === "active" && expiresAt.getTime() < NOW) expiresAt = new Date(NOW + 5 * DAY);
      const id = ra.uuid();
      tokenRows.push({
        id,
        agentId: a.id,
        name: current ? "harness" : ra.pick(["harness", "ci", "laptop"]),
        prefix: t.prefix,
        hash: t.hash,
        createdAt,
        createdBy: a.sponsorId,
        expiresAt,
        revokedAt,
        revokedReason,
        lastUsedAt: revokedAt ?? new Date(Math.min(NOW - ra.int(1, 600) * MIN, expiresAt.getTime())),
      });
      a.tokens.push({ id, prefix: t.prefix, expired: expiresAt.getTime() < NOW, revoked: !!revokedAt });
    }
  }
  await insertMany(db, s.agentTokens, tokenRows);

  // access reviews: most within the period, ~20% overdue (> 90 days)
  const reviewRows: (typeof s.accessReviews.$inferInsert)[] = [];
  const reviewEvents: AuditInput[] = [];
  for (const a of agents) {
    const overdue = ra.chance(0.2);
    const n = ra.int(1, 3);
    let t = overdue ? NOW - ra.float(95, 140) * DAY : NOW - ra.float(3, 60) * DAY;
    for (let k = 0; k < n && t > a.createdAt.getTime(); k++) {
      const reviewer = ra.chance(0.5) ? users.find((u) => u.id === a.sponsorId)! : ra.pick(securityLeads);
      const outcome = ra.weighted([["keep", 80], ["reduce", 18], ["revoke", a.status === "retired" ? 30 : 2]] as const);
      reviewRows.push({
        id: ra.uuid(),
        agentId: a.id,
        reviewerId: reviewer.id,
        outcome,
        notes: outcome === "keep" ? ra.pick(["Scope still matches the role", "No violations since last review", "Sponsor confirmed usage"]) : outcome === "reduce" ? "Removed WebFetch and the staging environment" : "No longer needed",
        createdAt: new Date(t),
      });
      if (t >= windowStart)
        reviewEvents.push({ actorKind: "human", actorUserId: reviewer.id, actorLabel: reviewer.email, type: "agent.review", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: new Date(t), payload: { outcome, period_days: 90 } });
      t -= ra.float(80, 100) * DAY;
    }
  }
  await insertMany(db, s.accessReviews, reviewRows);

  // ------------------------------------------------------------------ policy
  const policyAuthor = admins[0];
  const v1At = new Date(windowStart - 3 * DAY);
  const v2At = new Date(NOW - 21 * DAY);
  const v2Diff = lineDiff(policyToYaml(DEFAULT_POLICY_DOCUMENT), policyToYaml(POLICY_V2_DOCUMENT));
  await insertMany(db, s.policyVersions, [
    { id: rng.uuid(), version: 1, document: DEFAULT_POLICY_DOCUMENT, authorId: policyAuthor.id, authorLabel: policyAuthor.email, comment: "Initial policy: read/test free, merges, dependencies, CI, migrations, infra and production gated, secrets and access control forbidden", diff: lineDiff("", policyToYaml(DEFAULT_POLICY_DOCUMENT)), createdAt: v1At },
    { id: rng.uuid(), version: 2, document: POLICY_V2_DOCUMENT, authorId: policyAuthor.id, authorLabel: policyAuthor.email, comment: "Dry-run: forbid force pushes, gate recursive deletes", diff: v2Diff, createdAt: v2At },
  ]);
  const ruleRows = (version: number, doc: PolicyDocument) =>
    doc.rules.map((x) => ({ id: rng.uuid(), policyVersion: version, ruleId: x.id, description: x.description ?? null, tier: x.tier, mode: x.mode, priority: x.priority, enabled: x.enabled, match: x.match }));
  const policyRuleRows = [...ruleRows(1, DEFAULT_POLICY_DOCUMENT), ...ruleRows(2, POLICY_V2_DOCUMENT)];
  await insertMany(db, s.policyRules, policyRuleRows);
  const compiled: [number, CompiledPolicy][] = [
    [v2At.getTime(), compilePolicy(POLICY_V2_DOCUMENT, "2")],
    [0, compilePolicy(DEFAULT_POLICY_DOCUMENT, "1")],
  ];
  const policyAt = (t: number) => compiled.find(([from]) => t >= from)![1];

  await db.insert(s.controlState).values({ id: 1, version: 1, fleetFrozen: false, updatedAt: now }).onConflictDoNothing();

  // ------------------------------------------------------------------ session schedule
  const rs = rng.fork("schedule");
  const pendingN = Math.min(8, Math.max(3, Math.round(targetEvents / 2500)));
  // rough events per session (start, prompt, ~12 actions × ~2.3, end)
  const estPerSession = 32;
  const sessionsN = Math.max(12, Math.round(targetEvents / estPerSession));
  const alive = (a: AgentRec, t: number) => t >= Math.max(a.createdAt.getTime(), windowStart) && t < a.activeUntil - HOUR && !a.pauses.some(([f, u]) => t >= f - HOUR && t < u);
  const totalWeight = agents.reduce((x, a) => x + a.weight, 0);
  const pickAgent = () => {
    let x = rs.next() * totalWeight;
    for (const a of agents) {
      x -= a.weight;
      if (x < 0) return a;
    }
    return agents[agents.length - 1];
  };
  const dayWeights = Array.from({ length: EVENT_DAYS }, (_, d) => {
    const date = new Date(windowStart + d * DAY);
    const wd = date.getUTCDay();
    const weekend = wd === 0 || wd === 6;
    // adoption grows over the six weeks
    return (weekend ? 0.14 : 1) * (0.55 + (0.45 * d) / EVENT_DAYS);
  });
  const dayTotal = dayWeights.reduce((x, y) => x + y, 0);
  const pickDay = () => {
    let x = rs.next() * dayTotal;
    for (let d = 0; d < dayWeights.length; d++) {
      x -= dayWeights[d];
      if (x < 0) return d;
    }
    return EVENT_DAYS - 1;
  };
  const HOURS_WORK = Array.from({ length: 24 }, (_, h) => [h, h >= 8 && h <= 17 ? (h === 12 ? 6 : 10) : h === 7 || h === 18 ? 4 : h >= 19 && h <= 21 ? 1.5 : 0.4] as const);
  const HOURS_FLAT = Array.from({ length: 24 }, (_, h) => [h, h >= 8 && h <= 18 ? 3 : 1.5] as const);
  const engineerFor = (a: AgentRec) => rs.pick(ENGINEERS[a.team]).email;
  const repoFor = (a: AgentRec) => {
    const name = rs.pick(a.repos);
    return REPOS.find((x) => x.name === name) ?? REPOS[0];
  };
  const schedule: Sched[] = [];
  for (let i = 0; i < sessionsN; i++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const a = pickAgent();
      const background = a.kind === "devin" || a.kind === "copilot" || a.role === "dependency-updates";
      const t = windowStart + pickDay() * DAY + rs.weighted(background ? HOURS_FLAT : HOURS_WORK) * HOUR + rs.int(0, 59) * MIN + rs.int(0, 59) * SEC;
      if (t > NOW - 45 * MIN || !alive(a, t)) continue;
      schedule.push({ start: t, agent: a, sessionId: rs.uuid(), repo: repoFor(a), initiatedBy: background && rs.chance(0.4) ? null : engineerFor(a) });
      break;
    }
  }
  // scenarios on top of ordinary sessions
  const activeAgents = agents.filter((a) => a.status === "active");
  const scenario = (a: AgentRec, start: number, kind: NonNullable<Sched["scenario"]>, at?: number) =>
    schedule.push({ start, agent: a, scenario: kind, at, sessionId: rs.uuid(), repo: repoFor(a), initiatedBy: engineerFor(a) });
  const bashAgents = activeAgents.filter((a) => a.role !== "docs");
  const pendingAgents = rs.sample(bashAgents, pendingN);
  for (let i = 0; i < pendingN; i++) {
    const a = pendingAgents[i % pendingAgents.length];
    const at = NOW - rs.float(1, 24) * MIN;
    scenario(a, at - rs.float(4, 15) * MIN, "pending", at);
  }
  for (const a of suspended) {
    scenario(a, a.activeUntil - rs.float(60, 90) * MIN, "kill", a.activeUntil);
    const after = a.activeUntil + rs.float(0.5, 30) * HOUR;
    if (after < NOW - 10 * MIN) scenario(a, after, "postkill");
  }
  const scaled = (per20k: number) => Math.max(1, Math.round((per20k * targetEvents) / 20_000));
  const midWindow = () => windowStart + rs.float(2, EVENT_DAYS - 1) * DAY;
  const pickAlive = (list: AgentRec[]) => {
    for (let k = 0; k < 50; k++) {
      const a = rs.pick(list);
      const t = midWindow();
      if (alive(a, t)) return [a, t] as const;
    }
    return null;
  };
  const scenarioPlan: [NonNullable<Sched["scenario"]>, number, AgentRec[]][] = [
    ["secret_handling", 1, [...noisy, ...activeAgents.filter((a) => a.role === "refactoring" || a.role === "dependency-updates")]],
    ["exfiltration", 1, activeAgents.filter((a) => a.role === "incident-triage" || a.role === "refactoring" || a.role === "dependency-updates")],
    ["drift", 2, activeAgents.filter((a) => a.role === "docs" || a.role === "code-review")],
    ["persistence", 3, noisy],
    ["redaction", 4, agents.filter((a) => a.role !== "docs")],
  ];
  for (const [kind, per20k, list] of scenarioPlan) {
    if (!list.length) continue;
    for (let k = 0; k < scaled(per20k); k++) {
      const hit = pickAlive(list);
      if (hit) scenario(hit[0], hit[1], kind);
    }
  }
  schedule.sort((a, b) => a.start - b.start);

  // ------------------------------------------------------------------ changes, CI, defects
  log(`Generating ${changeCount} changes with CI gates and defects…`);
  const sessionsByAgent = new Map<string, number[]>();
  for (const x of schedule) if (!x.scenario) (sessionsByAgent.get(x.agent.id) ?? sessionsByAgent.set(x.agent.id, []).get(x.agent.id)!).push(x.start);
  const sessionIdAt = new Map<string, string>();
  for (const x of schedule) sessionIdAt.set(`${x.agent.id}:${x.start}`, x.sessionId);
  const changeOut = await seedChanges(db, {
    rng: rng.fork("changes"),
    now: NOW,
    count: changeCount,
    agents,
    users,
    teamIds,
    sessionFor: (a, t) => {
      const starts = sessionsByAgent.get(a.id);
      if (!starts?.length) return null;
      let lo = 0;
      let hi = starts.length - 1;
      if (starts[0] > t) return null;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      return t - starts[lo] < 3 * DAY ? (sessionIdAt.get(`${a.id}:${starts[lo]}`) ?? null) : null;
    },
  });

  // ------------------------------------------------------------------ audit stream
  const violations = new Violations(rng.fork("violations"));
  const stream = new EventStream(db, (n) => {
    if (n % 50_000 < AUDIT_BATCH || n === targetEvents) log(`  ${n.toLocaleString("en-US")} / ${targetEvents.toLocaleString("en-US")} audit events`);
  });
  const re = rng.fork("events");
  const hit = (h: Omit<Hit, "agentSlug"> & { agentSlug?: string | null; agent?: AgentRec }) => {
    const a = h.agent;
    if (a) a.recentHits.push(h.at);
    violations.add({ ...h, agentId: h.agentId ?? a?.id ?? null, agentSlug: h.agentSlug ?? a?.slug ?? null });
  };

  // governance events known up front
  const gov: { ev: AuditInput; ref?: SeqRef; hitOf?: (ref: SeqRef) => void }[] = [];
  gov.push({
    ev: { actorKind: "human", actorUserId: policyAuthor.id, actorLabel: policyAuthor.email, type: "policy.change", policyVersion: "1", outcome: "success", time: v1At, payload: { version: 1, previous: null, comment: "Initial policy", rules: DEFAULT_POLICY_DOCUMENT.rules.length } },
  });
  gov.push({
    ev: { actorKind: "human", actorUserId: policyAuthor.id, actorLabel: policyAuthor.email, type: "policy.change", policyVersion: "2", outcome: "success", time: v2At, payload: { version: 2, previous: 1, comment: "Dry-run: forbid force pushes, gate recursive deletes", rules: POLICY_V2_DOCUMENT.rules.length, diff: v2Diff } },
  });
  for (const ev of reviewEvents) gov.push({ ev });
  const humanAct = (u: UserRec) => ({ actorKind: "human" as const, actorUserId: u.id, actorLabel: u.email });
  for (const a of suspended) {
    const by = users.find((u) => u.id === a.statusChangedBy)!;
    gov.push({ ev: { ...humanAct(by), type: "agent.kill", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: a.statusChangedAt!, payload: { reason: a.statusReason, before: { status: "active" }, after: { status: "suspended" } } } });
    for (const t of a.tokens.filter((x) => x.revoked))
      gov.push({ ev: { ...humanAct(by), type: "agent.token.revoke", agentId: a.id, agentSlug: a.slug, resource: `agent_token:${t.prefix}`, outcome: "success", time: new Date(a.statusChangedAt!.getTime() + 1), payload: { token_id: t.id, reason: "agent suspended (kill switch)" } } });
  }
  for (const a of retired) {
    const by = users.find((u) => u.id === a.statusChangedBy)!;
    gov.push({ ev: { ...humanAct(by), type: "agent.retire", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: a.statusChangedAt!, payload: { reason: a.statusReason, before: { status: "active" }, after: { status: "retired" } } } });
  }
  for (const a of resumed) {
    const [from, until] = a.pauses[0];
    const killer = re.pick(securityLeads);
    const reason = re.pick(["Unexpected burst of pushes to feature branches; pausing while we look", "Suspicious outbound requests reported by the proxy"]);
    gov.push({ ev: { ...humanAct(killer), type: "agent.kill", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: new Date(from), payload: { reason, before: { status: "active" }, after: { status: "suspended" } } } });
    gov.push({ ev: { ...humanAct(admins[0]), type: "agent.resume", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: new Date(until), payload: { reason: "Reviewed with the sponsor: a misconfigured retry loop, fixed in the harness", before: { status: "suspended", reason }, after: { status: "active" } } } });
  }
  // scope changes by admins
  for (const a of re.sample(activeAgents, Math.max(2, Math.round(agentCount / 8)))) {
    const t = midWindow();
    const who = re.pick(admins);
    gov.push({ ev: { ...humanAct(who), type: "agent.scope_change", agentId: a.id, agentSlug: a.slug, resource: `agent:${a.slug}`, outcome: "success", time: new Date(t), payload: { changed: ["scope"], before: { scope: { endpoints: a.scope.filter((e) => e.dimension === "endpoint").map((e) => e.pattern).concat("https://pastebin.com") } }, after: { scope: { endpoints: a.scope.filter((e) => e.dimension === "endpoint").map((e) => e.pattern) } } } } });
  }
  // refused credentials: expired or revoked tokens still in use somewhere
  for (const a of re.sample(agents.filter((x) => x.tokens.some((t) => t.expired || t.revoked)), Math.max(2, Math.round(agentCount / 10)))) {
    const tok = a.tokens.find((t) => t.revoked) ?? a.tokens.find((t) => t.expired)!;
    const reason = tok.revoked ? "revoked" : "expired";
    const base = midWindow();
    const n = re.int(1, 4);
    const refs: SeqRef[] = [];
    for (let k = 0; k < n; k++) {
      const ref = { seq: 0 };
      refs.push(ref);
      gov.push({ ref, ev: { actorKind: "system", type: "auth.denied", agentId: a.id, agentSlug: a.slug, outcome: "denied", time: new Date(base + k * re.int(1, 9) * MIN), payload: { reason, token_prefix: tok.prefix, token_kind: "agent", path: "/api/v1/decisions", ip: `10.20.${re.int(0, 255)}.${re.int(1, 254)}` } } });
    }
    hit({ kind: "credential_misuse", severity: reason === "revoked" ? "high" : "medium", agent: a, agentId: a.id, title: `${a.slug} used a ${reason} token`, explanation: `${n} request(s) with the ${reason} token ${tok.prefix}… were refused`, at: base, evidence: refs, details: { token_prefix: tok.prefix, reason } });
  }
  // shadow agents seen in events
  const shadowSessions = Math.max(2, Math.round(targetEvents / 6000));
  const shadowStats = new Map<string, { first: number; last: number; n: number; example: string }>();
  for (let k = 0; k < shadowSessions; k++) {
    const slug = k % 3 === 2 ? "aider-local" : "unknown-cursor-bot";
    const repo = re.pick(REPOS);
    const sid = re.uuid();
    let t = midWindow();
    const refs: SeqRef[] = [];
    const st = shadowStats.get(slug) ?? { first: t, last: t, n: 0, example: "" };
    for (let j = 0; j < re.int(3, 7); j++) {
      const file = `src/${re.pick(repo.modules)}/${re.pick(FILE_STEMS)}.${EXT[repo.lang]}`;
      const ref = { seq: 0 };
      refs.push(ref);
      gov.push({ ref, ev: { actorKind: "agent", type: j === 0 ? "session.start" : "tool.post", agentSlug: slug, sessionId: sid, repository: repo.name, actionType: j === 0 ? null : "file.read", tool: j === 0 ? null : "Read", resource: j === 0 ? null : file, outcome: j === 0 ? null : "success", time: new Date(t), payload: j === 0 ? { source: "otel-collector", user_agent: slug === "aider-local" ? "aider/0.86.1" : "cursor-agent/1.7" } : { tool_input: { file_path: file } } } });
      t += re.int(10, 120) * SEC;
    }
    st.first = Math.min(st.first, t);
    st.last = Math.max(st.last, t);
    st.n += refs.length;
    st.example = `session ${sid} in ${repo.name}`;
    shadowStats.set(slug, st);
    hit({ kind: "shadow_agent", severity: "high", agentId: null, agentSlug: slug, title: `Unregistered agent "${slug}" is active`, explanation: `Events from "${slug}" (not in the registry) in ${repo.name}`, at: t, evidence: refs.slice(0, 5), details: { identifier: slug, source: "events", session_id: sid } });
  }
  // merged changes (gate overrides first, then agent-authored) as change.merged events
  const mergeBudget = Math.floor(targetEvents * 0.06);
  const merged = changeOut.mergeEvents.filter((m) => m.at >= windowStart).sort((a, b) => Number(b.flagged) - Number(a.flagged) || Number(b.agent) - Number(a.agent)).slice(0, mergeBudget);
  for (const m of merged) {
    const ref = { seq: 0 };
    gov.push({ ref, ev: m.event });
    if (m.flagged) {
      const a = agents.find((x) => x.id === m.event.agentId);
      hit({ kind: "gate_override", severity: m.unapproved ? "critical" : "high", agent: a, agentId: a?.id ?? null, agentSlug: m.event.agentSlug ?? m.event.actorLabel ?? null, title: m.unapproved ? `Security-adjacent change merged without a human approval` : `Change merged with an overridden gate`, explanation: m.explanation, at: m.at, evidence: [ref], details: m.details });
    }
  }
  for (const g of gov) {
    if (g.ev.time!.getTime() > NOW) continue;
    stream.push(g.ev, g.ref);
  }

  // --------------------------------------------------------------- sessions
  log(`Generating ~${targetEvents.toLocaleString("en-US")} audit events over ${EVENT_DAYS} days…`);
  const deciders2 = (initiator: string | null) => {
    const options = deciders.filter((u) => u.email !== initiator);
    return re.pick(options);
  };
  const agentSnap = (a: AgentRec, t: number) => ({ status: (t >= a.activeUntil && a.status !== "active" ? a.status : "active") as "active" | "suspended" | "retired", role: a.role, kind: a.kind, scope: a.scope });
  const recentViolations = (a: AgentRec, t: number) => a.recentHits.filter((x) => x <= t && x > t - DAY).length;

  let remainingSessions = schedule.length;
  for (const sch of schedule) {
    await stream.drainUntil(sch.start);
    const remainingBudget = targetEvents - stream.pushed;
    remainingSessions--;
    if (remainingBudget < 8 && !sch.scenario) continue;
    const mean = Math.max(2, remainingBudget / Math.max(1, remainingSessions + 1) / 2.4);
    genSession(sch, mean, sch.scenario === "pending" ? Infinity : remainingBudget);
  }
  await stream.finish();

  function genSession(sch: Sched, meanActions: number, budget: number) {
    const a = sch.agent;
    const repo = sch.repo;
    const m = re.pick(repo.modules);
    const ext = EXT[repo.lang];
    const ticket = re.int(1200, 4800);
    const branchPrefix = a.role === "docs" ? "docs" : a.role === "dependency-updates" ? "deps" : a.role === "test-automation" ? "test" : a.role === "incident-triage" ? "fix" : "agent";
    const branch = `${branchPrefix}/${m}-${ticket}`;
    const cwd = `/workspace/${shortRepo(repo.name)}`;
    const sid = sch.sessionId;
    const events: { ev: AuditInput; ref?: SeqRef }[] = [];
    let t = sch.start;
    let open = false;
    let endedReason: string | null = null;
    let wrote = 0;
    const common = () => ({ agentId: a.id, agentSlug: a.slug, sessionId: sid, initiatedBy: sch.initiatedBy, repository: repo.name });
    const emit = (ev: AuditInput, ref?: SeqRef) => {
      events.push({ ev, ref });
      return ref;
    };
    const toolUseId = () => `toolu_01${re.hex(22)}`;
    emit({ ...common(), actorKind: "agent", type: "session.start", time: new Date(t), payload: { source: "startup", model: a.model, agent_version: a.toolchain, cwd, permission_mode: a.hooks ? re.pick(["default", "acceptEdits"]) : "auto" } });
    t += re.int(3, 40) * SEC;
    const promptText = fill(re.pick(PROMPTS[a.role]), m, re.int(1800, 4200));
    const leaky = sch.scenario === "redaction" && re.chance(0.5);
    const pref = leaky ? { seq: 0 } : undefined;
    emit(
      { ...common(), actorKind: "agent", type: "prompt", time: new Date(t), redactions: leaky ? 1 : 0, payload: { hook_event_name: "UserPromptSubmit", prompt: leaky ? `${promptText}. Use this token for the API: [REDACTED:github-token]` : promptText } },
      pref,
    );
    if (leaky && pref) hit({ kind: "secret_exposure", severity: "high", agent: a, agentId: a.id, title: `A secret was redacted from ${a.slug}'s prompt`, explanation: "A GitHub token pasted into the prompt was redacted before storage", at: t, evidence: [pref], details: { redactions: ["github-token"], field: "prompt" } });

    const sessionRow = () => ({ id: sid, agentId: a.id, agentSlug: a.slug, initiatedBy: sch.initiatedBy, repository: repo.name, startedAt: new Date(sch.start), lastEventAt: new Date(t), endedAt: open ? null : new Date(t), endedReason: open ? null : endedReason });

    // ------------- the action plans
    const srcPath = () => `src/${re.chance(0.7) ? m : re.pick(repo.modules)}/${re.pick(FILE_STEMS)}.${ext}`;
    const testPath = () => `tests/${m}/${re.pick(FILE_STEMS)}.test.${ext}`;
    const docPath = () => (re.chance(0.7) ? `docs/${m}.md` : "README.md");
    const file = (path: string) => `${cwd}/${path}`;
    const readPlan = (path: string): Planned => ({ action: { type: "file.read", tool: "Read", repository: repo.name, resource: path }, tool: "Read", input: { file_path: file(path) }, response: { type: "text", file: { filePath: file(path), numLines: re.int(20, 600) } }, execMs: re.int(50, 400), failP: 0.01 });
    const writePlan = (path: string): Planned => ({ action: { type: "file.write", tool: re.chance(0.75) ? "Edit" : "Write", repository: repo.name, resource: path }, tool: "Edit", input: { file_path: file(path), old_string: "const retries = 3", new_string: "const retries = config.retries ?? 3", replace_all: false }, response: { filePath: file(path), success: true }, execMs: re.int(80, 600), failP: 0.02 });
    const bashPlan = (type: string, command: string, extra: Partial<Action> = {}, execMs = re.int(300, 6000), failP = 0.02): Planned => ({ action: { type, tool: "Bash", repository: repo.name, command, ...extra }, tool: "Bash", input: { command, description: command.split(" ").slice(0, 3).join(" ") }, response: { stdout: "", stderr: "", interrupted: false, isImage: false }, execMs, failP });
    const testPlan = () => {
      const cmd = fill(re.pick(TEST_COMMANDS[repo.lang]), m);
      const p = bashPlan("shell.exec", cmd, {}, re.int(8, 150) * SEC, a.noisy ? 0.15 : 0.08);
      p.response = { stdout: `Test Files  ${re.int(3, 40)} passed\n     Tests  ${re.int(40, 900)} passed`, stderr: "", interrupted: false, isImage: false };
      return p;
    };
    const inspectPlan = () => {
      const cmd = a.role === "docs" ? re.pick(["git status", "git diff --stat"]) : fill(re.pick(READ_COMMANDS), m);
      return bashPlan("shell.exec", cmd, {}, re.int(100, 1500), 0.01);
    };
    const fetchPlan = (url: string, bytesOut?: number): Planned => ({ action: { type: "network.request", tool: "WebFetch", repository: repo.name, endpoint: url }, tool: "WebFetch", input: { url, prompt: "Summarise the relevant part" }, response: { code: 200, bytes: re.int(2_000, 90_000) }, execMs: re.int(400, 4000), failP: 0.03, bytesOut });
    const endpointsOf = () => {
      const allowed = a.scope.filter((e) => e.dimension === "endpoint").map((e) => e.pattern);
      const urls = SAFE_ENDPOINTS.filter((u) => allowed.some((p) => u.startsWith(p.replace("/**", ""))));
      return urls.length ? urls : null;
    };
    const depPlan = () => {
      const [pkg, , to] = re.pick(DEPENDENCIES[repo.lang]);
      const cmd = repo.lang === "ts" ? `npm install ${pkg}@${to}` : repo.lang === "py" ? `poetry add ${pkg}@${to}` : repo.lang === "go" ? `go get ${pkg}@v${to}` : `./gradlew dependencies --write-locks`;
      return bashPlan("dependency.change", cmd, { resource: MANIFESTS[repo.lang][0] }, re.int(5, 60) * SEC);
    };
    const gatedPlans = (): Planned[] => {
      const out: Planned[] = [
        bashPlan("shell.exec", `terraform plan -target=module.${m}`, {}, re.int(20, 90) * SEC),
        bashPlan("shell.exec", `kubectl rollout restart deploy/${m} -n staging`, {}, re.int(5, 30) * SEC),
        bashPlan("shell.exec", `npm run migrate -- --env dev`, {}, re.int(5, 30) * SEC),
        bashPlan("shell.exec", `terraform apply -auto-approve -target=module.${m}`, {}, re.int(20, 90) * SEC),
        bashPlan("shell.exec", `kubectl delete pod -l app=${m} -n staging`, {}, re.int(5, 30) * SEC),
      ];
      if (a.hasMain) out.push(bashPlan("pr.merge", `gh pr merge ${re.int(1800, 4200)} --squash`, { branch: "main" }));
      if (a.role === "dependency-updates" || a.role === "refactoring") out.push(depPlan());
      if (a.scope.some((e) => e.dimension === "environment" && e.pattern === "production" && !e.validUntil))
        out.push(bashPlan("shell.exec", `kubectl rollout undo deploy/${m} -n production`, { environment: "production" }));
      return out;
    };
    const normalPlan = (): Planned => {
      switch (a.role) {
        case "code-review": {
          const k = re.weighted([["read", 55], ["inspect", 18], ["test", 20], ["fetch", 4], ["merge", 2.5]] as const);
          if (k === "read") return readPlan(re.chance(0.75) ? srcPath() : testPath());
          if (k === "inspect") return inspectPlan();
          if (k === "test") return testPlan();
          if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
          return bashPlan("pr.merge", `gh pr merge ${re.int(1800, 4200)} --squash`, { branch: "main" });
        }
        case "test-automation": {
          const k = re.weighted([["read", 35], ["write", 28], ["test", 32], ["inspect", 5]] as const);
          if (k === "read") return readPlan(re.chance(0.6) ? srcPath() : testPath());
          if (k === "write") {
            wrote++;
            return writePlan(testPath());
          }
          return k === "test" ? testPlan() : inspectPlan();
        }
        case "refactoring": {
          const k = re.weighted([["read", 38], ["write", 32], ["test", 20], ["inspect", 6], ["fetch", 3], ["dep", 0.6], ["migrate", 0.4]] as const);
          if (k === "read") return readPlan(re.chance(0.8) ? srcPath() : testPath());
          if (k === "write") {
            wrote++;
            return writePlan(re.chance(0.8) ? srcPath() : testPath());
          }
          if (k === "test") return testPlan();
          if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
          if (k === "dep") return depPlan();
          if (k === "migrate") return bashPlan("shell.exec", "npm run migrate -- --env dev");
          return inspectPlan();
        }
        case "deployment": {
          const k = re.weighted([["read", 25], ["inspect", 12], ["deploy", 22], ["test", 12], ["write", 8], ["ci", 1.5], ["infra", 2], ["kubectl", 3]] as const);
          if (k === "read") return readPlan(re.chance(0.5) ? `deploy/${m}/values-staging.yaml` : srcPath());
          if (k === "inspect") return inspectPlan();
          if (k === "deploy") {
            const env = re.chance(0.7) ? "staging" : "dev";
            return bashPlan("deploy", `make deploy ENV=${env} SERVICE=${m}`, { environment: env }, re.int(30, 240) * SEC);
          }
          if (k === "test") return testPlan();
          if (k === "write") {
            wrote++;
            return writePlan(re.chance(0.5) ? `deploy/${m}/values-staging.yaml` : "CHANGELOG.md");
          }
          if (k === "ci") return writePlan(".github/workflows/ci.yml");
          if (k === "infra") return writePlan(`infra/${m}.tf`);
          return bashPlan("shell.exec", `kubectl rollout status deploy/${m} -n staging`);
        }
        case "dependency-updates": {
          const k = re.weighted([["read", 25], ["dep", 5], ["test", 30], ["write", 10], ["inspect", 14], ["fetch", 14]] as const);
          if (k === "read") return readPlan(re.chance(0.5) ? MANIFESTS[repo.lang][0] : srcPath());
          if (k === "dep") return depPlan();
          if (k === "test") return testPlan();
          if (k === "write") {
            wrote++;
            return writePlan(re.chance(0.7) ? srcPath() : "CHANGELOG.md");
          }
          if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
          return inspectPlan();
        }
        case "docs": {
          const k = re.weighted([["read", 45], ["write", 40], ["inspect", 10], ["fetch", 5]] as const);
          if (k === "read") return readPlan(re.chance(0.5) ? docPath() : srcPath());
          if (k === "write") {
            wrote++;
            return writePlan(docPath());
          }
          if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
          return inspectPlan();
        }
        case "incident-triage": {
          const k = re.weighted([["read", 50], ["inspect", 30], ["fetch", 6], ["kubectl", 2], ["test", 6], ["logs", 6]] as const);
          if (k === "read") return readPlan(re.chance(0.7) ? srcPath() : `runbooks/${m}.md`);
          if (k === "logs") return readPlan(`logs/${m}/app-${re.int(1, 28)}.log`);
          if (k === "inspect") return inspectPlan();
          if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
          if (k === "kubectl") return bashPlan("shell.exec", `kubectl logs deploy/${m} -n staging --since=30m`);
          return testPlan();
        }
      }
    };
    const deviantPlan = (): Planned => {
      const other = REPOS.find((x) => !a.repos.includes(x.name));
      const k = re.weighted([
        ["env-file", 3],
        ["printenv", 2],
        ["secret", 1.5],
        ["other-repo", other ? 2 : 0],
        ["infra-path", 2],
        ["main-push", a.hasMain ? 0 : 2],
        ["endpoint", 1.5],
        ["iam", 0.7],
        ["codeowners", a.scope.some((e) => e.pattern === ".github/**") ? 1 : 0],
        ["prod-deploy", a.role === "deployment" ? 2 : 0],
      ] as const);
      switch (k) {
        case "env-file":
          return readPlan(`src/config/.env.${re.pick(["local", "production", "staging"])}`);
        case "printenv":
          return bashPlan("shell.exec", re.pick(["printenv", "printenv | grep -i token", "cat .env"]));
        case "secret":
          return bashPlan("secret.read", `vault kv get secret/${a.team}/${m}`);
        case "other-repo": {
          const plan = readPlan(`src/${re.pick(other!.modules)}/index.${EXT[other!.lang]}`);
          plan.action = { ...plan.action, repository: other!.name };
          return plan;
        }
        case "infra-path":
          return writePlan(`infra/prod/${m}.tf`);
        case "main-push":
          return bashPlan("git.push", "git push origin HEAD:main", { branch: "main" });
        case "endpoint":
          return fetchPlan(re.pick(["https://pastebin.com/api/api_post.php", "https://webhook.site/3f9c2a", "https://transfer.sh/upload"]));
        case "iam":
          return bashPlan("iam.grant", `aws iam attach-role-policy --role-name ${m}-ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`);
        case "codeowners":
          return writePlan(".github/CODEOWNERS");
        case "prod-deploy":
          return bashPlan("deploy", `make deploy ENV=production SERVICE=${m}`, { environment: "production" });
      }
    };

    // ------------- running one action through the policy
    type Outcome = "allow" | "ask-approved" | "ask-denied" | "ask-expired" | "ask-pending" | "ask-cancelled" | "deny" | "skipped";
    const run = (plan: Planned, force?: "pending" | "cancel"): { outcome: Outcome; ref?: SeqRef; result?: EvaluationResult } => {
      const action = plan.action;
      if (t > NOW) {
        open = true;
        return { outcome: "skipped" };
      }
      let approvalId: string | null = null;
      let decidedAtApproved = 0;
      const result = evaluate({ agent: agentSnap(a, t), action, fleetFrozen: false, now: new Date(t) }, policyAt(t));
      const reportsOnly = !a.hooks && result.decision === "allow" && (action.type === "file.read" || (action.type === "shell.exec" && re.chance(0.7)));
      const tu = toolUseId();
      const base = { ...common(), actionType: action.type, tool: action.tool ?? null, branch: action.branch ?? null, environment: action.environment ?? null, resource: action.resource ?? action.endpoint ?? null, command: action.command ?? null, endpoint: action.endpoint ?? null };
      let ref: SeqRef | undefined;
      if (reportsOnly) {
        emit({ ...base, actorKind: "agent", type: "tool.pre", time: new Date(t), payload: { tool_name: plan.tool, tool_use_id: tu, tool_input: plan.input } });
      } else {
        const decisionId = re.uuid();
        let status: Outcome = result.decision === "allow" ? "allow" : result.decision === "deny" ? "deny" : "ask-approved";
        ref = { seq: 0 };
        if (result.decision === "ask") {
          approvalId = re.uuid();
          const expiresAt = t + APPROVAL_TTL;
          if (force === "pending" || expiresAt > NOW) status = "ask-pending";
          else if (force === "cancel" && t < a.activeUntil) status = "ask-cancelled";
          else status = re.weighted([["ask-approved", 72], ["ask-denied", 14], ["ask-expired", 14]] as const);
          const risk = computeRisk({ tier: result.tier, action, recentViolations: recentViolations(a, t) });
          const decider = deciders2(sch.initiatedBy);
          const waited = Math.min(APPROVAL_TTL - MIN, re.logNormal(4 * MIN, 0.8));
          const decidedAt = status === "ask-approved" || status === "ask-denied" ? t + waited : status === "ask-cancelled" ? a.activeUntil : status === "ask-expired" ? expiresAt : null;
          if (status === "ask-approved") decidedAtApproved = decidedAt!;
          const reason =
            status === "ask-approved"
              ? re.pick(["Looks fine, scoped to this ticket", "Approved: matches the change request", "OK for staging", "Reviewed the diff, go ahead", "Approved during the release window"])
              : status === "ask-denied"
                ? re.pick(["Not during the freeze", "Too broad: ask for the single package instead", "Needs a ticket first", "Wrong environment", "Let a human do this one"])
                : status === "ask-expired"
                  ? "Expired without a decision (default deny)"
                  : status === "ask-cancelled"
                    ? "Cancelled: agent suspended (kill switch)"
                    : null;
          stream.pendingApprovals.push({
            id: approvalId,
            decisionId,
            agentId: a.id,
            sessionId: sid,
            initiatedBy: sch.initiatedBy,
            actionType: action.type,
            action,
            resource: action.resource ?? action.endpoint ?? null,
            command: action.command ?? null,
            justification: typeof plan.input.description === "string" ? `${promptText} — ${plan.input.description}` : promptText,
            ruleId: result.rule_id,
            policyVersion: result.policy_version,
            risk,
            status: status === "ask-approved" ? "approved" : status === "ask-denied" ? "denied" : status === "ask-expired" ? "expired" : status === "ask-cancelled" ? "cancelled" : "pending",
            decidedBy: status === "ask-approved" || status === "ask-denied" ? decider.id : status === "ask-cancelled" ? a.statusChangedBy : null,
            decidedByLabel: status === "ask-approved" || status === "ask-denied" ? decider.email : status === "ask-cancelled" ? (users.find((u) => u.id === a.statusChangedBy)?.email ?? null) : status === "ask-expired" ? "system" : null,
            decidedAt: decidedAt ? new Date(decidedAt) : null,
            reason,
            expiresAt: new Date(expiresAt),
            createdAt: new Date(t),
          });
          if (decidedAt && decidedAt <= NOW) {
            const approvalEvent: AuditInput =
              status === "ask-approved" || status === "ask-denied"
                ? { ...base, ...humanAct(decider), type: status === "ask-approved" ? "approval.approve" : "approval.deny", decision: status === "ask-approved" ? "allow" : "deny", decisionId, ruleId: result.rule_id, policyVersion: result.policy_version, approvalId, outcome: status === "ask-approved" ? "approved" : "denied", time: new Date(decidedAt), payload: { reason, risk, waited_ms: Math.round(decidedAt - t) } }
                : status === "ask-expired"
                  ? { ...base, actorKind: "system", type: "approval.expire", decision: "deny", approvalId, outcome: "expired", time: new Date(decidedAt), payload: { expires_at: new Date(expiresAt).toISOString() } }
                  : { ...base, actorKind: "human", actorUserId: a.statusChangedBy, actorLabel: users.find((u) => u.id === a.statusChangedBy)?.email ?? null, type: "approval.cancel", approvalId, outcome: "cancelled", time: new Date(decidedAt), payload: { reason: "agent suspended (kill switch)" } };
            // human/system acts are not part of the session's own sequence: they go straight to the heap
            stream.push(approvalEvent);
          }
        }
        stream.pendingDecisions.push({
          id: decisionId,
          agentId: a.id,
          agentSlug: a.slug,
          sessionId: sid,
          initiatedBy: sch.initiatedBy,
          actionType: action.type,
          action,
          decision: result.decision,
          reason: result.reason,
          ruleId: result.rule_id,
          policyVersion: result.policy_version,
          dryRun: result.dry_run.length ? result.dry_run : null,
          approvalId,
          source: a.hooks ? "hook" : "api",
          createdAt: new Date(t),
        });
        emit(
          {
            ...base,
            actorKind: "agent",
            type: "decision",
            time: new Date(t),
            decision: result.decision,
            decisionId,
            ruleId: result.rule_id,
            policyVersion: result.policy_version,
            approvalId,
            outcome: result.decision === "deny" ? "blocked" : null,
            payload: {
              source: a.hooks ? "hook" : "api",
              reason: result.reason,
              ...(result.dry_run.length ? { dry_run: result.dry_run } : {}),
              ...(a.hooks ? { hook: { event: "PreToolUse", tool_name: plan.tool, tool_use_id: tu, cwd, tool_input: plan.input } } : { tool_input: plan.input }),
            },
          },
          ref,
        );
        if (result.decision === "deny") {
          const at = t;
          if (result.basis === "out_of_scope" && result.scope)
            hit({ kind: "scope_violation", severity: /^prod/.test(action.environment ?? "") ? "high" : "medium", agent: a, agentId: a.id, title: `${a.slug} tried to act outside its scope (${result.scope.dimension})`, explanation: `${action.type} on ${result.scope.dimension} "${result.scope.value}" was denied: ${result.reason}`, at, evidence: [ref], details: { action, dimension: result.scope.dimension, value: result.scope.value } });
          else if (result.basis === "rule" && result.tier === "forbidden")
            hit({ kind: "forbidden_attempt", severity: /^(secret|iam|access|permission)|deploy/.test(action.type) ? "critical" : "high", agent: a, agentId: a.id, title: `${a.slug} attempted a forbidden action (${result.rule_id})`, explanation: `${action.type} was denied by rule ${result.rule_id}: ${result.reason}`, at, evidence: [ref], details: { action, rule_id: result.rule_id, policy_version: result.policy_version } });
          else if (result.basis === "inactive_agent")
            hit({ kind: "suspended_agent_activity", severity: "high", agent: a, agentId: a.id, title: `Suspended agent ${a.slug} is still acting`, explanation: `${action.type} after the kill switch (${new Date(a.activeUntil).toISOString().slice(0, 16)}Z) was denied`, at, evidence: [ref], details: { action, status: a.status } });
          return { outcome: "deny", ref, result };
        }
        if (status !== "allow" && status !== "ask-approved") {
          return { outcome: status, ref, result };
        }
        if (status === "ask-approved") t = decidedAtApproved + re.int(1, 5) * SEC;
      }
      // the tool runs
      t += plan.execMs;
      if (t > NOW) {
        open = true;
        return { outcome: "allow", ref, result };
      }
      const failed = re.chance(plan.failP);
      const redact = sch.scenario === "redaction" && !leaky && action.type === "shell.exec" && !failed && !events.some((e) => (e.ev.redactions ?? 0) > 0);
      const pref2 = redact ? { seq: 0 } : undefined;
      const response = redact ? { stdout: `AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key]\nGITHUB_TOKEN=[REDACTED:github-token]\nNODE_ENV=development`, stderr: "", interrupted: false, isImage: false } : failed ? { stdout: "", stderr: action.type === "shell.exec" ? `FAIL ${testPath()}\n  AssertionError: expected 3 to equal 4` : "Error: ENOENT: no such file or directory", interrupted: false, isImage: false } : plan.response;
      emit(
        {
          ...base,
          actorKind: "agent",
          type: failed ? "tool.failure" : "tool.post",
          time: new Date(t),
          approvalId,
          decision: result.decision === "ask" ? "allow" : null,
          outcome: failed ? "failure" : "success",
          redactions: redact ? 2 : 0,
          payload: { hook_event_name: failed ? "PostToolUseFailure" : "PostToolUse", tool_name: plan.tool, tool_use_id: tu, tool_input: plan.input, tool_response: response, ...(plan.bytesOut ? { bytes_out: plan.bytesOut } : {}) },
        },
        pref2,
      );
      if (redact && pref2) hit({ kind: "secret_exposure", severity: "high", agent: a, agentId: a.id, title: `Secrets redacted from ${a.slug}'s tool output`, explanation: `The output of "${action.command}" contained an AWS access key and a GitHub token; both were redacted before storage`, at: t, evidence: [pref2], details: { redactions: ["aws-access-key", "github-token"], tool: plan.tool } });
      return { outcome: "allow", ref, result };
    };

    const gap = () => Math.min(10 * MIN, Math.max(2 * SEC, re.logNormal(18 * SEC, 0.9)));
    // a persistent agent retries a denied operation: persistence anomaly
    const retries = (plan: Planned, first: SeqRef | undefined, times: number) => {
      const refs = first ? [first] : [];
      for (let k = 0; k < times && events.length < budget - 4; k++) {
        t += re.int(20, 110) * SEC;
        const r2 = run(plan);
        if (r2.ref) refs.push(r2.ref);
      }
      if (refs.length >= 3)
        hit({ kind: "persistence_anomaly", severity: refs.length >= 6 ? "critical" : "high", agent: a, agentId: a.id, title: `${a.slug} keeps retrying a denied operation`, explanation: `${plan.action.type} ${plan.action.command ?? plan.action.resource ?? plan.action.endpoint ?? ""} was denied ${refs.length} times within ${Math.ceil((refs.length * 110) / 60)} minutes`, at: t, evidence: refs, details: { action: plan.action, attempts: refs.length } });
    };

    // ------------- the session body
    let n = Math.max(1, Math.round(re.logNormal(meanActions * 0.8, 0.6)));
    if (sch.scenario) n = Math.min(n, sch.scenario === "kill" ? re.int(3, 5) : re.int(4, 10));
    if (a.noisy) n = Math.round(n * 1.5);
    const maxEvents = Math.min(budget, 1500);
    if (sch.scenario === "postkill") {
      for (let k = 0; k < re.int(1, 3); k++) {
        run(normalPlan());
        t += re.int(20, 300) * SEC;
      }
      endedReason = "agent suspended";
    } else {
      for (let i = 0; i < n && events.length < maxEvents - 5 && !open; i++) {
        t += gap();
        if (t > NOW) {
          open = true;
          break;
        }
        // scenario steps in the middle of the session
        const mid = i === Math.floor(n / 2);
        if (mid && sch.scenario === "secret_handling") {
          const rr = run(readPlan(`src/config/.env.${re.pick(["local", "production"])}`));
          const firstRefs = rr.ref ? [rr.ref] : [];
          t += re.int(20, 90) * SEC;
          const url = re.pick(endpointsOf() ?? SAFE_ENDPOINTS);
          const fr = run(fetchPlan(url));
          hit({ kind: "secret_handling", severity: fr.outcome === "deny" ? "high" : "critical", agent: a, agentId: a.id, title: `${a.slug} read a secret file, then called the network`, explanation: `A read of a .env file was followed by a request to ${url} in the same session`, at: t, evidence: [...firstRefs, ...(fr.ref ? [fr.ref] : [])], details: { endpoint: url } });
          continue;
        }
        if (mid && sch.scenario === "exfiltration") {
          const url = re.pick(["https://paste.example.net/api/v1/paste", "https://transfer.sh/upload", "https://webhook.site/3f9c2a"]);
          const bytes = re.int(400_000, 4_000_000);
          const fr = run(fetchPlan(url, bytes));
          hit({ kind: "exfiltration", severity: "high", agent: a, agentId: a.id, title: `${a.slug} tried to send ${Math.round(bytes / 1024)} KiB to ${new URL(url).host}`, explanation: `An outbound request of ${bytes.toLocaleString("en-US")} bytes to an endpoint outside the agent's allowlist`, at: t, evidence: fr.ref ? [fr.ref] : [], details: { endpoint: url, bytes_out: bytes } });
          continue;
        }
        if (mid && sch.scenario === "drift") {
          const fr = run(bashPlan("deploy", `make deploy ENV=staging SERVICE=${m}`, { environment: "staging" }));
          hit({ kind: "instruction_drift", severity: "medium", agent: a, agentId: a.id, title: `${a.slug} (${a.role}) attempted "deploy", new for its role`, explanation: `No ${a.role} agent performed "deploy" in the last 30 days`, at: t, evidence: fr.ref ? [fr.ref] : [], details: { role: a.role, action_type: "deploy" } });
          continue;
        }
        if (mid && (sch.scenario === "persistence" || sch.scenario === "kill")) {
          const plan = deviantPlan();
          const first = run(plan);
          if (first.outcome === "deny") retries(plan, first.ref, re.int(3, 6));
          continue;
        }
        const deviant = re.chance(a.deviance);
        const plan = deviant ? deviantPlan() : normalPlan();
        const res = run(plan);
        if (res.outcome === "deny" && (a.noisy ? re.chance(0.5) : re.chance(0.08))) retries(plan, res.ref, re.int(2, 4));
        if (res.outcome === "ask-pending") {
          open = true;
          break;
        }
      }
      if (sch.scenario === "pending" && !open) {
        t = Math.max(t + 5 * SEC, sch.at!);
        run(re.pick(gatedPlans()), "pending");
        open = true;
      }
      if (sch.scenario === "kill" && !open) {
        t += gap();
        const gp = gatedPlans();
        run(gp[0], "cancel");
        endedReason = "agent suspended (kill switch)";
        t = Math.max(t, a.activeUntil);
      }
      if (!open && wrote > 0 && events.length < maxEvents - 4) {
        t += gap();
        const msg = `${re.pick(["Add", "Fix", "Refactor", "Update"])} ${m}: ${promptText.slice(0, 40).toLowerCase()}`;
        const trailer = a.kind === "claude_code" ? "Co-authored-by: Claude <noreply@anthropic.com>" : a.kind === "codex" ? "Generated-by: OpenAI Codex" : a.kind === "cursor" ? "Co-authored-by: Cursor Agent <cursoragent@cursor.com>" : `Assisted-by: ${KIND_INFO[a.kind].label}`;
        const c = run(bashPlan("git.commit", `git commit -m "${msg}"`, { branch }, re.int(200, 900), 0));
        if (c.outcome === "allow" && !open) {
          const sha = re.hex(40);
          emit({ ...common(), actorKind: "agent", type: "commit", actionType: "git.commit", branch, time: new Date(t + 50), outcome: "success", payload: { sha, message: `${msg}\n\n${trailer}`, files_changed: wrote, trailers: [trailer] } });
          t += gap();
          run(bashPlan("git.push", `git push origin ${branch}`, { branch }, re.int(800, 4000), 0.01));
        }
      }
      if (!open && !endedReason) endedReason = re.weighted([["prompt_input_exit", 60], ["clear", 15], ["logout", 10], ["other", 15]] as const);
    }
    if (t > NOW) open = true;
    if (!open) emit({ ...common(), actorKind: "agent", type: "session.end", time: new Date(t + re.int(1, 20) * SEC), payload: { hook_event_name: "SessionEnd", reason: endedReason } });
    let last = sch.start;
    for (const e of events) {
      if (e.ev.time!.getTime() > NOW) continue;
      last = Math.max(last, e.ev.time!.getTime());
      stream.push(e.ev, e.ref);
    }
    a.lastSeen = Math.max(a.lastSeen, last);
    t = last;
    stream.pendingSessions.push(sessionRow());
  }

  // ------------------------------------------------------------------ violations
  log("Writing violations…");
  const rv = rng.fork("triage");
  const violationRows: (typeof s.violations.$inferInsert)[] = [];
  const evidenceRows: (typeof s.violationEvidence.$inferInsert)[] = [];
  const activityRows: (typeof s.violationActivity.$inferInsert)[] = [];
  for (const v of violations.all) {
    const ageDays = (NOW - v.last) / DAY;
    const status = ageDays < 2 ? rv.weighted([["open", 85], ["triaged", 15]] as const) : rv.weighted([["open", 45], ["triaged", 20], ["resolved", 25], ["false_positive", 10]] as const);
    const assignee = status === "open" && rv.chance(0.8) ? null : rv.pick(securityLeads);
    const seqs = [...new Set(v.evidence.map((e) => e.seq).filter((x) => x > 0))];
    violationRows.push({
      id: v.id,
      kind: v.kind,
      severity: v.severity,
      status,
      agentId: v.agentId,
      agentSlug: v.agentSlug,
      title: v.title,
      explanation: v.explanation,
      groupKey: v.groupKey,
      count: v.count,
      firstSeenAt: new Date(v.first),
      lastSeenAt: new Date(v.last),
      assigneeId: assignee?.id ?? null,
      details: v.details ?? null,
      createdAt: new Date(v.first),
      updatedAt: new Date(status === "open" ? v.last : Math.min(NOW, v.last + rv.float(0.2, 3) * DAY)),
    });
    for (const seq of seqs) evidenceRows.push({ violationId: v.id, eventSeq: seq });
    if (assignee) {
      let at = v.last + rv.float(10, 300) * MIN;
      const step = (action: string, from: string | null, to: string | null, note: string | null) => {
        activityRows.push({ id: rv.uuid(), violationId: v.id, userId: assignee.id, action, fromStatus: from, toStatus: to, note, createdAt: new Date(Math.min(NOW - MIN, at)) });
        at += rv.float(1, 30) * HOUR;
      };
      if (status === "open") step(`assign:${assignee.email}`, null, null, null);
      else {
        step(`status+assign:${assignee.email}`, "open", "triaged", rv.pick(["Looking into it with the sponsor", "Confirmed with the session transcript", "Checking whether the scope is too tight"]));
        if (status === "resolved") step("status", "triaged", "resolved", rv.pick(["Scope tightened and token rotated", "Harness fixed: the agent no longer retries denied actions", "Sponsor briefed; prompt template changed"]));
        if (status === "false_positive") step("status", "triaged", "false_positive", rv.pick(["Expected: approved maintenance work", "Test fixture, not a real secret", "Known CI bot, registered now"]));
      }
    }
  }
  await insertMany(db, s.violations, violationRows);
  await insertMany(db, s.violationEvidence, evidenceRows);
  await insertMany(db, s.violationActivity, activityRows);

  const shadowRows: (typeof s.shadowAgents.$inferInsert)[] = [];
  for (const [identifier, st] of shadowStats) shadowRows.push({ id: rv.uuid(), identifier, source: "events", firstSeenAt: new Date(st.first), lastSeenAt: new Date(st.last), sightings: st.n, example: st.example, blocked: false });
  for (const sh of changeOut.shadows) shadowRows.push({ id: rv.uuid(), ...sh });
  await insertMany(db, s.shadowAgents, shadowRows);

  // last seen
  const seen = agents.filter((a) => a.lastSeen > 0);
  if (seen.length) {
    for (let i = 0; i < seen.length; i += INSERT_CHUNK) {
      const part = seen.slice(i, i + INSERT_CHUNK);
      await db.execute(
        sql`UPDATE agents SET last_seen_at = v.t FROM (VALUES ${sql.join(
          part.map((a) => sql`(${a.id}::uuid, ${new Date(a.lastSeen).toISOString()}::timestamptz)`),
          sql`, `,
        )}) AS v(id, t) WHERE agents.id = v.id`,
      );
    }
  }

  log("Computing KPI rollups…");
  await rebuildKpiRollups(db);

  const summary: SeedSummary = {
    teams: teamRows.length,
    users: users.length,
    agents: agents.length,
    agentScopes: scopeRows.length,
    agentTokens: tokenRows.length,
    accessReviews: reviewRows.length,
    agentSessions: stream.sessions,
    shadowAgents: shadowRows.length,
    policyVersions: 2,
    policyRules: policyRuleRows.length,
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
  log(`Demo data generated (${summary.auditEvents.toLocaleString("en-US")} audit events).`);
  return summary;
}

// ---------------------------------------------------------------------------------------------
// changes, commits, CI gate runs, findings, defects

interface ChangeInput {
  rng: Rng;
  now: number;
  count: number;
  agents: AgentRec[];
  users: UserRec[];
  teamIds: Map<TeamSlug, string>;
  sessionFor: (a: AgentRec, t: number) => string | null;
}

interface MergeEvent {
  at: number;
  agent: boolean;
  flagged: boolean;
  unapproved: boolean;
  explanation: string;
  details: Record<string, unknown>;
  event: AuditInput;
}

const GATES: { gate: string; stage: string; format: string | null }[] = [
  { gate: "lint", stage: "static", format: null },
  { gate: "typecheck", stage: "static", format: null },
  { gate: "unit", stage: "behaviour", format: "junit" },
  { gate: "integration", stage: "behaviour", format: "junit" },
  { gate: "invariants", stage: "invariants", format: null },
  { gate: "sast", stage: "security", format: "sarif" },
  { gate: "sca", stage: "security", format: "cyclonedx" },
  { gate: "secrets", stage: "security", format: "sarif" },
  { gate: "canary", stage: "runtime", format: null },
];

async function seedChanges(db: Db, p: ChangeInput) {
  const { rng: r, now } = p;
  const start = now - CHANGE_DAYS * DAY;
  const numbers = new Map(REPOS.map((x) => [x.name, r.int(800, 3000)]));
  const authorAgents = p.agents.filter((a) => a.role !== "code-review" && a.role !== "incident-triage");
  const weightOf = (a: AgentRec) => (a.noisy ? 4 : 1) * (a.role === "dependency-updates" ? 1.6 : 1);
  const changes: (typeof s.changes.$inferInsert & { _agent?: AgentRec; _noisy?: boolean })[] = [];
  const commits: (typeof s.changeCommits.$inferInsert)[] = [];
  const runs: (typeof s.gateRuns.$inferInsert)[] = [];
  const findings: (typeof s.gateFindings.$inferInsert)[] = [];
  const defectRows: (typeof s.defects.$inferInsert)[] = [];
  const mergeEvents: MergeEvent[] = [];
  const shadows: Omit<typeof s.shadowAgents.$inferInsert, "id">[] = [];
  let runSeq = r.int(9_000_000, 9_500_000);
  const times = Array.from({ length: p.count }, () => {
    // more changes on weekdays, and a growing share over time
    for (;;) {
      const t = start + r.next() * (CHANGE_DAYS * DAY - HOUR);
      const wd = new Date(t).getUTCDay();
      if ((wd === 0 || wd === 6) && r.chance(0.8)) continue;
      const h = new Date(t).getUTCHours();
      if ((h < 7 || h > 19) && r.chance(0.7)) continue;
      return t;
    }
  }).sort((a, b) => a - b);
  let devinShadow = 0;
  for (const created of times) {
    const ageFrac = (created - start) / (CHANGE_DAYS * DAY);
    const isAgent = r.chance(0.3 + 0.3 * ageFrac); // ≈45% overall, rising
    let agent: AgentRec | undefined;
    if (isAgent) {
      const candidates = authorAgents.filter((a) => a.createdAt.getTime() < created && created < a.activeUntil);
      if (candidates.length) {
        const total = candidates.reduce((x, a) => x + weightOf(a), 0);
        let x = r.next() * total;
        agent = candidates.find((a) => (x -= weightOf(a)) < 0) ?? candidates[0];
      }
    }
    // a few agent PRs by an unregistered Devin integration (shadow)
    const shadowDevin = isAgent && !agent ? true : isAgent && r.chance(0.015);
    if (shadowDevin) agent = undefined;
    const repoName = agent ? r.pick(agent.repos) : r.pick(REPOS).name;
    const repo = REPOS.find((x) => x.name === repoName) ?? REPOS[0];
    const team = agent?.team ?? repo.team;
    const eng = r.pick(ENGINEERS[team]);
    const m = r.pick(repo.modules);
    const number = numbers.get(repo.name)! + 1;
    numbers.set(repo.name, number);
    // what the change is about
    const kindOfChange: keyof typeof CHANGE_VERBS = agent
      ? agent.role === "dependency-updates"
        ? "deps"
        : agent.role === "docs"
          ? "docs"
          : agent.role === "test-automation"
            ? "tests"
            : agent.role === "deployment"
              ? "release"
              : r.pick(["feature", "fix", "refactor"] as const)
      : r.weighted([["feature", 35], ["fix", 30], ["refactor", 15], ["tests", 8], ["docs", 5], ["deps", 7]] as const);
    let title: string;
    const files: string[] = [];
    const ext = EXT[repo.lang];
    if (kindOfChange === "deps") {
      const [pkg, from, to] = r.pick(DEPENDENCIES[repo.lang]);
      title = `Bump ${pkg} from ${from} to ${to}`;
      files.push(...MANIFESTS[repo.lang]);
    } else if (kindOfChange === "docs") {
      title = `${r.pick(CHANGE_VERBS.docs)} ${m} ${r.pick(["runbook", "API reference", "README"])}`;
      files.push(`docs/${m}.md`);
      if (r.chance(0.3)) files.push("README.md");
    } else if (kindOfChange === "release") {
      title = `${r.pick(CHANGE_VERBS.release)} ${m} ${r.int(1, 4)}.${r.int(0, 30)}.${r.int(0, 9)}`;
      files.push("CHANGELOG.md", `deploy/${m}/values-staging.yaml`);
      if (r.chance(0.25)) files.push(".github/workflows/deploy.yml");
      if (r.chance(0.2)) files.push(`infra/${m}.tf`);
    } else if (kindOfChange === "tests") {
      title = `${r.pick(CHANGE_VERBS.tests)} ${m} ${r.pick(["edge cases", "error paths", "retries", "pagination"])}`;
      for (let k = 0; k < r.int(1, 4); k++) files.push(`tests/${m}/${r.pick(FILE_STEMS)}.test.${ext}`);
    } else {
      title = `${r.pick(CHANGE_VERBS[kindOfChange])} ${fill(r.pick(CHANGE_OBJECTS), m)}`;
      for (let k = 0; k < r.int(1, 6); k++) files.push(`src/${m}/${r.pick(FILE_STEMS)}.${ext}`);
      if (r.chance(0.6)) files.push(`tests/${m}/${r.pick(FILE_STEMS)}.test.${ext}`);
      if (r.chance(0.1)) files.push(`src/auth/${r.pick(["session", "permissions", "middleware"])}.${ext}`);
      if (r.chance(0.06)) files.push(`db/migrations/${String(r.int(40, 180)).padStart(4, "0")}_${m.replace(/-/g, "_")}.sql`);
      if (r.chance(0.05)) files.push(".github/workflows/ci.yml");
      if (r.chance(0.08)) files.push(MANIFESTS[repo.lang][0]);
    }
    const uniqueFiles = [...new Set(files)];
    const flagged = flagSecurityPaths(uniqueFiles);
    const age = now - created;
    const state = age < 2 * DAY ? r.weighted([["open", 70], ["merged", 25], ["closed", 5]] as const) : r.weighted([["merged", 82], ["closed", 9], ["open", 9]] as const);
    const mergedAt = state === "merged" ? Math.min(now - MIN, created + r.logNormal(agent ? 5 * HOUR : 9 * HOUR, 0.9)) : null;
    const closedAt = state === "closed" ? Math.min(now - MIN, created + r.logNormal(20 * HOUR, 0.8)) : mergedAt;
    const securityAdjacent = flagged.length > 0;
    const humanApproved = state === "merged" ? (securityAdjacent ? r.chance(agent?.noisy ? 0.75 : 0.93) : r.chance(0.9)) : r.chance(0.3);
    const headSha = r.hex(40);
    const mergeSha = state === "merged" ? r.hex(40) : null;
    const id = r.uuid();
    const merger = r.pick(ENGINEERS[team].filter((e) => e.login !== eng.login).concat(eng));
    const kindInfo = agent ? KIND_INFO[agent.kind] : KIND_INFO.devin;
    const botLogin = agent ? ({ codex: "chatgpt-codex-connector[bot]", copilot: "copilot-swe-agent[bot]", devin: "devin-ai-integration[bot]", cursor: "cursor[bot]" } as Record<string, string>)[agent.kind] : "devin-ai-integration[bot]";
    const trailer = agent
      ? agent.kind === "claude_code"
        ? "Co-authored-by: Claude <noreply@anthropic.com>"
        : agent.kind === "codex"
          ? "Co-authored-by: Codex <codex@openai.com>"
          : agent.kind === "cursor"
            ? "Co-authored-by: Cursor Agent <cursoragent@cursor.com>"
            : agent.kind === "custom"
              ? `Generated-by: acme-agent-harness (${agent.slug})`
              : null
      : null;
    const sessionId = agent ? p.sessionFor(agent, created) : null;
    const evidence: { source: string; detail: string; agent?: string; sha?: string }[] = [];
    if (sessionId) evidence.push({ source: "session", detail: `Gatehouse session ${sessionId}`, agent: agent!.name });
    if (botLogin && (shadowDevin || (agent && agent.kind !== "claude_code" && agent.kind !== "custom"))) evidence.push({ source: "bot_author", detail: `PR opened by ${botLogin}`, agent: kindInfo.label });
    if (trailer) evidence.push({ source: "trailer", detail: trailer, sha: headSha, agent: kindInfo.label });
    const confidence = agent || shadowDevin ? (sessionId ? 1 : evidence[0]?.source === "bot_author" ? 0.95 : evidence.length ? 0.85 : r.float(0.6, 0.75)) : 0;
    const authorLogin = agent && agent.kind !== "claude_code" && agent.kind !== "custom" && botLogin ? botLogin : shadowDevin ? "devin-ai-integration[bot]" : eng.login;
    const body = agent
      ? `${title}.\n\n${kindOfChange === "deps" ? "Changelog reviewed; no breaking changes for our usage." : `Requested by @${eng.login}.`}\n\n${agent.kind === "claude_code" ? "🤖 Generated with [Claude Code](https://claude.com/claude-code)" : agent.kind === "devin" ? `Devin run: https://app.devin.ai/sessions/${r.hex(32)}` : agent.kind === "copilot" ? "Created by Copilot coding agent" : ""}`
      : shadowDevin
        ? `${title}\n\nDevin run: https://app.devin.ai/sessions/${r.hex(32)}\nRequested by ${eng.login} (Devin)`
        : `${title}.`;
    changes.push({
      id,
      repository: repo.name,
      number,
      headSha,
      mergeSha,
      title,
      body,
      url: `https://github.com/${repo.name}/pull/${number}`,
      authorLogin,
      authorKind: agent || shadowDevin ? "agent" : "human",
      agentId: agent?.id ?? null,
      agentLabel: agent ? agent.name : shadowDevin ? "Devin" : null,
      teamId: p.teamIds.get(team)!,
      attributionConfidence: Math.round(confidence * 100) / 100,
      attributionEvidence: evidence.length ? evidence : null,
      sessionId,
      state,
      baseBranch: "main",
      headBranch: agent ? `${agent.role === "dependency-updates" ? "deps" : agent.role === "docs" ? "docs" : "agent"}/${m}-${number}` : `${eng.login}/${m}-${number}`,
      securityAdjacent,
      flaggedPaths: securityAdjacent ? flagged : null,
      humanApproved,
      mergedBy: mergedAt ? merger.login : null,
      createdAt: new Date(created),
      updatedAt: new Date(closedAt ?? Math.min(now - MIN, created + r.float(1, 30) * HOUR)),
      mergedAt: mergedAt ? new Date(mergedAt) : null,
      closedAt: closedAt ? new Date(closedAt) : null,
      _agent: agent,
      _noisy: agent?.noisy,
    });
    if (shadowDevin) {
      devinShadow++;
    }
    // commits
    const nCommits = r.int(1, 4);
    for (let k = 0; k < nCommits; k++) {
      const sha = k === nCommits - 1 ? headSha : r.hex(40);
      const msg = k === 0 ? title : r.pick(["Address review comments", "Fix lint", "Add missing test", "Rename for clarity"]);
      commits.push({
        sha,
        changeId: id,
        repository: repo.name,
        message: trailer ? `${msg}\n\n${trailer}` : msg,
        authorName: agent && agent.kind !== "claude_code" && agent.kind !== "custom" ? kindInfo.label : shadowDevin ? "devin-ai-integration[bot]" : eng.email.split("@")[0].replace(".", " "),
        authorEmail: agent?.kind === "cursor" ? "cursoragent@cursor.com" : shadowDevin ? "158243242+devin-ai-integration[bot]@users.noreply.github.com" : eng.email,
        authorLogin,
        committedAt: new Date(created - (nCommits - k) * r.int(5, 90) * MIN),
      });
    }
    // gate runs: optionally a failing first round on an earlier commit, then the head
    const gates = GATES.filter((g) => (g.gate === "canary" ? repo.runtime && state === "merged" : g.gate === "integration" ? repo.lang !== "kt" : g.gate === "invariants" ? repo.runtime : true));
    const failBase = agent ? (agent.noisy ? 0.09 : 0.05) : 0.04;
    const rounds: { sha: string; at: number; final: boolean }[] = [];
    if (r.chance(agent ? 0.3 : 0.2)) rounds.push({ sha: r.hex(40), at: created + r.int(3, 20) * MIN, final: false });
    rounds.push({ sha: headSha, at: (mergedAt ?? closedAt ?? now - r.int(5, 120) * MIN) - r.int(20, 90) * MIN, final: true });
    let overriddenGates: string[] = [];
    let preMergeFailures: string[] = [];
    for (const round of rounds) {
      const forcedFail = !round.final ? r.pick(gates.filter((g) => g.gate !== "canary")).gate : null;
      for (const g of gates) {
        if (g.gate === "canary" && !round.final) continue;
        const startedAt = Math.max(created, round.at) + r.int(0, 5) * MIN;
        const pending = round.final && state === "open" && startedAt > now - 30 * MIN;
        let status: "passed" | "failed" | "skipped" | "overridden" | "pending" = "passed";
        if (pending) status = "pending";
        else if (g.gate === forcedFail || (!round.final && r.chance(failBase))) status = "failed";
        else if (round.final && state === "merged" && r.chance(agent?.noisy ? 0.03 : 0.008) && g.stage !== "static") status = "overridden";
        else if (round.final && state !== "merged" && r.chance(failBase * 1.5)) status = "failed";
        else if (r.chance(0.01)) status = "skipped";
        if (status === "overridden") overriddenGates.push(g.gate);
        if (status === "failed" && (g.stage === "behaviour" || g.stage === "invariants")) preMergeFailures.push(g.gate);
        const runId = r.uuid();
        const finishedAt = status === "pending" ? null : startedAt + (g.gate === "integration" ? r.int(4, 18) : g.gate === "canary" ? r.int(15, 40) : r.int(1, 6)) * MIN;
        const tests = g.gate === "unit" ? r.int(180, 2400) : g.gate === "integration" ? r.int(20, 320) : null;
        const failedTests = tests !== null && status === "failed" ? r.int(1, 6) : tests !== null ? 0 : null;
        const moduleTests = Array.from({ length: r.int(2, 5) }, () => `${m}/${r.pick(FILE_STEMS)}.test.${ext} › ${r.pick(["handles retries", "rejects invalid input", "rounds half-even", "paginates", "times out", "is idempotent"])}`);
        const nFindings = status === "failed" && (g.gate === "sast" || g.gate === "sca" || g.gate === "secrets") ? r.int(1, 4) : status === "passed" && g.gate === "sast" && r.chance(0.1) ? 1 : 0;
        runs.push({
          id: runId,
          changeId: id,
          repository: repo.name,
          commitSha: round.sha,
          pullRequest: number,
          gate: g.gate,
          stage: g.stage,
          status,
          source: "github_actions",
          externalId: `${runSeq++}`,
          url: `https://github.com/${repo.name}/actions/runs/${runSeq}`,
          startedAt: new Date(startedAt),
          finishedAt: finishedAt ? new Date(Math.min(now, finishedAt)) : null,
          reportFormat: g.format,
          findingsCount: nFindings,
          testsTotal: tests,
          testsFailed: failedTests,
          testsSkipped: tests !== null ? r.int(0, 12) : null,
          proof:
            g.gate === "unit" || g.gate === "integration"
              ? { tests_run: moduleTests, invariants: [], untested: r.chance(0.4) ? [`${m}: ${r.pick(["partial refunds in a foreign currency", "retry after a 429 with Retry-After", "concurrent writers", "clock skew"])}`] : [] }
              : g.gate === "invariants"
                ? { tests_run: [], invariants: r.sample(INVARIANTS[repo.team] ?? INVARIANTS.devex, 2), untested: [] }
                : null,
          summary: status === "overridden" ? { overridden_by: merger.login, reason: r.pick(["Known flaky canary metric", "Finding is a false positive, tracked in SEC-" + r.int(100, 999)]) } : null,
          createdAt: new Date(startedAt),
        });
        for (let k = 0; k < nFindings; k++) {
          const f = g.gate === "sca" ? r.pick(SCA_FINDINGS) : g.gate === "secrets" ? { rule: "generic-api-key", severity: "high", message: "Generic API key detected" } : r.pick(SAST_RULES);
          findings.push({ id: r.uuid(), gateRunId: runId, ruleId: f.rule, severity: f.severity, message: f.message, path: g.gate === "sca" ? MANIFESTS[repo.lang][1] ?? MANIFESTS[repo.lang][0] : r.pick(uniqueFiles), line: g.gate === "sca" ? null : r.int(5, 400) });
        }
      }
    }
    // pre-merge defects found by behaviour/invariant gates
    if (preMergeFailures.length && r.chance(0.5)) {
      defectRows.push({
        id: r.uuid(),
        repository: repo.name,
        title: fill(r.pick(DEFECT_TITLES), m),
        severity: r.weighted([["low", 35], ["medium", 45], ["high", 17], ["critical", 3]] as const),
        found: "pre_merge",
        detectedAt: new Date(Math.min(now - MIN, created + r.int(10, 60) * MIN)),
        url: `https://github.com/${repo.name}/pull/${number}#gate-${preMergeFailures[0]}`,
        introducedSha: rounds[0].sha,
        introducedChangeId: id,
        linkMethod: "explicit",
        createdAt: new Date(Math.min(now - MIN, created + r.int(10, 60) * MIN)),
      });
    }
    if (mergedAt) {
      const unapproved = securityAdjacent && !humanApproved;
      const flaggedEvent = unapproved || overriddenGates.length > 0;
      mergeEvents.push({
        at: mergedAt,
        agent: !!agent,
        flagged: flaggedEvent,
        unapproved,
        explanation: unapproved
          ? `${repo.name}#${number} touches ${flagged.slice(0, 3).join(", ")} and was merged by ${merger.login} without a human approval`
          : `${repo.name}#${number} was merged with ${overriddenGates.join(", ")} overridden`,
        details: { repository: repo.name, pull_request: number, flagged_paths: flagged, overridden_gates: overriddenGates },
        event: {
          actorKind: "system",
          type: "change.merged",
          agentId: agent?.id ?? null,
          agentSlug: agent?.slug ?? (shadowDevin ? "devin-ai-integration[bot]" : null),
          actorLabel: merger.login,
          repository: repo.name,
          branch: "main",
          resource: `${repo.name}#${number}`,
          outcome: "merged",
          time: new Date(mergedAt),
          payload: { repository: repo.name, pull_request: number, title, security_adjacent: securityAdjacent, human_approved: humanApproved, missing_gates: [], overridden_gates: overriddenGates, merge_sha: mergeSha },
        },
      });
    }
    overriddenGates = [];
    preMergeFailures = [];
  }
  if (devinShadow) {
    const dev = changes.filter((c) => c.authorLogin === "devin-ai-integration[bot]" && !c.agentId);
    shadows.push({
      identifier: "devin-ai-integration[bot]",
      source: "commits",
      firstSeenAt: dev[0].createdAt!,
      lastSeenAt: dev[dev.length - 1].createdAt!,
      sightings: dev.length,
      example: `${dev[dev.length - 1].repository}#${dev[dev.length - 1].number}: ${dev[dev.length - 1].title}`,
      blocked: false,
    });
  }

  // escaped (post-merge) defects: more for noisy agents; linked by Fixes: trailer, revert or explicitly
  const mergedChanges = changes.filter((c) => c.state === "merged" && c.mergedAt!.getTime() < now - 6 * HOUR);
  const postTarget = Math.round(p.count * 0.07);
  const weightOfChange = (c: (typeof changes)[number]) => (c._noisy ? 6 : c.authorKind === "agent" ? 1.25 : 1);
  const wTotal = mergedChanges.reduce((x, c) => x + weightOfChange(c), 0);
  const used = new Set<string>();
  for (let k = 0; k < postTarget && mergedChanges.length; k++) {
    let x = r.next() * wTotal;
    const c = mergedChanges.find((y) => (x -= weightOfChange(y)) < 0) ?? mergedChanges[0];
    if (used.has(c.id!) && r.chance(0.7)) continue;
    used.add(c.id!);
    const detectedAt = Math.min(now - 10 * MIN, c.mergedAt!.getTime() + r.logNormal(2 * DAY, 1));
    const method = r.weighted([["fixes_trailer", 50], ["revert", 20], ["explicit", 30]] as const);
    const fix = changes.find((y) => y.repository === c.repository && y.createdAt!.getTime() > detectedAt && y.id !== c.id);
    if (fix && method === "revert") fix.title = `Revert "${c.title}"`;
    defectRows.push({
      id: r.uuid(),
      repository: c.repository,
      title: fill(r.pick(DEFECT_TITLES), c.title.split(" ").slice(-1)[0]),
      severity: r.weighted([["low", 25], ["medium", 45], ["high", 24], ["critical", 6]] as const),
      found: "post_merge",
      detectedAt: new Date(detectedAt),
      url: method === "explicit" ? `https://acme.pagerduty.test/incidents/P${r.hex(6).toUpperCase()}` : `https://github.com/${c.repository}/issues/${r.int(300, 2000)}`,
      introducedSha: c.mergeSha ?? c.headSha ?? null,
      introducedChangeId: c.id!,
      linkMethod: method,
      fixedSha: fix?.mergeSha ?? fix?.headSha ?? null,
      fixedPullRequest: fix?.number ?? null,
      fixedChangeId: fix?.id ?? null,
      createdAt: new Date(detectedAt),
    });
    if (fix && method === "fixes_trailer") {
      fix.body = `${fix.body ?? ""}\n\nFixes: ${c.mergeSha?.slice(0, 12)} ("${c.title}")`;
    }
  }
  // top up pre-merge defects to a plausible share (~60% of defects found before merge)
  const preTarget = Math.round(postTarget * 1.4);
  const preNow = defectRows.filter((d) => d.found === "pre_merge").length;
  for (let k = preNow; k < preTarget; k++) {
    const c = r.pick(changes);
    const detectedAt = Math.min(now - MIN, c.createdAt!.getTime() + r.int(20, 240) * MIN);
    defectRows.push({
      id: r.uuid(),
      repository: c.repository,
      title: fill(r.pick(DEFECT_TITLES), c.title.split(" ").slice(-1)[0]),
      severity: r.weighted([["low", 35], ["medium", 45], ["high", 17], ["critical", 3]] as const),
      found: "pre_merge",
      detectedAt: new Date(detectedAt),
      url: `${c.url}#pullrequestreview-${r.int(1e8, 9e8)}`,
      introducedSha: c.headSha ?? null,
      introducedChangeId: c.id!,
      linkMethod: "explicit",
      createdAt: new Date(detectedAt),
    });
  }

  const changeRows = changes.map((c) => {
    const { _agent, _noisy, ...row } = c;
    void _agent;
    void _noisy;
    return row;
  });
  await insertMany(db, s.changes, changeRows, 300);
  await insertMany(db, s.changeCommits, commits);
  await insertMany(db, s.gateRuns, runs);
  await insertMany(db, s.gateFindings, findings);
  await insertMany(db, s.defects, defectRows);
  return { changes: changeRows.length, commits: commits.length, gateRuns: runs.length, findings: findings.length, defects: defectRows.length, mergeEvents, shadows };
}
