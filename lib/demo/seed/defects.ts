// Defects linked to changes: escaped (post-merge) defects, weighted towards noisy agents and
// linked by a Fixes: trailer, a revert or explicitly, then pre-merge defects topped up to ~60%.
import * as s from "@/db/schema";
import { DAY, HOUR, MIN, fill } from "./constants";
import { DEFECT_TITLES } from "./data";
import type { Rng } from "./prng";
import type { AgentRec } from "./types";

export type ChangeRow = typeof s.changes.$inferInsert & { _agent?: AgentRec; _noisy?: boolean };

/** Appends defects to `defectRows`; may retitle or amend the body of the fixing changes. `r` is the "changes" generator. */
export function addDefects(r: Rng, now: number, count: number, changes: ChangeRow[], defectRows: (typeof s.defects.$inferInsert)[]) {
  // escaped (post-merge) defects: more for noisy agents; linked by Fixes: trailer, revert or explicitly
  const mergedChanges = changes.filter((c) => c.state === "merged" && c.mergedAt!.getTime() < now - 6 * HOUR);
  const postTarget = Math.round(count * 0.07);
  const weightOfChange = (c: (typeof changes)[number]) => (c._noisy ? 6 : c.authorKind === "agent" ? 1.25 : 1);
  const wTotal = mergedChanges.reduce((x, c) => x + weightOfChange(c), 0);
  const used = new Set<string>();
  for (let k = 0; k < postTarget && mergedChanges.length; k++) {
    let x = r.next() * wTotal;
    const c = mergedChanges.find((y) => (x -= weightOfChange(y)) < 0) ?? mergedChanges[0];
    if (used.has(c.id!) && r.chance(0.7)) continue;
    used.add(c.id!);
    const detectedAt = Math.min(now - 10 * MIN, c.mergedAt!.getTime() + r.logNormal(2 * DAY, 1));
    const method = r.weighted([
      ["fixes_trailer", 50],
      ["revert", 20],
      ["explicit", 30],
    ] as const);
    // the fix is a merged change: an open one listed the escaped defect as if it were its own
    const fix = changes.find((y) => y.repository === c.repository && y.state === "merged" && y.createdAt!.getTime() > detectedAt && y.id !== c.id);
    if (fix && method === "revert") fix.title = `Revert "${c.title}"`;
    defectRows.push({
      id: r.uuid(),
      repository: c.repository,
      title: fill(r.pick(DEFECT_TITLES), c.title.split(" ").slice(-1)[0]),
      severity: r.weighted([
        ["low", 25],
        ["medium", 45],
        ["high", 24],
        ["critical", 6],
      ] as const),
      found: "post_merge",
      detectedAt: new Date(detectedAt),
      url:
        method === "explicit"
          ? `https://acme.pagerduty.test/incidents/P${r.hex(6).toUpperCase()}`
          : `https://github.com/${c.repository}/issues/${r.int(300, 2000)}`,
      introducedSha: c.mergeSha ?? c.headSha ?? null,
      introducedChangeId: c.id!,
      linkMethod: method,
      fixedSha: fix?.mergeSha ?? fix?.headSha ?? null,
      fixedPullRequest: fix?.number ?? null,
      fixedChangeId: fix?.id ?? null,
      createdAt: new Date(detectedAt),
    });
    if (fix && method === "fixes_trailer") {
      fix.body = `${fix.body ?? ""}\n\nFixes: ${c.mergeSha?.slice(0, 12)} ("${c.title}")`;
    }
  }
  // top up pre-merge defects to a plausible share (~60% of defects found before merge)
  const preTarget = Math.round(postTarget * 1.4);
  const preNow = defectRows.filter((d) => d.found === "pre_merge").length;
  for (let k = preNow; k < preTarget; k++) {
    const c = r.pick(changes);
    const detectedAt = Math.min(now - MIN, c.createdAt!.getTime() + r.int(20, 240) * MIN);
    defectRows.push({
      id: r.uuid(),
      repository: c.repository,
      title: fill(r.pick(DEFECT_TITLES), c.title.split(" ").slice(-1)[0]),
      severity: r.weighted([
        ["low", 35],
        ["medium", 45],
        ["high", 17],
        ["critical", 3],
      ] as const),
      found: "pre_merge",
      detectedAt: new Date(detectedAt),
      url: `${c.url}#pullrequestreview-${r.int(1e8, 9e8)}`,
      introducedSha: c.headSha ?? null,
      introducedChangeId: c.id!,
      linkMethod: "explicit",
      createdAt: new Date(detectedAt),
    });
  }
}
