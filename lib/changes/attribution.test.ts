import { describe, expect, it } from "vitest";
import { attribute, type CommitInput } from "./attribution";
import { parseTrailers } from "./trailers";

const commit = (message: string, extra: Partial<CommitInput> = {}): CommitInput => ({
  sha: "a".repeat(40),
  message,
  authorLogin: "jdoe",
  authorName: "Jane Doe",
  authorEmail: "jane@acme.com",
  ...extra,
});

describe("parseTrailers", () => {
  it("reads the last paragraph with case-insensitive keys and continuation lines", () => {
    const t = parseTrailers("Fix bug\n\nBody text.\n\nSigned-off-by: A <a@x.io>\nCO-AUTHORED-BY: Claude\n  <noreply@anthropic.com>");
    expect(t.map((x) => x.key)).toEqual(["signed-off-by", "co-authored-by"]);
    expect(t[1].value).toBe("Claude <noreply@anthropic.com>");
  });
  it("never treats the subject as a trailer block", () => {
    expect(parseTrailers("Co-authored-by: Claude <noreply@anthropic.com>")).toEqual([]);
  });
  it("ignores a trailer-looking line in the middle of the body", () => {
    expect(parseTrailers("Subject\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\nThanks all.")).toEqual([]);
  });
  it("rejects a last paragraph of prose with one colon line", () => {
    expect(parseTrailers("Subject\n\nNote: this is prose\nand more prose here\nand still more")).toEqual([]);
  });
  it("handles CRLF", () => {
    expect(parseTrailers("Subject\r\n\r\nGenerated-by: Codex\r\n")).toHaveLength(1);
  });
});

describe("attribute", () => {
  it("a recorded Gatehouse session wins over everything", () => {
    const a = attribute({
      session: { sessionId: "s-1", agentId: "00000000-0000-0000-0000-000000000001", agentSlug: "payments-bot", sha: "abc" },
      commits: [commit("Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>")],
    });
    expect(a).toMatchObject({ authorKind: "agent", agentLabel: "payments-bot", confidence: 1, sessionId: "s-1" });
    expect(a.evidence[0].source).toBe("session");
    expect(a.evidence.some((e) => e.source === "trailer")).toBe(true);
  });

  it.each([
    ["copilot-swe-agent", "GitHub Copilot coding agent"],
    ["Copilot", "GitHub Copilot coding agent"],
    ["devin-ai-integration[bot]", "Devin"],
    ["cursor[bot]", "Cursor Agent"],
    ["claude[bot]", "Claude Code"],
    ["chatgpt-codex-connector[bot]", "OpenAI Codex"],
    ["google-labs-jules[bot]", "Google Jules"],
  ])("bot PR author %s → %s", (login, label) => {
    const a = attribute({ authorLogin: login, commits: [] });
    expect(a.authorKind).toBe("agent");
    expect(a.agentLabel).toBe(label);
    expect(a.evidence[0].source).toBe("bot_author");
    expect(a.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it("bot commit author and committer", () => {
    const a = attribute({
      authorLogin: "jdoe",
      commits: [commit("Add x", { authorLogin: "devin-ai-integration[bot]", committerName: "GitHub", committerEmail: "noreply@github.com" })],
    });
    expect(a.agentLabel).toBe("Devin");
    const b = attribute({ commits: [commit("Add x", { committerLogin: "copilot-swe-agent[bot]" })] });
    expect(b.agentLabel).toBe("GitHub Copilot coding agent");
    expect(b.evidence[0].source).toBe("bot_committer");
  });

  it.each([
    ["Co-authored-by: Claude <noreply@anthropic.com>", "Claude Code"],
    ["Co-Authored-By: Claude <noreply@anthropic.com>", "Claude Code"],
    ["co-authored-by: Claude Opus 4.1 <noreply@anthropic.com>", "Claude Code"],
    ["Co-authored-by: Cursor Agent <cursoragent@cursor.com>", "Cursor Agent"],
    ["Co-authored-by: devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>", "Devin"],
    ["Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>", "GitHub Copilot coding agent"],
    ["Assisted-by: Claude Code:claude-opus-4-1", "Claude Code"],
    ["Generated-by: OpenAI Codex", "OpenAI Codex"],
    ["Generated-by: aider 0.86", "Aider"],
    ["ASSISTED-BY: cursor", "Cursor Agent"],
  ])("trailer %s → %s", (trailer, label) => {
    const a = attribute({ authorLogin: "jdoe", commits: [commit(`Fix the parser\n\nLonger explanation.\n\n${trailer}`)] });
    expect(a.authorKind).toBe("agent");
    expect(a.agentLabel).toBe(label);
    expect(a.evidence[0].source).toBe("trailer");
  });

  it("Claude Code's real commit footer (emoji line + trailer) attributes to Claude Code", () => {
    const msg = "Add retries\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>";
    expect(attribute({ commits: [commit(msg)] }).agentLabel).toBe("Claude Code");
  });

  it("an unknown tool in Generated-by is an (unregistered) agent with its own identifier", () => {
    const a = attribute({ commits: [commit("Refactor\n\nGenerated-by: AcmeBot 3000")] });
    expect(a).toMatchObject({ authorKind: "agent", agentLabel: "AcmeBot 3000", agentIdentifier: "acmebot-3000", agentKind: "custom" });
  });

  it.each([
    "Co-authored-by: Jane Doe <jane@acme.com>",
    "Co-authored-by: Claude Monet <claude.monet@acme.com>",
    "Co-authored-by: Cursor Smith <csmith@gmail.com>",
    "Signed-off-by: Bob <bob@acme.com>\nReviewed-by: Alice <alice@acme.com>",
    "Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
  ])("no false positive for human co-authors: %s", (trailer) => {
    const a = attribute({ authorLogin: "jdoe", commits: [commit(`Tweak\n\n${trailer}`)] });
    expect(a.authorKind).toBe("human");
    expect(a.agentLabel).toBeNull();
  });

  it("a mention of Claude in the body text is not a trailer", () => {
    const a = attribute({ commits: [commit("Tweak\n\nAsked Claude for ideas: none were good.\nWrote it by hand.")] });
    expect(a.authorKind).toBe("human");
  });

  it("dependabot and renovate are automation, not coding agents", () => {
    expect(attribute({ authorLogin: "dependabot[bot]", commits: [] }).authorKind).toBe("human");
    expect(attribute({ authorLogin: "renovate[bot]", commits: [] }).authorKind).toBe("human");
  });

  it.each([
    ["## Summary\n- x\n\n🤖 Generated with [Claude Code](https://claude.ai/code)", "Claude Code"],
    ["Generated with Claude Code", "Claude Code"],
    ["Codex task: https://chatgpt.com/codex/tasks/task_e_68a", "OpenAI Codex"],
    ["Link to Devin run: https://app.devin.ai/sessions/abc\nRequested by: Jane", "Devin"],
    ['<a href="https://cursor.com/background-agent?bcId=bc-1">Open in Cursor</a>', "Cursor Agent"],
  ])("PR body footer → %s", (body, label) => {
    const a = attribute({ authorLogin: "jdoe", prBody: body, commits: [commit("x")] });
    expect(a.authorKind).toBe("agent");
    expect(a.agentLabel).toBe(label);
    expect(a.evidence[0].source).toBe("pr_body");
  });

  it("order: bot author beats trailer beats body; agreement raises confidence", () => {
    const a = attribute({
      authorLogin: "devin-ai-integration[bot]",
      prBody: "Generated with Claude Code",
      commits: [commit("x\n\nCo-authored-by: Claude <noreply@anthropic.com>")],
    });
    expect(a.agentLabel).toBe("Devin");
    expect(a.evidence.map((e) => e.source)).toEqual(["bot_author", "trailer", "pr_body"]);
    const one = attribute({ commits: [commit("x\n\nCo-authored-by: Claude <noreply@anthropic.com>")] });
    const two = attribute({ prBody: "Generated with Claude Code", commits: [commit("x\n\nCo-authored-by: Claude <noreply@anthropic.com>")] });
    expect(two.confidence).toBeGreaterThan(one.confidence);
  });

  it("human with no evidence says so, with lower confidence when commits are unknown", () => {
    const known = attribute({ authorLogin: "jdoe", commits: [commit("x")] });
    const unknown = attribute({ authorLogin: "jdoe" });
    expect(known.authorKind).toBe("human");
    expect(known.evidence[0].source).toBe("none");
    expect(unknown.confidence).toBeLessThan(known.confidence);
  });
});
