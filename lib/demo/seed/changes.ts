// Changes (pull requests) with their commits, CI gate runs and findings, pre-merge defects
// found by the gates, and the merges that become change.merged audit events.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { flagSecurityPaths } from "@/lib/changes/security-paths";
import { CHANGE_DAYS, DAY, HOUR, MIN, fill } from "./constants";
import {
  CHANGE_OBJECTS,
  CHANGE_VERBS,
  DEFECT_TITLES,
  DEPENDENCIES,
  ENGINEERS,
  EXT,
  FILE_STEMS,
  INVARIANTS,
  KIND_INFO,
  MANIFESTS,
  REPOS,
  SAST_RULES,
  SCA_FINDINGS,
  type TeamSlug,
} from "./data";
import { addDefects, type ChangeRow } from "./defects";
import { insertMany } from "./insert";
import type { Rng } from "./prng";
import type { AgentRec, Sched, UserRec } from "./types";

export interface ChangeInput {
  rng: Rng;
  now: number;
  count: number;
  agents: AgentRec[];
  users: UserRec[];
  teamIds: Map<TeamSlug, string>;
  sessionFor: (a: AgentRec, t: number) => string | null;
}

export interface MergeEvent {
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

/** Finds the agent's ordinary session that most plausibly produced a change created at t (started within 3 days before). */
export function sessionLookup(schedule: Sched[]): ChangeInput["sessionFor"] {
  const sessionsByAgent = new Map<string, number[]>();
  for (const x of schedule) if (!x.scenario) (sessionsByAgent.get(x.agent.id) ?? sessionsByAgent.set(x.agent.id, []).get(x.agent.id)!).push(x.start);
  const sessionIdAt = new Map<string, string>();
  for (const x of schedule) sessionIdAt.set(`${x.agent.id}:${x.start}`, x.sessionId);
  return (a, t) => {
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
  };
}

export async function seedChanges(db: Db, p: ChangeInput) {
  const { rng: r, now } = p;
  const start = now - CHANGE_DAYS * DAY;
  const numbers = new Map(REPOS.map((x) => [x.name, r.int(800, 3000)]));
  const authorAgents = p.agents.filter((a) => a.role !== "code-review" && a.role !== "incident-triage");
  const weightOf = (a: AgentRec) => (a.noisy ? 4 : 1) * (a.role === "dependency-updates" ? 1.6 : 1);
  const changes: ChangeRow[] = [];
  const commits: (typeof s.changeCommits.$inferInsert)[] = [];
  // the approving review behind humanApproved, by a teammate (derived: draws nothing from r, so the rest of the seed is unchanged)
  const reviews: (typeof s.changeReviews.$inferInsert)[] = [];
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
      : r.weighted([
          ["feature", 35],
          ["fix", 30],
          ["refactor", 15],
          ["tests", 8],
          ["docs", 5],
          ["deps", 7],
        ] as const);
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
    const state =
      age < 2 * DAY
        ? r.weighted([
            ["open", 70],
            ["merged", 25],
            ["closed", 5],
          ] as const)
        : r.weighted([
            ["merged", 82],
            ["closed", 9],
            ["open", 9],
          ] as const);
    const mergedAt = state === "merged" ? Math.min(now - MIN, created + r.logNormal(agent ? 5 * HOUR : 9 * HOUR, 0.9)) : null;
    const closedAt = state === "closed" ? Math.min(now - MIN, created + r.logNormal(20 * HOUR, 0.8)) : mergedAt;
    const securityAdjacent = flagged.length > 0;
    const humanApproved = state === "merged" ? (securityAdjacent ? r.chance(agent?.noisy ? 0.75 : 0.93) : r.chance(0.9)) : r.chance(0.3);
    const headSha = r.hex(40);
    const mergeSha = state === "merged" ? r.hex(40) : null;
    const id = r.uuid();
    const merger = r.pick(ENGINEERS[team].filter((e) => e.login !== eng.login).concat(eng));
    const kindInfo = agent ? KIND_INFO[agent.kind] : KIND_INFO.devin;
    const botLogin = agent
      ? (
          { codex: "chatgpt-codex-connector[bot]", copilot: "copilot-swe-agent[bot]", devin: "devin-ai-integration[bot]", cursor: "cursor[bot]" } as Record<
            string,
            string
          >
        )[agent.kind]
      : "devin-ai-integration[bot]";
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
    if (botLogin && (shadowDevin || (agent && agent.kind !== "claude_code" && agent.kind !== "custom")))
      evidence.push({ source: "bot_author", detail: `PR opened by ${botLogin}`, agent: kindInfo.label });
    if (trailer) evidence.push({ source: "trailer", detail: trailer, sha: headSha, agent: kindInfo.label });
    const confidence = agent || shadowDevin ? (sessionId ? 1 : evidence[0]?.source === "bot_author" ? 0.95 : evidence.length ? 0.85 : r.float(0.6, 0.75)) : 0;
    const authorLogin =
      agent && agent.kind !== "claude_code" && agent.kind !== "custom" && botLogin ? botLogin : shadowDevin ? "devin-ai-integration[bot]" : eng.login;
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
      headBranch: agent
        ? `${agent.role === "dependency-updates" ? "deps" : agent.role === "docs" ? "docs" : "agent"}/${m}-${number}`
        : `${eng.login}/${m}-${number}`,
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
    if (humanApproved) {
      const reviewer = ENGINEERS[team].find((e) => e.login !== eng.login && e.login !== authorLogin) ?? ENGINEERS[team][0];
      reviews.push({
        changeId: id,
        reviewId: String(number * 10 + 1),
        reviewerLogin: reviewer.login,
        reviewerType: "User",
        human: true,
        state: "approved",
        commitSha: headSha,
        url: `https://github.com/${repo.name}/pull/${number}#pullrequestreview-${number * 10 + 1}`,
        submittedAt: new Date(Math.max(created + MIN, (mergedAt ?? now - MIN) - 20 * MIN)),
      });
    }
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
        authorName:
          agent && agent.kind !== "claude_code" && agent.kind !== "custom"
            ? kindInfo.label
            : shadowDevin
              ? "devin-ai-integration[bot]"
              : eng.email.split("@")[0].replace(".", " "),
        authorEmail:
          agent?.kind === "cursor" ? "cursoragent@cursor.com" : shadowDevin ? "158243242+devin-ai-integration[bot]@users.noreply.github.com" : eng.email,
        authorLogin,
        committedAt: new Date(created - (nCommits - k) * r.int(5, 90) * MIN),
      });
    }
    // gate runs: optionally a failing first round on an earlier commit, then the head
    const gates = GATES.filter((g) =>
      g.gate === "canary" ? repo.runtime && state === "merged" : g.gate === "integration" ? repo.lang !== "kt" : g.gate === "invariants" ? repo.runtime : true,
    );
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
        const finishedAt =
          status === "pending" ? null : startedAt + (g.gate === "integration" ? r.int(4, 18) : g.gate === "canary" ? r.int(15, 40) : r.int(1, 6)) * MIN;
        const tests = g.gate === "unit" ? r.int(180, 2400) : g.gate === "integration" ? r.int(20, 320) : null;
        const failedTests = tests !== null && status === "failed" ? r.int(1, 6) : tests !== null ? 0 : null;
        const moduleTests = Array.from(
          { length: r.int(2, 5) },
          () =>
            `${m}/${r.pick(FILE_STEMS)}.test.${ext} › ${r.pick(["handles retries", "rejects invalid input", "rounds half-even", "paginates", "times out", "is idempotent"])}`,
        );
        const nFindings =
          status === "failed" && (g.gate === "sast" || g.gate === "sca" || g.gate === "secrets")
            ? r.int(1, 4)
            : status === "passed" && g.gate === "sast" && r.chance(0.1)
              ? 1
              : 0;
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
              ? {
                  tests_run: moduleTests,
                  invariants: [],
                  untested: r.chance(0.4)
                    ? [`${m}: ${r.pick(["partial refunds in a foreign currency", "retry after a 429 with Retry-After", "concurrent writers", "clock skew"])}`]
                    : [],
                }
              : g.gate === "invariants"
                ? { tests_run: [], invariants: r.sample(INVARIANTS[repo.team] ?? INVARIANTS.devex, 2), untested: [] }
                : null,
          summary:
            status === "overridden"
              ? { overridden_by: merger.login, reason: r.pick(["Known flaky canary metric", "Finding is a false positive, tracked in SEC-" + r.int(100, 999)]) }
              : null,
          createdAt: new Date(startedAt),
        });
        for (let k = 0; k < nFindings; k++) {
          const f =
            g.gate === "sca"
              ? r.pick(SCA_FINDINGS)
              : g.gate === "secrets"
                ? { rule: "generic-api-key", severity: "high", message: "Generic API key detected" }
                : r.pick(SAST_RULES);
          findings.push({
            id: r.uuid(),
            gateRunId: runId,
            ruleId: f.rule,
            severity: f.severity,
            message: f.message,
            path: g.gate === "sca" ? (MANIFESTS[repo.lang][1] ?? MANIFESTS[repo.lang][0]) : r.pick(uniqueFiles),
            line: g.gate === "sca" ? null : r.int(5, 400),
          });
        }
      }
    }
    // pre-merge defects found by behaviour/invariant gates
    if (preMergeFailures.length && r.chance(0.5)) {
      defectRows.push({
        id: r.uuid(),
        repository: repo.name,
        title: fill(r.pick(DEFECT_TITLES), m),
        severity: r.weighted([
          ["low", 35],
          ["medium", 45],
          ["high", 17],
          ["critical", 3],
        ] as const),
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
          payload: {
            repository: repo.name,
            pull_request: number,
            title,
            security_adjacent: securityAdjacent,
            human_approved: humanApproved,
            missing_gates: [],
            overridden_gates: overriddenGates,
            merge_sha: mergeSha,
          },
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

  addDefects(r, now, p.count, changes, defectRows);

  const changeRows = changes.map((c) => {
    const { _agent, _noisy, ...row } = c;
    void _agent;
    void _noisy;
    return row;
  });
  await insertMany(db, s.changes, changeRows, 300);
  await insertMany(db, s.changeCommits, commits);
  await insertMany(db, s.changeReviews, reviews);
  await insertMany(db, s.gateRuns, runs);
  await insertMany(db, s.gateFindings, findings);
  await insertMany(db, s.defects, defectRows);
  return {
    changes: changeRows.length,
    commits: commits.length,
    gateRuns: runs.length,
    findings: findings.length,
    defects: defectRows.length,
    mergeEvents,
    shadows,
  };
}
