// Instruction drift: an agent doing a kind of action that no agent of its role has done before.
import type { Detector, ViolationHit } from "./types";
import { describeAction, isAgentEvent } from "./util";

export const instructionDriftDetector: Detector = {
  kind: "instruction_drift",
  run(events, ctx) {
    const hits: ViolationHit[] = [];
    // Learn as we go, so a batch that shows a new type ten times fires once, and a rescan
    // over history builds the baseline it would have had at the time.
    const learned = new Map<string, Set<string>>();
    const observed = new Map<string, number>();
    for (const e of events) {
      if (!e.agentId || !e.actionType || !isAgentEvent(e)) continue;
      const agent = ctx.agents.get(e.agentId);
      if (!agent) continue;
      const seen = learned.get(agent.role) ?? new Set(ctx.roleBaselines.get(agent.role) ?? []);
      learned.set(agent.role, seen);
      const prior = observed.get(agent.role) ?? ctx.roleEventCounts?.get(agent.role) ?? (ctx.roleBaselines.has(agent.role) ? Number.POSITIVE_INFINITY : 0);
      observed.set(agent.role, prior + 1);
      if (seen.has(e.actionType)) continue;
      const enough = seen.size >= ctx.thresholds.driftMinBaseline && prior >= ctx.thresholds.driftMinEvents;
      seen.add(e.actionType);
      // Too small a baseline (new role, empty history) would flag everything: stay quiet.
      if (!enough) continue;
      hits.push({
        kind: "instruction_drift",
        severity: "medium",
        agentId: e.agentId,
        agentSlug: e.agentSlug ?? agent.slug,
        title: "Action type new for the agent's role",
        explanation: `${agent.slug} (${agent.role}) did ${describeAction(e)}; no ${agent.role} agent has done ${e.actionType} before.`,
        evidenceSeqs: [e.seq],
        details: { role: agent.role, action_type: e.actionType, baseline: [...seen].filter((t) => t !== e.actionType).sort() },
        at: e.time,
      });
    }
    return hits;
  },
};
