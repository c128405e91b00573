// Defects → the change that introduced them: explicit `introduced_by`, else the fix commit's
// `Fixes: <sha>` trailer or revert message (the fix is looked up among known commits by sha,
// or by its pull request's commits).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { changeCommits, defects, type Change, type Defect } from "@/db/schema";
import { recomputeKpiDays } from "@/lib/kpis/rollup";
import { fixReferences } from "./fix-refs";
import { findChangeByCommit, findChangeByPr, findCommitMessage } from "./lookup";
import type { DefectInput } from "./schemas";

export type LinkMethod = "explicit" | "fixes_trailer" | "revert" | "unlinked";

async function fixMessages(tx: Db, input: DefectInput, fixChange?: Change): Promise<string[]> {
  const out: string[] = [];
  if (input.fixed_by?.commit_sha) {
    const m = await findCommitMessage(tx, input.repository, input.fixed_by.commit_sha);
    if (m) out.push(m);
  }
  if (fixChange) {
    const rows = await tx.select({ message: changeCommits.message }).from(changeCommits).where(eq(changeCommits.changeId, fixChange.id)).limit(100);
    out.push(...rows.map((r) => r.message));
    // a revert PR carries git's message in its body too
    if (fixChange.body) out.push(fixChange.body);
  }
  return out;
}

export async function recordDefect(tx: Db, input: DefectInput): Promise<{ defect: Defect; introduced?: Change }> {
  let introduced: Change | undefined;
  let introducedSha: string | null = null;
  let method: LinkMethod = "unlinked";
  let fixChange: Change | undefined;
  if (input.fixed_by?.pull_request) fixChange = await findChangeByPr(tx, input.repository, input.fixed_by.pull_request);
  if (!fixChange && input.fixed_by?.commit_sha) fixChange = await findChangeByCommit(tx, input.repository, input.fixed_by.commit_sha);

  if (input.introduced_by?.commit_sha) {
    introducedSha = input.introduced_by.commit_sha.toLowerCase();
    introduced = await findChangeByCommit(tx, input.repository, introducedSha);
    method = "explicit";
  } else {
    for (const msg of await fixMessages(tx, input, fixChange)) {
      for (const ref of fixReferences(msg)) {
        const c = await findChangeByCommit(tx, input.repository, ref.sha);
        introducedSha ??= ref.sha;
        if (c && c.id !== fixChange?.id) {
          introduced = c;
          introducedSha = ref.sha;
          method = ref.method;
          break;
        }
        if (method === "unlinked") method = ref.method;
      }
      if (introduced) break;
    }
  }
  const [defect] = await tx
    .insert(defects)
    .values({
      repository: input.repository,
      title: input.title,
      severity: input.severity,
      found: input.found,
      detectedAt: input.detected_at ? new Date(input.detected_at) : new Date(),
      url: input.url ?? null,
      introducedSha,
      introducedChangeId: introduced?.id ?? null,
      linkMethod: method,
      fixedSha: input.fixed_by?.commit_sha?.toLowerCase() ?? null,
      fixedPullRequest: input.fixed_by?.pull_request ?? null,
      fixedChangeId: fixChange?.id ?? null,
    })
    .returning();
  if (introduced) await recomputeKpiDays(tx, [introduced.createdAt, introduced.mergedAt]);
  return { defect, introduced };
}
