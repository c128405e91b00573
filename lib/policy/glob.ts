import picomatch from "picomatch";

export type Matcher = (value: string) => boolean;

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, "\\$&");

/** `*` matches any run of characters (slashes and spaces too), `?` one character. */
export function wildcard(pattern: string): Matcher {
  if (!/[*?]/.test(pattern)) return (v) => v === pattern;
  if (pattern === "*" || pattern === "**") return () => true;
  const re = new RegExp("^" + escapeRe(pattern).replace(/\*+/g, ".*").replace(/\?/g, ".") + "$", "s");
  return (v) => re.test(v);
}

/** Path globs (picomatch): `*` stays inside one segment, `**` crosses them; a pattern without `/` matches the basename. */
export function pathGlob(pattern: string): Matcher {
  const m = picomatch(pattern, { dot: true });
  if (pattern.includes("/")) return (v) => m(v);
  return (v) => m(v) || m(v.slice(v.lastIndexOf("/") + 1));
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
