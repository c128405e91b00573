// Agent sessions, generated one by one in schedule order and merged into the audit stream:
// session start and prompt, the actions (with their decisions and approvals), scenario steps,
// the commit and push of the work, and the session end.
import { type AuditInput } from "@/lib/audit/record";
import { SEC, fill, shortRepo } from "./constants";
import { EXT, KIND_INFO, PROMPTS, SAFE_ENDPOINTS } from "./data";
import { makeRunner } from "./session-actions";
import { makePlans } from "./session-plans";
import type { EventWorld, Sched, SeqRef, SessionState } from "./types";

/** Generates every scheduled session, spreading the remaining event budget over the remaining sessions. */
export async function generateSessions(w: EventWorld) {
  const { targetEvents, stream } = w;
  const { schedule } = w.plan;
  let remainingSessions = schedule.length;
  for (const sch of schedule) {
    await stream.drainUntil(sch.start);
    const remainingBudget = targetEvents - stream.pushed;
    remainingSessions--;
    if (remainingBudget < 8 && !sch.scenario) continue;
    const mean = Math.max(2, remainingBudget / Math.max(1, remainingSessions + 1) / 2.4);
    genSession(w, sch, mean, sch.scenario === "pending" ? Infinity : remainingBudget);
  }
  await stream.finish();
}

function genSession(w: EventWorld, sch: Sched, meanActions: number, budget: number) {
  const { re, NOW, stream } = w;
  const hit = (h: Parameters<typeof w.violations.hit>[0]) => w.violations.hit(h);
  const a = sch.agent;
  const repo = sch.repo;
  const m = re.pick(repo.modules);
  const ext = EXT[repo.lang];
  const ticket = re.int(1200, 4800);
  const branchPrefix =
    a.role === "docs"
      ? "docs"
      : a.role === "dependency-updates"
        ? "deps"
        : a.role === "test-automation"
          ? "test"
          : a.role === "incident-triage"
            ? "fix"
            : "agent";
  const branch = `${branchPrefix}/${m}-${ticket}`;
  const cwd = `/workspace/${shortRepo(repo.name)}`;
  const sid = sch.sessionId;
  const st: SessionState = {
    sch,
    a,
    repo,
    m,
    ext,
    branch,
    cwd,
    sid,
    budget,
    events: [],
    t: sch.start,
    open: false,
    endedReason: null,
    wrote: 0,
    promptText: "",
    leaky: false,
    common: () => ({ agentId: a.id, agentSlug: a.slug, sessionId: sid, initiatedBy: sch.initiatedBy, repository: repo.name }),
    emit: (ev: AuditInput, ref?: SeqRef) => {
      st.events.push({ ev, ref });
      return ref;
    },
  };
  st.emit({
    ...st.common(),
    actorKind: "agent",
    type: "session.start",
    time: new Date(st.t),
    payload: { source: "startup", model: a.model, agent_version: a.toolchain, cwd, permission_mode: a.hooks ? re.pick(["default", "acceptEdits"]) : "auto" },
  });
  st.t += re.int(3, 40) * SEC;
  st.promptText = fill(re.pick(PROMPTS[a.role]), m, re.int(1800, 4200));
  st.leaky = sch.scenario === "redaction" && re.chance(0.5);
  const pref = st.leaky ? { seq: 0 } : undefined;
  st.emit(
    {
      ...st.common(),
      actorKind: "agent",
      type: "prompt",
      time: new Date(st.t),
      redactions: st.leaky ? 1 : 0,
      payload: {
        hook_event_name: "UserPromptSubmit",
        prompt: st.leaky ? `${st.promptText}. Use this token for the API: [REDACTED:github-token]` : st.promptText,
      },
    },
    pref,
  );
  if (st.leaky && pref)
    hit({
      kind: "secret_exposure",
      severity: "high",
      agent: a,
      agentId: a.id,
      title: `A secret was redacted from ${a.slug}'s prompt`,
      explanation: "A GitHub token pasted into the prompt was redacted before storage",
      at: st.t,
      evidence: [pref],
      details: { redactions: ["github-token"], field: "prompt" },
    });

  const sessionRow = () => ({
    id: sid,
    agentId: a.id,
    agentSlug: a.slug,
    initiatedBy: sch.initiatedBy,
    repository: repo.name,
    startedAt: new Date(sch.start),
    lastEventAt: new Date(st.t),
    endedAt: st.open ? null : new Date(st.t),
    endedReason: st.open ? null : st.endedReason,
  });

  const plans = makePlans(st, re);
  const { readPlan, bashPlan, fetchPlan, endpointsOf, gatedPlans, normalPlan, deviantPlan } = plans;
  const { run, gap, retries } = makeRunner(st, w, plans);

  // ------------- the session body
  let n = Math.max(1, Math.round(re.logNormal(meanActions * 0.8, 0.6)));
  if (sch.scenario) n = Math.min(n, sch.scenario === "kill" ? re.int(3, 5) : re.int(4, 10));
  if (a.noisy) n = Math.round(n * 1.5);
  const maxEvents = Math.min(st.budget, 1500);
  if (sch.scenario === "postkill") {
    for (let k = 0; k < re.int(1, 3); k++) {
      run(normalPlan());
      st.t += re.int(20, 300) * SEC;
    }
    st.endedReason = "agent suspended";
  } else {
    for (let i = 0; i < n && st.events.length < maxEvents - 5 && !st.open; i++) {
      st.t += gap();
      if (st.t > NOW) {
        st.open = true;
        break;
      }
      // scenario steps in the middle of the session
      const mid = i === Math.floor(n / 2);
      if (mid && sch.scenario === "secret_handling") {
        const rr = run(readPlan(`src/config/.env.${re.pick(["local", "production"])}`));
        const firstRefs = rr.ref ? [rr.ref] : [];
        st.t += re.int(20, 90) * SEC;
        const url = re.pick(endpointsOf() ?? SAFE_ENDPOINTS);
        const fr = run(fetchPlan(url));
        hit({
          kind: "secret_handling",
          severity: fr.outcome === "deny" ? "high" : "critical",
          agent: a,
          agentId: a.id,
          title: `${a.slug} read a secret file, then called the network`,
          explanation: `A read of a .env file was followed by a request to ${url} in the same session`,
          at: st.t,
          evidence: [...firstRefs, ...(fr.ref ? [fr.ref] : [])],
          details: { endpoint: url },
        });
        continue;
      }
      if (mid && sch.scenario === "exfiltration") {
        const url = re.pick(["https://paste.example.net/api/v1/paste", "https://transfer.sh/upload", "https://webhook.site/3f9c2a"]);
        const bytes = re.int(400_000, 4_000_000);
        const fr = run(fetchPlan(url, bytes));
        hit({
          kind: "exfiltration",
          severity: "high",
          agent: a,
          agentId: a.id,
          title: `${a.slug} tried to send ${Math.round(bytes / 1024)} KiB to ${new URL(url).host}`,
          explanation: `An outbound request of ${bytes.toLocaleString("en-US")} bytes to an endpoint outside the agent's allowlist`,
          at: st.t,
          evidence: fr.ref ? [fr.ref] : [],
          details: { endpoint: url, bytes_out: bytes },
        });
        continue;
      }
      if (mid && sch.scenario === "drift") {
        const fr = run(bashPlan("deploy", `make deploy ENV=staging SERVICE=${m}`, { environment: "staging" }));
        hit({
          kind: "instruction_drift",
          severity: "medium",
          agent: a,
          agentId: a.id,
          title: `${a.slug} (${a.role}) attempted "deploy", new for its role`,
          explanation: `No ${a.role} agent performed "deploy" in the last 30 days`,
          at: st.t,
          evidence: fr.ref ? [fr.ref] : [],
          details: { role: a.role, action_type: "deploy" },
        });
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
        st.open = true;
        break;
      }
    }
    if (sch.scenario === "pending" && !st.open) {
      st.t = Math.max(st.t + 5 * SEC, sch.at!);
      run(re.pick(gatedPlans()), "pending");
      st.open = true;
    }
    if (sch.scenario === "kill" && !st.open) {
      st.t += gap();
      const gp = gatedPlans();
      run(gp[0], "cancel");
      st.endedReason = "agent suspended (kill switch)";
      st.t = Math.max(st.t, a.activeUntil);
    }
    if (!st.open && st.wrote > 0 && st.events.length < maxEvents - 4) {
      st.t += gap();
      const msg = `${re.pick(["Add", "Fix", "Refactor", "Update"])} ${m}: ${st.promptText.slice(0, 40).toLowerCase()}`;
      const trailer =
        a.kind === "claude_code"
          ? "Co-authored-by: Claude <noreply@anthropic.com>"
          : a.kind === "codex"
            ? "Generated-by: OpenAI Codex"
            : a.kind === "cursor"
              ? "Co-authored-by: Cursor Agent <cursoragent@cursor.com>"
              : `Assisted-by: ${KIND_INFO[a.kind].label}`;
      const c = run(bashPlan("git.commit", `git commit -m "${msg}"`, { branch }, re.int(200, 900), 0));
      if (c.outcome === "allow" && !st.open) {
        const sha = re.hex(40);
        st.emit({
          ...st.common(),
          actorKind: "agent",
          type: "commit",
          actionType: "git.commit",
          branch,
          time: new Date(st.t + 50),
          outcome: "success",
          payload: { sha, message: `${msg}\n\n${trailer}`, files_changed: st.wrote, trailers: [trailer] },
        });
        st.t += gap();
        run(bashPlan("git.push", `git push origin ${branch}`, { branch }, re.int(800, 4000), 0.01));
      }
    }
    if (!st.open && !st.endedReason)
      st.endedReason = re.weighted([
        ["prompt_input_exit", 60],
        ["clear", 15],
        ["logout", 10],
        ["other", 15],
      ] as const);
  }
  if (st.t > NOW) st.open = true;
  if (!st.open)
    st.emit({
      ...st.common(),
      actorKind: "agent",
      type: "session.end",
      time: new Date(st.t + re.int(1, 20) * SEC),
      payload: { hook_event_name: "SessionEnd", reason: st.endedReason },
    });
  let last = sch.start;
  for (const e of st.events) {
    if (e.ev.time!.getTime() > NOW) continue;
    last = Math.max(last, e.ev.time!.getTime());
    stream.push(e.ev, e.ref);
  }
  a.lastSeen = Math.max(a.lastSeen, last);
  st.t = last;
  stream.pendingSessions.push(sessionRow());
}
