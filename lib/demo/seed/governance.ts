// Governance events known up front (policy changes, reviews, kills, retirements, resumes,
// scope changes, refused credentials, shadow agents, merged changes), queued on the audit
// stream before the sessions, and the shadow agents they reveal.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import type { MergeEvent } from "./changes";
import { MIN, SEC, humanAct } from "./constants";
import { EXT, FILE_STEMS, REPOS } from "./data";
import { insertMany } from "./insert";
import { policyChangeEvents } from "./policy-versions";
import type { Rng } from "./prng";
import type { EventWorld, SeqRef } from "./types";
import type { Violations } from "./violations";

export type ShadowStats = Map<string, { first: number; last: number; n: number; example: string }>;

export function queueGovernanceEvents(w: EventWorld, humanActs: AuditInput[], mergeEvents: MergeEvent[]): ShadowStats {
  const { re, NOW, windowStart, targetEvents, agentCount, stream } = w;
  const { users, admins, securityLeads } = w.people;
  const { agents, suspended, retired, resumed } = w.registry;
  const { activeAgents, midWindow } = w.plan;
  const hit = (h: Parameters<Violations["hit"]>[0]) => w.violations.hit(h);
  const gov: { ev: AuditInput; ref?: SeqRef }[] = [];
  for (const ev of policyChangeEvents(w.policy)) gov.push({ ev });
  for (const ev of humanActs) gov.push({ ev }); // access reviews, integration tokens
  for (const a of suspended) {
    const by = users.find((u) => u.id === a.statusChangedBy)!;
    gov.push({
      ev: {
        ...humanAct(by),
        type: "agent.kill",
        agentId: a.id,
        agentSlug: a.slug,
        resource: `agent:${a.slug}`,
        outcome: "success",
        time: a.statusChangedAt!,
        payload: { reason: a.statusReason, before: { status: "active" }, after: { status: "suspended" } },
      },
    });
    for (const t of a.tokens.filter((x) => x.revoked))
      gov.push({
        ev: {
          ...humanAct(by),
          type: "agent.token.revoke",
          agentId: a.id,
          agentSlug: a.slug,
          resource: `agent_token:${t.prefix}`,
          outcome: "success",
          time: new Date(a.statusChangedAt!.getTime() + 1),
          payload: { token_id: t.id, reason: "agent suspended (kill switch)" },
        },
      });
  }
  for (const a of retired) {
    const by = users.find((u) => u.id === a.statusChangedBy)!;
    gov.push({
      ev: {
        ...humanAct(by),
        type: "agent.retire",
        agentId: a.id,
        agentSlug: a.slug,
        resource: `agent:${a.slug}`,
        outcome: "success",
        time: a.statusChangedAt!,
        payload: { reason: a.statusReason, before: { status: "active" }, after: { status: "retired" } },
      },
    });
  }
  for (const a of resumed) {
    const [from, until] = a.pauses[0];
    const killer = re.pick(securityLeads);
    const reason = re.pick(["Unexpected burst of pushes to feature branches; pausing while we look", "Suspicious outbound requests reported by the proxy"]);
    gov.push({
      ev: {
        ...humanAct(killer),
        type: "agent.kill",
        agentId: a.id,
        agentSlug: a.slug,
        resource: `agent:${a.slug}`,
        outcome: "success",
        time: new Date(from),
        payload: { reason, before: { status: "active" }, after: { status: "suspended" } },
      },
    });
    gov.push({
      ev: {
        ...humanAct(admins[0]),
        type: "agent.resume",
        agentId: a.id,
        agentSlug: a.slug,
        resource: `agent:${a.slug}`,
        outcome: "success",
        time: new Date(until),
        payload: {
          reason: "Reviewed with the sponsor: a misconfigured retry loop, fixed in the harness",
          before: { status: "suspended", reason },
          after: { status: "active" },
        },
      },
    });
  }
  // scope changes by admins
  for (const a of re.sample(activeAgents, Math.max(2, Math.round(agentCount / 8)))) {
    const t = midWindow();
    const who = re.pick(admins);
    gov.push({
      ev: {
        ...humanAct(who),
        type: "agent.scope_change",
        agentId: a.id,
        agentSlug: a.slug,
        resource: `agent:${a.slug}`,
        outcome: "success",
        time: new Date(t),
        payload: {
          changed: ["scope"],
          before: {
            scope: {
              endpoints: a.scope
                .filter((e) => e.dimension === "endpoint")
                .map((e) => e.pattern)
                .concat("https://pastebin.com"),
            },
          },
          after: { scope: { endpoints: a.scope.filter((e) => e.dimension === "endpoint").map((e) => e.pattern) } },
        },
      },
    });
  }
  // refused credentials: expired or revoked tokens still in use somewhere
  for (const a of re.sample(
    agents.filter((x) => x.tokens.some((t) => t.expired || t.revoked)),
    Math.max(2, Math.round(agentCount / 10)),
  )) {
    const tok = a.tokens.find((t) => t.revoked) ?? a.tokens.find((t) => t.expired)!;
    const reason = tok.revoked ? "revoked" : "expired";
    const base = midWindow();
    const n = re.int(1, 4);
    const refs: SeqRef[] = [];
    for (let k = 0; k < n; k++) {
      const ref = { seq: 0 };
      refs.push(ref);
      gov.push({
        ref,
        ev: {
          actorKind: "system",
          type: "auth.denied",
          agentId: a.id,
          agentSlug: a.slug,
          outcome: "denied",
          time: new Date(base + k * re.int(1, 9) * MIN),
          payload: { reason, token_prefix: tok.prefix, token_kind: "agent", path: "/api/v1/decisions", ip: `10.20.${re.int(0, 255)}.${re.int(1, 254)}` },
        },
      });
    }
    hit({
      kind: "credential_misuse",
      severity: reason === "revoked" ? "high" : "medium",
      agent: a,
      agentId: a.id,
      title: `${a.slug} used a ${reason} token`,
      explanation: `${n} request(s) with the ${reason} token ${tok.prefix}… were refused`,
      at: base,
      evidence: refs,
      details: { token_prefix: tok.prefix, reason },
    });
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
      gov.push({
        ref,
        ev: {
          actorKind: "agent",
          type: j === 0 ? "session.start" : "tool.post",
          agentSlug: slug,
          sessionId: sid,
          repository: repo.name,
          actionType: j === 0 ? null : "file.read",
          tool: j === 0 ? null : "Read",
          resource: j === 0 ? null : file,
          outcome: j === 0 ? null : "success",
          time: new Date(t),
          payload:
            j === 0
              ? { source: "otel-collector", user_agent: slug === "aider-local" ? "aider/0.86.1" : "cursor-agent/1.7" }
              : { tool_input: { file_path: file } },
        },
      });
      t += re.int(10, 120) * SEC;
    }
    st.first = Math.min(st.first, t);
    st.last = Math.max(st.last, t);
    st.n += refs.length;
    st.example = `session ${sid} in ${repo.name}`;
    shadowStats.set(slug, st);
    hit({
      kind: "shadow_agent",
      severity: "high",
      agentId: null,
      agentSlug: slug,
      title: `Unregistered agent "${slug}" is active`,
      explanation: `Events from "${slug}" (not in the registry) in ${repo.name}`,
      at: t,
      evidence: refs.slice(0, 5),
      details: { identifier: slug, source: "events", session_id: sid },
    });
  }
  // merged changes (gate overrides first, then agent-authored) as change.merged events
  const mergeBudget = Math.floor(targetEvents * 0.06);
  const merged = mergeEvents
    .filter((m) => m.at >= windowStart)
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || Number(b.agent) - Number(a.agent))
    .slice(0, mergeBudget);
  for (const m of merged) {
    const ref = { seq: 0 };
    gov.push({ ref, ev: m.event });
    if (m.flagged) {
      const a = agents.find((x) => x.id === m.event.agentId);
      hit({
        kind: "gate_override",
        severity: m.unapproved ? "critical" : "high",
        agent: a,
        agentId: a?.id ?? null,
        agentSlug: m.event.agentSlug ?? m.event.actorLabel ?? null,
        title: m.unapproved ? `Security-adjacent change merged without a human approval` : `Change merged with an overridden gate`,
        explanation: m.explanation,
        at: m.at,
        evidence: [ref],
        details: m.details,
      });
    }
  }
  for (const g of gov) {
    if (g.ev.time!.getTime() > NOW) continue;
    stream.push(g.ev, g.ref);
  }
  return shadowStats;
}

/** Shadow agents seen in events and in commits; `rv` is the "triage" generator. */
export async function writeShadowAgents(db: Db, rv: Rng, shadowStats: ShadowStats, fromCommits: Omit<typeof s.shadowAgents.$inferInsert, "id">[]) {
  const shadowRows: (typeof s.shadowAgents.$inferInsert)[] = [];
  for (const [identifier, st] of shadowStats)
    shadowRows.push({
      id: rv.uuid(),
      identifier,
      source: "events",
      firstSeenAt: new Date(st.first),
      lastSeenAt: new Date(st.last),
      sightings: st.n,
      example: st.example,
      blocked: false,
    });
  for (const sh of fromCommits) shadowRows.push({ id: rv.uuid(), ...sh });
  await insertMany(db, s.shadowAgents, shadowRows);
  return shadowRows;
}
