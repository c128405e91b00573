// One actor type (issue 18). The constructors give the audit trail the actor columns it always
// had, and a scan of lib/, app/ and components/ (as the authz matrix scans routes) fails when a
// second actor shape appears: a type named like an actor, an inline actor parameter, a union of
// actor kinds, or audit actor columns set by hand instead of through auditActor.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { walk } from "@/lib/security/route-files";
import { auditActor, machineActor, operatorActor, personActor } from "./actor";

const ROOT = path.resolve(import.meta.dirname, "../..");
const HOME = "lib/auth/actor.ts";

/** Files allowed to set the audit actor columns by hand, and why. */
const SETS_ACTOR_COLUMNS: Record<string, string> = {
  "lib/audit/record.ts": "the audit writer: maps an AuditInput (built with auditActor) to its row",
  "lib/audit/verify.ts": "decodes stored rows to re-hash them",
  "lib/demo/seed/session-actions.ts": "fabricated history: a cancellation attributed to whoever suspended the agent, possibly nobody",
};

function sources(): { file: string; text: string }[] {
  return ["lib", "app", "components"]
    .flatMap((d) => walk(path.join(ROOT, d), (f) => /\.tsx?$/.test(f) && !/\.test\.ts$/.test(f)))
    .map((p) => ({ file: path.relative(ROOT, p).split(path.sep).join("/"), text: fs.readFileSync(p, "utf8") }));
}

function hits(re: RegExp, allowed: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const { file, text } of sources()) {
    if (allowed(file)) continue;
    text.split("\n").forEach((line, i) => {
      if (re.test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

describe("the one actor type", () => {
  it("gives the audit trail the actor columns each kind of actor always had", () => {
    const u = { id: "5b0c3c1e-8d47-4b8e-9a61-0d2b8f1f4a10", email: "ann@acme.test" };
    expect(auditActor(personActor(u))).toEqual({ actorKind: "human", actorUserId: u.id, actorLabel: "ann@acme.test" });
    expect(personActor(u)).toEqual({ kind: "human", userId: u.id, email: "ann@acme.test", label: "ann@acme.test" });
    // a machine caller: integration and agent tokens (registry, policy, audit export), budgets
    expect(auditActor(machineActor("integration:ci (gh_int_ab12)"))).toEqual({
      actorKind: "system",
      actorUserId: null,
      actorLabel: "integration:ci (gh_int_ab12)",
    });
    // the operator CLI (`gatehouse token create`) was recorded as a person without an account
    expect(auditActor(operatorActor("cli"))).toEqual({ actorKind: "human", actorUserId: null, actorLabel: "cli" });
  });

  it("the scan reads the tree (a scan that found no source would prove nothing)", () => {
    const files = sources().map((s) => s.file);
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain(HOME);
    expect(files).toContain("lib/approvals/queries.ts");
    expect(hits(/\bauditActor\(/, (f) => f === HOME).length).toBeGreaterThan(15);
  });

  it("no other type is named like an actor (TriageActor, Decider, PolicyAuthor, AuditReader were six shapes)", () => {
    expect(hits(/\b(interface|type)\s+\w*(Actor|Decider|Author|Reader|Requester)\b\s*(<[^>]*>)?\s*(=|\{|extends)/, (f) => f === HOME)).toEqual([]);
  });

  it("no parameter named for who acted takes an inline actor shape (an id with an email or label) instead of Actor", () => {
    // `who: { id: string }` (whose queue is this?) names a viewer, not an actor: allowed
    expect(hits(/\b(actor|who|by|author|reader|decider|requester|person)\??:\s*\{[^{}]*\b(email|label)\??:/, (f) => f === HOME)).toEqual([]);
  });

  it("no second union of actor kinds", () => {
    expect(hits(/\bkind\??:\s*"(human|system)"\s*\|\s*"(human|system)"/, (f) => f === HOME)).toEqual([]);
  });

  it("the audit actor columns come from auditActor, not set by hand", () => {
    expect(hits(/\bactorUserId\??\s*:|\bactorKind\s*:\s*"human"/, (f) => f === HOME || f in SETS_ACTOR_COLUMNS)).toEqual([]);
    for (const [file, why] of Object.entries(SETS_ACTOR_COLUMNS)) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(why.length).toBeGreaterThan(10);
    }
  });
});
