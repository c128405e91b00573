// Violations, folded like lib/violations/raise.ts (same group within an hour → one row), and
// their triage: status, assignee, evidence and activity.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { DAY, GROUP_WINDOW, HOUR, MIN } from "./constants";
import { insertMany } from "./insert";
import type { Rng } from "./prng";
import type { AgentRec, SeqRef, UserRec } from "./types";

export type Severity = "low" | "medium" | "high" | "critical";
const SEV_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface Hit {
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

export type HitInput = Omit<Hit, "agentSlug"> & { agentSlug?: string | null; agent?: AgentRec };

interface ViolationAcc extends Hit {
  id: string;
  groupKey: string;
  count: number;
  first: number;
  last: number;
}

export class Violations {
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

  /** Records a hit; with `agent`, also counts it towards the agent's recent violations. */
  hit(h: HitInput) {
    const a = h.agent;
    if (a) a.recentHits.push(h.at);
    this.add({ ...h, agentId: h.agentId ?? a?.id ?? null, agentSlug: h.agentSlug ?? a?.slug ?? null });
  }
}

/** Writes the folded violations with their evidence and triage activity; `rv` is the "triage" generator. */
export async function writeViolations(db: Db, rv: Rng, NOW: number, violations: Violations, securityLeads: UserRec[]) {
  const violationRows: (typeof s.violations.$inferInsert)[] = [];
  const evidenceRows: (typeof s.violationEvidence.$inferInsert)[] = [];
  const activityRows: (typeof s.violationActivity.$inferInsert)[] = [];
  for (const v of violations.all) {
    const ageDays = (NOW - v.last) / DAY;
    const status =
      ageDays < 2
        ? rv.weighted([
            ["open", 85],
            ["triaged", 15],
          ] as const)
        : rv.weighted([
            ["open", 45],
            ["triaged", 20],
            ["resolved", 25],
            ["false_positive", 10],
          ] as const);
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
        activityRows.push({
          id: rv.uuid(),
          violationId: v.id,
          userId: assignee.id,
          action,
          fromStatus: from,
          toStatus: to,
          note,
          createdAt: new Date(Math.min(NOW - MIN, at)),
        });
        at += rv.float(1, 30) * HOUR;
      };
      if (status === "open") step(`assign:${assignee.email}`, null, null, null);
      else {
        step(
          `status+assign:${assignee.email}`,
          "open",
          "triaged",
          rv.pick(["Looking into it with the sponsor", "Confirmed with the session transcript", "Checking whether the scope is too tight"]),
        );
        if (status === "resolved")
          step(
            "status",
            "triaged",
            "resolved",
            rv.pick([
              "Scope tightened and token rotated",
              "Harness fixed: the agent no longer retries denied actions",
              "Sponsor briefed; prompt template changed",
            ]),
          );
        if (status === "false_positive")
          step(
            "status",
            "triaged",
            "false_positive",
            rv.pick(["Expected: approved maintenance work", "Test fixture, not a real secret", "Known CI bot, registered now"]),
          );
      }
    }
  }
  await insertMany(db, s.violations, violationRows);
  await insertMany(db, s.violationEvidence, evidenceRows);
  await insertMany(db, s.violationActivity, activityRows);
  return { violationRows, evidenceRows, activityRows };
}
