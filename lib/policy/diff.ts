/**
 * A unified-style line diff (LCS) of two policy files, for the versions list. Policies are a
 * few hundred lines, so the O(n·m) table is fine.
 */
export function lineDiff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return `- (${n} lines)\n+ (${m} lines)`;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  while (i < n) out.push(`- ${a[i++]}`);
  while (j < m) out.push(`+ ${b[j++]}`);
  return compact(out);
}

// Keep changed lines with two lines of context; elide the rest.
function compact(lines: string[]): string {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, k) => {
    if (l[0] !== " ") for (let d = -2; d <= 2; d++) if (k + d >= 0 && k + d < lines.length) keep[k + d] = 1;
  });
  const out: string[] = [];
  let skipped = false;
  lines.forEach((l, k) => {
    if (keep[k]) {
      out.push(l);
      skipped = false;
    } else if (!skipped) {
      out.push("  …");
      skipped = true;
    }
  });
  return out.join("\n");
}
