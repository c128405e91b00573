// Policy history: version 1 (the default policy) before the event window, version 2 (dry-run
// rules) three weeks ago, with their rules and the matching policy.change audit events.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { compilePolicy, type CompiledPolicy } from "@/lib/policy/compile";
import { lineDiff } from "@/lib/policy/diff";
import type { PolicyDocument } from "@/lib/policy/types";
import { policyToYaml } from "@/lib/policy/yaml";
import { DAY, humanAct } from "./constants";
import { insertMany } from "./insert";
import { DEFAULT_POLICY_DOCUMENT, POLICY_V2_DOCUMENT } from "./policy";
import type { Rng } from "./prng";
import type { UserRec } from "./types";

export interface PolicyHistory {
  policyAuthor: UserRec;
  v1At: Date;
  v2At: Date;
  v2Diff: ReturnType<typeof lineDiff>;
  policyRuleRows: (typeof s.policyRules.$inferInsert)[];
  /** the policy in force at time t */
  policyAt: (t: number) => CompiledPolicy;
}

/** `rng` is the root generator (ids are drawn from it directly). */
export async function seedPolicyVersions(db: Db, rng: Rng, NOW: number, windowStart: number, admins: UserRec[]): Promise<PolicyHistory> {
  const policyAuthor = admins[0];
  const v1At = new Date(windowStart - 3 * DAY);
  const v2At = new Date(NOW - 21 * DAY);
  const v2Diff = lineDiff(policyToYaml(DEFAULT_POLICY_DOCUMENT), policyToYaml(POLICY_V2_DOCUMENT));
  await insertMany(db, s.policyVersions, [
    {
      id: rng.uuid(),
      version: 1,
      document: DEFAULT_POLICY_DOCUMENT,
      authorId: policyAuthor.id,
      authorLabel: policyAuthor.email,
      comment: "Initial policy: read/test free, merges, dependencies, CI, migrations, infra and production gated, secrets and access control forbidden",
      diff: lineDiff("", policyToYaml(DEFAULT_POLICY_DOCUMENT)),
      createdAt: v1At,
    },
    {
      id: rng.uuid(),
      version: 2,
      document: POLICY_V2_DOCUMENT,
      authorId: policyAuthor.id,
      authorLabel: policyAuthor.email,
      comment: "Dry-run: forbid force pushes, gate recursive deletes; production and migrations need two named approvers",
      diff: v2Diff,
      createdAt: v2At,
    },
  ]);
  const ruleRows = (version: number, doc: PolicyDocument) =>
    doc.rules.map((x) => ({
      id: rng.uuid(),
      policyVersion: version,
      ruleId: x.id,
      description: x.description ?? null,
      tier: x.tier,
      mode: x.mode,
      priority: x.priority,
      enabled: x.enabled,
      match: x.match,
    }));
  const policyRuleRows = [...ruleRows(1, DEFAULT_POLICY_DOCUMENT), ...ruleRows(2, POLICY_V2_DOCUMENT)];
  await insertMany(db, s.policyRules, policyRuleRows);
  const compiled: [number, CompiledPolicy][] = [
    [v2At.getTime(), compilePolicy(POLICY_V2_DOCUMENT, "2")],
    [0, compilePolicy(DEFAULT_POLICY_DOCUMENT, "1")],
  ];
  const policyAt = (t: number) => compiled.find(([from]) => t >= from)![1];
  return { policyAuthor, v1At, v2At, v2Diff, policyRuleRows, policyAt };
}

/** The policy.change audit events of both versions, oldest first. */
export function policyChangeEvents(p: PolicyHistory): AuditInput[] {
  const { policyAuthor, v1At, v2At, v2Diff } = p;
  return [
    {
      ...humanAct(policyAuthor),
      type: "policy.change",
      policyVersion: "1",
      outcome: "success",
      time: v1At,
      payload: { version: 1, previous: null, comment: "Initial policy", rules: DEFAULT_POLICY_DOCUMENT.rules.length },
    },
    {
      ...humanAct(policyAuthor),
      type: "policy.change",
      policyVersion: "2",
      outcome: "success",
      time: v2At,
      payload: {
        version: 2,
        previous: 1,
        comment: "Dry-run: forbid force pushes, gate recursive deletes; production and migrations need two named approvers",
        rules: POLICY_V2_DOCUMENT.rules.length,
        diff: v2Diff,
      },
    },
  ];
}
