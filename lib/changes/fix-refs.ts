// The commit a fix points at: a `Fixes: <sha>` trailer (kernel style, optionally with the
// subject in parentheses) or git's revert message `This reverts commit <sha>.`. Pure.
import { parseTrailers } from "./trailers";

export type FixRef = { sha: string; method: "fixes_trailer" | "revert" };

const SHA = /\b([0-9a-f]{7,40})\b/i;

export function fixReferences(message: string | null | undefined): FixRef[] {
  if (!message) return [];
  const out: FixRef[] = [];
  const seen = new Set<string>();
  const add = (sha: string, method: FixRef["method"]) => {
    const s = sha.toLowerCase();
    if (seen.has(s)) return;
    seen.add(s);
    out.push({ sha: s, method });
  };
  for (const m of message.matchAll(/This reverts commit ([0-9a-f]{7,40})\b/gi)) add(m[1], "revert");
  for (const t of parseTrailers(message)) {
    if (t.key !== "fixes") continue;
    const m = SHA.exec(t.value);
    // `Fixes: #123` names an issue, not a commit
    if (m && !/^#/.test(t.value)) add(m[1], "fixes_trailer");
  }
  return out;
}
