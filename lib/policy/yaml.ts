import YAML from "yaml";
import { policyDocumentSchema, type PolicyDocument } from "./types";

export interface PolicyIssue {
  /** e.g. `rules[3].match.tools` */
  path: string;
  message: string;
  /** the rule's id when the issue is inside a rule */
  ruleId?: string;
  line?: number;
}

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(document)";
}

/** Validates a JSON/object document; every issue names the rule (index and id) it is in. */
export function validatePolicy(raw: unknown): ParseResult {
  const parsed = policyDocumentSchema.safeParse(raw);
  if (parsed.success) return { ok: true, document: parsed.data };
  const rules = (raw as { rules?: unknown[] } | null)?.rules;
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const idx = i.path[0] === "rules" && typeof i.path[1] === "number" ? i.path[1] : undefined;
      const rid = idx !== undefined && Array.isArray(rules) ? (rules[idx] as { id?: unknown } | undefined)?.id : undefined;
      return { path: formatPath(i.path), message: i.message, ...(typeof rid === "string" ? { ruleId: rid } : {}) };
    }),
  };
}

/** Parses the policy file (YAML, JSON is YAML too); syntax errors carry their line. */
export function parsePolicyYaml(text: string): ParseResult {
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      // linePos is only filled in with prettyErrors; pos (the offset) always is
      issues: doc.errors.map((e) => ({ path: "(syntax)", message: e.message.split("\n")[0], line: e.linePos?.[0]?.line ?? lineOf(text, e.pos[0]) })),
    };
  }
  let raw: unknown;
  try {
    // an alias to an anchor that does not exist (`*x`), or an alias bomb past yaml's
    // maxAliasCount, throws here (a 500 from the policy editor; lib/security fuzzing)
    raw = doc.toJS();
  } catch (e) {
    return { ok: false, issues: [{ path: "(syntax)", message: e instanceof Error ? e.message.split("\n")[0] : String(e) }] };
  }
  const result = validatePolicy(raw);
  if (result.ok) return result;
  // Point at the line of each faulty node when the YAML still has it.
  for (const issue of result.issues) {
    const segs = issue.path.match(/[^.[\]]+/g) ?? [];
    const keys = segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    for (let n = keys.length; n > 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) {
        issue.line = lineOf(text, node.range[0]);
        break;
      }
    }
  }
  return result;
}

function lineOf(text: string, offset: number) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The policy file form: stable key order, one rule after another. */
export function policyToYaml(doc: PolicyDocument | Record<string, unknown>): string {
  return YAML.stringify(doc, { lineWidth: 0 });
}

export function describeIssues(issues: PolicyIssue[]): string {
  return issues.map((i) => `${i.path}${i.ruleId ? ` (rule "${i.ruleId}")` : ""}${i.line ? ` at line ${i.line}` : ""}: ${i.message}`).join("\n");
}
