// Git trailer parsing (`git interpret-trailers` rules, simplified). Pure.
// A trailer block is the last paragraph of a message (never the subject) whose lines are
// `Key: value` trailers or indented continuation lines. Like git, a block that mixes in other
// lines still counts when at least a quarter of its lines are trailers and one of them is a
// well-known git trailer (Signed-off-by, Co-authored-by, …).

export interface Trailer {
  /** lower-cased key, e.g. "co-authored-by" */
  key: string;
  /** key as written */
  rawKey: string;
  value: string;
}

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/;
const KNOWN = new Set(["signed-off-by", "co-authored-by", "reviewed-by", "acked-by", "cherry-picked-from", "helped-by"]);

function paragraphs(message: string): string[][] {
  const lines = message.replace(/\r\n?/g, "\n").split("\n");
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    // a comment line (#) never ends up in a commit message; ignore it like git does
    if (/^#/.test(l)) continue;
    if (l.trim() === "") {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

export function parseTrailers(message: string | null | undefined): Trailer[] {
  if (!message) return [];
  const paras = paragraphs(message);
  // the first paragraph is the subject: it is never a trailer block
  if (paras.length < 2) return [];
  const block = paras[paras.length - 1];
  const trailers: Trailer[] = [];
  let other = 0;
  let known = false;
  for (const line of block) {
    if (/^[ \t]/.test(line) && trailers.length) {
      trailers[trailers.length - 1].value += " " + line.trim();
      continue;
    }
    const m = TRAILER_LINE.exec(line);
    if (m && m[2].trim() !== "") {
      const key = m[1].toLowerCase();
      if (KNOWN.has(key)) known = true;
      trailers.push({ key, rawKey: m[1], value: m[2].trim() });
    } else other++;
  }
  if (trailers.length === 0) return [];
  if (other > 0 && !(known && trailers.length * 4 >= trailers.length + other)) return [];
  return trailers;
}

export interface Ident {
  name: string;
  email: string | null;
}

/** "Jane Doe <jane@acme.com>" → {name, email}; a bare name has no email. */
export function parseIdent(value: string): Ident {
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(value);
  if (!m) return { name: value.trim(), email: null };
  return { name: m[1].trim().replace(/^"|"$/g, ""), email: m[2].trim().toLowerCase() || null };
}
