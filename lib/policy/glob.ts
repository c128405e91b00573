import picomatch from "picomatch";

export type Matcher = (value: string) => boolean;

/**
 * Linear-time wildcard matching: `*` matches any run of characters (slashes and spaces too),
 * `?` one character. The pattern is split at `*` into segments; the first must be a prefix,
 * the last a suffix, the middle ones are found left to right (leftmost is always right for
 * `*`-only patterns, so there is no backtracking). Cost ≤ (pattern length + 1) × value length
 * character comparisons: no regular expression runs on client input (issue 16: the old
 * regex took 7 s on an 11 KB command).
 */
export function wildcardMatch(pattern: string, value: string, opts: { steps?: { n: number }; literalQuestion?: boolean } = {}): boolean {
  return matchSegments(pattern.split("*"), value, opts.literalQuestion ? -1 : 63 /* ? */, opts.steps);
}

/** `seg` at `at` in `value` (`any` matches every character). A module function, not a local arrow: the hot path runs under tsx, whose keepNames makes each local arrow a defineProperty call. */
function segmentAt(value: string, at: number, seg: string, any: number, steps: { n: number } | undefined): boolean {
  for (let k = 0; k < seg.length; k++) {
    if (steps) steps.n++;
    const c = seg.charCodeAt(k);
    if (c !== any && c !== value.charCodeAt(at + k)) return false;
  }
  return true;
}

/** The pattern split at `*` (done once per pattern by `wildcard`), matched as described above. */
function matchSegments(segs: readonly string[], value: string, any: number, steps: { n: number } | undefined): boolean {
  if (segs.length === 1) return segs[0].length === value.length && segmentAt(value, 0, segs[0], any, steps);
  const first = segs[0];
  const last = segs[segs.length - 1];
  if (first.length + last.length > value.length) return false;
  if (!segmentAt(value, 0, first, any, steps) || !segmentAt(value, value.length - last.length, last, any, steps)) return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let s = 1; s < segs.length - 1; s++) {
    const seg = segs[s];
    if (!seg) continue;
    let found = -1;
    for (let i = pos; i + seg.length <= end; i++) {
      if (steps) steps.n++;
      if (segmentAt(value, i, seg, any, steps)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}

/** A wildcard matcher; `nocase` lower-cases both sides (the value once per call). */
export function wildcard(pattern: string, nocase = false): Matcher {
  const p = nocase ? pattern.toLowerCase() : pattern;
  if (p === "*" || p === "**") return () => true;
  if (!/[*?]/.test(p)) return nocase ? (v) => v.toLowerCase() === p : (v) => v === p;
  const segs = p.split("*");
  return nocase ? (v) => matchSegments(segs, v.toLowerCase(), 63, undefined) : (v) => matchSegments(segs, v, 63, undefined);
}

/** Paths longer than this are never matched by a path glob (picomatch compiles to a regex). */
export const MAX_GLOB_PATH = 1024;

/**
 * Path globs — the one path dialect of Gatehouse: policy rules' `resources`, agents' scope
 * `paths` (lib/registry/scope.ts) and security-adjacent paths (lib/changes/security-paths.ts)
 * all compile through here, so a pattern means the same everywhere (lib/policy/dialect.test.ts).
 * picomatch: `*` stays inside one segment, `**` crosses them; a pattern without
 * `/` matches the basename. Case-insensitive (`.ENV` is `.env` on the file systems agents
 * run on). Values are normalised paths (normalise.ts) of at most MAX_GLOB_PATH characters;
 * a value outside the workspace (`/…`, `~/…`, `../…`) is matched with its leading part too, so
 * `**\/.aws/credentials` covers `~/.aws/credentials` and `/home/x/.aws/credentials`.
 */
export function pathGlob(pattern: string): Matcher {
  const m = picomatch(pattern, { dot: true, nocase: true });
  const base = !pattern.includes("/");
  return (v) => {
    if (v.length > MAX_GLOB_PATH) return false;
    if (m(v) || (v.charCodeAt(0) === 47 /* / */ && m(v.slice(1)))) return true;
    return base && m(v.slice(v.lastIndexOf("/") + 1));
  };
}

/**
 * A list of patterns: matches when any positive pattern matches (or there are only negative
 * ones) and no `!negated` pattern does.
 */
export function patternList(patterns: readonly string[], make: (p: string) => Matcher): Matcher {
  const pos: Matcher[] = [];
  const neg: Matcher[] = [];
  for (const p of patterns) {
    if (p.startsWith("!") && p.length > 1) neg.push(make(p.slice(1)));
    else pos.push(make(p));
  }
  return (v) => {
    if (neg.some((n) => n(v))) return false;
    return pos.length === 0 || pos.some((m) => m(v));
  };
}
