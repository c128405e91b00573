// The session schedule: ordinary sessions spread over the event window (weekdays, working
// hours, growing adoption), plus scenario sessions (pending approvals, kills, secret handling,
// exfiltration, drift, persistence, redaction) on top.
import { DAY, EVENT_DAYS, HOUR, MIN, SEC } from "./constants";
import { ENGINEERS, REPOS } from "./data";
import type { Registry } from "./agents";
import type { Rng } from "./prng";
import type { AgentRec, ScenarioKind, Sched } from "./types";

export interface Schedule {
  /** sessions ordered by start */
  schedule: Sched[];
  activeAgents: AgentRec[];
  /** a random time well inside the event window (draws from the schedule generator) */
  midWindow: () => number;
}

/** `rs` is the "schedule" generator; it stays in use through `midWindow` afterwards. */
export function planSessions(rs: Rng, NOW: number, windowStart: number, targetEvents: number, registry: Registry): Schedule {
  const { agents, suspended, noisy } = registry;
  const pendingN = Math.min(8, Math.max(3, Math.round(targetEvents / 2500)));
  // rough events per session (start, prompt, ~12 actions × ~2.3, end)
  const estPerSession = 32;
  const sessionsN = Math.max(12, Math.round(targetEvents / estPerSession));
  const alive = (a: AgentRec, t: number) =>
    t >= Math.max(a.createdAt.getTime(), windowStart) && t < a.activeUntil - HOUR && !a.pauses.some(([f, u]) => t >= f - HOUR && t < u);
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
  const HOURS_WORK = Array.from(
    { length: 24 },
    (_, h) => [h, h >= 8 && h <= 17 ? (h === 12 ? 6 : 10) : h === 7 || h === 18 ? 4 : h >= 19 && h <= 21 ? 1.5 : 0.4] as const,
  );
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
  const scenario = (a: AgentRec, start: number, kind: ScenarioKind, at?: number) =>
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
  const scenarioPlan: [ScenarioKind, number, AgentRec[]][] = [
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
  return { schedule, activeAgents, midWindow };
}
