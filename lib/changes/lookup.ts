// Finding the change a commit or pull request belongs to.
import { and, eq, like, or, type AnyColumn } from "drizzle-orm";
import type { Db } from "@/db/client";
import { changeCommits, changes, type Change } from "@/db/schema";

export async function findChangeByPr(db: Db, repository: string, number: number): Promise<Change | undefined> {
  const [c] = await db
    .select()
    .from(changes)
    .where(and(eq(changes.repository, repository), eq(changes.number, number)))
    .limit(1);
  return c;
}

/** By full or abbreviated sha: a commit of the change, its head or its merge commit. */
export async function findChangeByCommit(db: Db, repository: string, sha: string): Promise<Change | undefined> {
  const s = sha.toLowerCase();
  if (s.length >= 40) {
    const [viaCommit] = await db
      .select({ c: changes })
      .from(changeCommits)
      .innerJoin(changes, eq(changes.id, changeCommits.changeId))
      .where(and(eq(changeCommits.repository, repository), eq(changeCommits.sha, s)))
      .limit(1);
    if (viaCommit) return viaCommit.c;
    const [direct] = await db
      .select()
      .from(changes)
      .where(and(eq(changes.repository, repository), or(eq(changes.headSha, s), eq(changes.mergeSha, s))))
      .limit(1);
    return direct;
  }
  // abbreviated sha (from a `Fixes:` trailer or a report): prefix match on the commit list
  const [viaPrefix] = await db
    .select({ c: changes })
    .from(changeCommits)
    .innerJoin(changes, eq(changes.id, changeCommits.changeId))
    .where(and(eq(changeCommits.repository, repository), sqlLike(changeCommits.sha, s)))
    .limit(1);
  if (viaPrefix) return viaPrefix.c;
  const [direct] = await db
    .select()
    .from(changes)
    .where(and(eq(changes.repository, repository), or(sqlLike(changes.headSha, s), sqlLike(changes.mergeSha, s))))
    .limit(1);
  return direct;
}

function sqlLike(col: AnyColumn, prefix: string) {
  return like(col, prefix.replace(/[%_\\]/g, "") + "%");
}

export async function findCommitMessage(db: Db, repository: string, sha: string): Promise<string | undefined> {
  const [row] = await db
    .select({ message: changeCommits.message })
    .from(changeCommits)
    .where(
      and(
        eq(changeCommits.repository, repository),
        sha.length >= 40 ? eq(changeCommits.sha, sha.toLowerCase()) : sqlLike(changeCommits.sha, sha.toLowerCase()),
      ),
    )
    .limit(1);
  return row?.message;
}
