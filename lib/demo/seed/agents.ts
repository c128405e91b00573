// The agent registry: agents with their lifecycle (suspended, retired, noisy, resumed), scopes,
// tokens and access reviews.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { generateToken } from "@/lib/auth/tokens";
import type { ScopeEntry } from "@/lib/registry/scope";
import { DAY, HOUR, MIN, humanAct } from "./constants";
import { AGENT_ROLES, KIND_INFO, KIND_WEIGHTS, MANIFESTS, REPOS, ROLE_INFO, ROLE_WEIGHTS, TEAMS, type AgentKindName, type AgentRole, type Repo } from "./data";
import { insertMany } from "./insert";
import type { People } from "./people";
import type { Rng } from "./prng";
import type { AgentRec, UserRec } from "./types";

function roleScope(role: AgentRole, repo: Repo): { paths: string[]; tools: string[]; envs: string[]; endpoints: string[]; branches: string[] } {
  const manifests = MANIFESTS[repo.lang];
  const read = ["Read", "Grep", "Glob"];
  const write = [...read, "Edit", "Write"];
  switch (role) {
    case "code-review":
      return {
        paths: ["src/**", "tests/**", "docs/**", "*.md", ".github/**", ...manifests],
        tools: [...read, "Bash", "WebFetch"],
        envs: ["dev"],
        endpoints: ["https://api.github.com/repos/acme/**", "https://docs.github.com"],
        branches: ["main", "feature/**", "fix/**", "agent/**"],
      };
    case "test-automation":
      return {
        paths: ["src/**", "tests/**"],
        tools: [...write, "Bash"],
        envs: ["dev"],
        endpoints: ["https://registry.npmjs.org"],
        branches: ["feature/**", "agent/**", "test/**"],
      };
    case "refactoring":
      return {
        paths: ["src/**", "tests/**", "docs/**", ...manifests],
        tools: [...write, "Bash", "WebFetch"],
        envs: ["dev"],
        endpoints: ["https://registry.npmjs.org", "https://developer.mozilla.org", "https://docs.python.org"],
        branches: ["feature/**", "agent/**", "fix/**"],
      };
    case "deployment":
      return {
        paths: ["src/**", "deploy/**", "infra/**", ".github/workflows/**", "CHANGELOG.md"],
        tools: [...write, "Bash"],
        envs: ["dev", "staging"],
        endpoints: ["https://api.github.com/repos/acme/**"],
        branches: ["main", "release/**", "agent/**"],
      };
    case "dependency-updates":
      return {
        paths: ["src/**", "tests/**", "CHANGELOG.md", ...manifests],
        tools: [...write, "Bash", "WebFetch"],
        envs: ["dev"],
        endpoints: ["https://registry.npmjs.org", "https://pypi.org", "https://proxy.golang.org", "https://api.github.com/repos/acme/**"],
        branches: ["main", "deps/**", "agent/**"],
      };
    case "docs":
      return {
        paths: ["docs/**", "*.md", "src/**"],
        tools: [...write, "WebFetch", "Bash(git status)", "Bash(git diff:*)", "Bash(git commit:*)", "Bash(git push:*)"],
        envs: ["dev"],
        endpoints: ["https://docs.github.com", "https://developer.mozilla.org"],
        branches: ["docs/**", "agent/**"],
      };
    case "incident-triage":
      return {
        paths: ["src/**", "logs/**", "runbooks/**", "docs/**"],
        tools: [...read, "Bash", "WebFetch"],
        envs: ["staging", "production"],
        endpoints: ["https://api.github.com/repos/acme/**", "https://docs.github.com"],
        branches: ["fix/**", "agent/**"],
      };
  }
}

export interface Registry {
  agents: AgentRec[];
  suspended: AgentRec[];
  retired: AgentRec[];
  noisy: AgentRec[];
  resumed: AgentRec[];
  scopeRows: (typeof s.agentScopes.$inferInsert)[];
}

/** Registers `agentCount` agents and their scopes; `ra` is the "agents" generator. */
export async function seedAgents(db: Db, ra: Rng, NOW: number, agentCount: number, people: People): Promise<Registry> {
  const { teamIds, admins, securityLeads, sponsorsFor } = people;
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
    a.scope.map((e) => ({
      id: ra.uuid(),
      agentId: a.id,
      dimension: e.dimension,
      pattern: e.pattern,
      validFrom: e.validFrom,
      validUntil: e.validUntil,
      createdAt: a.createdAt,
    })),
  );
  await insertMany(db, s.agentScopes, scopeRows);
  return { agents, suspended, retired, noisy, resumed, scopeRows };
}

/** Tokens: hashes only, short-lived, some expired or revoked. */
export async function seedTokens(db: Db, ra: Rng, NOW: number, agents: AgentRec[]) {
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
  return tokenRows;
}

/** Access reviews: most within the period, ~20% overdue (> 90 days); the reviews in the event window become audit events. */
export async function seedAccessReviews(db: Db, ra: Rng, NOW: number, windowStart: number, agents: AgentRec[], users: UserRec[], securityLeads: UserRec[]) {
  const reviewRows: (typeof s.accessReviews.$inferInsert)[] = [];
  const reviewEvents: AuditInput[] = [];
  for (const a of agents) {
    const overdue = ra.chance(0.2);
    const n = ra.int(1, 3);
    let t = overdue ? NOW - ra.float(95, 140) * DAY : NOW - ra.float(3, 60) * DAY;
    for (let k = 0; k < n && t > a.createdAt.getTime(); k++) {
      const reviewer = ra.chance(0.5) ? users.find((u) => u.id === a.sponsorId)! : ra.pick(securityLeads);
      const outcome = ra.weighted([
        ["keep", 80],
        ["reduce", 18],
        ["revoke", a.status === "retired" ? 30 : 2],
      ] as const);
      reviewRows.push({
        id: ra.uuid(),
        agentId: a.id,
        reviewerId: reviewer.id,
        outcome,
        notes:
          outcome === "keep"
            ? ra.pick(["Scope still matches the role", "No violations since last review", "Sponsor confirmed usage"])
            : outcome === "reduce"
              ? "Removed WebFetch and the staging environment"
              : "No longer needed",
        createdAt: new Date(t),
      });
      if (t >= windowStart)
        reviewEvents.push({
          ...humanAct(reviewer),
          type: "agent.review",
          agentId: a.id,
          agentSlug: a.slug,
          resource: `agent:${a.slug}`,
          outcome: "success",
          time: new Date(t),
          payload: { outcome, period_days: 90 },
        });
      t -= ra.float(80, 100) * DAY;
    }
  }
  await insertMany(db, s.accessReviews, reviewRows);
  return { reviewRows, reviewEvents };
}
