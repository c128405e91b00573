// Agent vs human attribution of a change. Pure: callers pass everything in (the recorded
// session, the PR author, the commits and the PR body). Sources are tried in order of
// strength; the first that names an agent decides, and every source's findings are kept as
// evidence so a reviewer can see why.
import { agentByFooter, agentByIdent, agentByLogin, agentByName, type AgentKind, type KnownAgent } from "./known-agents";
import { parseIdent, parseTrailers } from "./trailers";

export type AuthorKind = "agent" | "human";

export interface CommitInput {
  sha: string;
  message: string;
  authorLogin?: string | null;
  authorName?: string | null;
  authorEmail?: string | null;
  committerLogin?: string | null;
  committerName?: string | null;
  committerEmail?: string | null;
}

export interface SessionInput {
  sessionId: string;
  agentId?: string | null;
  agentSlug?: string | null;
  /** the commit the session recorded, when known */
  sha?: string | null;
}

export interface AttributionInput {
  session?: SessionInput | null;
  /** PR author (or pusher for direct pushes) */
  authorLogin?: string | null;
  authorType?: string | null;
  commits?: CommitInput[];
  prBody?: string | null;
}

export type EvidenceSource = "session" | "bot_author" | "bot_committer" | "commit_identity" | "trailer" | "pr_body" | "none";

export interface Evidence {
  source: EvidenceSource;
  detail: string;
  sha?: string;
  agent?: string;
}

export interface Attribution {
  authorKind: AuthorKind;
  /** human-readable agent name, e.g. "Claude Code" */
  agentLabel: string | null;
  /** stable identifier (known-agent id, or the registered agent's slug) */
  agentIdentifier: string | null;
  agentKind: AgentKind | null;
  /** registered Gatehouse agent, when a recorded session proves it */
  agentId: string | null;
  sessionId: string | null;
  confidence: number;
  evidence: Evidence[];
}

const CONFIDENCE: Record<EvidenceSource, number> = {
  session: 1,
  bot_author: 0.95,
  bot_committer: 0.9,
  commit_identity: 0.9,
  trailer: 0.85,
  pr_body: 0.75,
  none: 0.6,
};

// Trailer keys that declare AI involvement by themselves (the value names the tool).
const DECLARING_KEYS = new Set(["assisted-by", "generated-by", "ai-assisted-by", "ai-generated-by", "co-developed-by"]);
const COAUTHOR_KEYS = new Set(["co-authored-by", "co-developed-by"]);

interface Hit {
  source: EvidenceSource;
  agent: KnownAgent | null;
  /** label for an agent we do not know (free-form Generated-by value) */
  label: string;
  identifier: string;
  detail: string;
  sha?: string;
}

function slugify(s: string) {
  return (
    s
      .toLowerCase()
      .replace(/<[^>]*>/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "unknown-agent"
  );
}

function known(source: EvidenceSource, agent: KnownAgent, detail: string, sha?: string): Hit {
  return { source, agent, label: agent.label, identifier: agent.id, detail, sha };
}

function trailerHits(c: CommitInput): Hit[] {
  const hits: Hit[] = [];
  for (const t of parseTrailers(c.message)) {
    const ident = parseIdent(t.value);
    if (COAUTHOR_KEYS.has(t.key)) {
      const a = agentByIdent(ident.name, ident.email);
      // an ordinary human co-author is no evidence either way
      if (a) hits.push(known("trailer", a, `${t.rawKey}: ${t.value}`, c.sha));
      continue;
    }
    if (DECLARING_KEYS.has(t.key)) {
      // "Assisted-by: Claude Code:claude-opus-4" (kernel style AGENT:MODEL) → tool part first
      const tool = ident.name.split(/[:/]/)[0].trim();
      const a = agentByIdent(tool, ident.email) ?? agentByName(tool);
      if (a) hits.push(known("trailer", a, `${t.rawKey}: ${t.value}`, c.sha));
      else if (tool)
        hits.push({ source: "trailer", agent: null, label: tool.slice(0, 80), identifier: slugify(tool), detail: `${t.rawKey}: ${t.value}`, sha: c.sha });
    }
  }
  return hits;
}

function identityHits(c: CommitInput): Hit[] {
  const hits: Hit[] = [];
  const a = agentByLogin(c.authorLogin);
  if (a) hits.push(known("bot_author", a, `commit author is ${c.authorLogin}`, c.sha));
  else {
    const ai = agentByIdent(c.authorName, c.authorEmail);
    if (ai) hits.push(known("commit_identity", ai, `commit author ${c.authorName ?? ""} <${c.authorEmail ?? ""}>`.trim(), c.sha));
  }
  const cm = agentByLogin(c.committerLogin) ?? agentByIdent(c.committerName, c.committerEmail);
  if (cm) hits.push(known("bot_committer", cm, `committer is ${c.committerLogin ?? `${c.committerName ?? ""} <${c.committerEmail ?? ""}>`}`, c.sha));
  return hits;
}

export function attribute(input: AttributionInput): Attribution {
  const commits = input.commits ?? [];
  const hits: Hit[] = [];
  const prAuthor = agentByLogin(input.authorLogin);
  if (prAuthor) hits.push(known("bot_author", prAuthor, `pull request opened by ${input.authorLogin}`));
  for (const c of commits) hits.push(...identityHits(c));
  for (const c of commits) hits.push(...trailerHits(c));
  const footer = agentByFooter(input.prBody);
  if (footer) hits.push(known("pr_body", footer.agent, `PR body: “${footer.match}”`));

  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const push = (e: Evidence) => {
    const k = `${e.source}|${e.detail}|${e.sha ?? ""}`;
    if (seen.has(k) || evidence.length >= 20) return;
    seen.add(k);
    evidence.push(e);
  };

  const s = input.session;
  if (s) {
    push({
      source: "session",
      detail: `Gatehouse session ${s.sessionId} of ${s.agentSlug ?? "an agent"} recorded ${s.sha ? `commit ${s.sha.slice(0, 12)}` : "this change"}`,
      sha: s.sha ?? undefined,
      agent: s.agentSlug ?? undefined,
    });
  }
  const order: EvidenceSource[] = ["bot_author", "bot_committer", "commit_identity", "trailer", "pr_body"];
  hits.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  for (const h of hits) push({ source: h.source, detail: h.detail, sha: h.sha, agent: h.label });

  if (s) {
    const matched = hits[0]?.agent ?? null;
    return {
      authorKind: "agent",
      agentLabel: s.agentSlug ?? matched?.label ?? "Gatehouse agent",
      agentIdentifier: s.agentSlug ?? matched?.id ?? null,
      agentKind: matched?.kind ?? null,
      agentId: s.agentId ?? null,
      sessionId: s.sessionId,
      confidence: CONFIDENCE.session,
      evidence,
    };
  }
  const top = hits[0];
  if (top) {
    // agreement between independent sources raises confidence a little
    const agreeing = new Set(hits.filter((h) => h.identifier === top.identifier).map((h) => h.source)).size;
    const confidence = Math.min(0.99, CONFIDENCE[top.source] + 0.03 * (agreeing - 1));
    return {
      authorKind: "agent",
      agentLabel: top.label,
      agentIdentifier: top.identifier,
      agentKind: top.agent?.kind ?? "custom",
      agentId: null,
      sessionId: null,
      confidence: Math.round(confidence * 100) / 100,
      evidence,
    };
  }
  push({
    source: "none",
    detail: commits.length
      ? `no agent session, bot identity, AI trailer or PR footer in ${commits.length} commit(s)`
      : "no agent session, bot identity or PR footer (commits not known)",
  });
  return {
    authorKind: "human",
    agentLabel: null,
    agentIdentifier: null,
    agentKind: null,
    agentId: null,
    sessionId: null,
    confidence: commits.length ? 0.8 : CONFIDENCE.none,
    evidence,
  };
}
