// The structured editor's view of the policy file: rules as rows, and edits written back into
// the YAML in place (comments and the rest of the file stay as they were). Pure.
import YAML from "yaml";
import { MATCH_FIELDS, type RuleMatch } from "@/lib/policy/types";

export type MatchField = keyof RuleMatch;
export { MATCH_FIELDS };

export interface RuleRow {
  id: string;
  tier: string;
  /** null: not set (the default, 1000, applies) */
  priority: number | null;
  mode: string;
  enabled: boolean;
  description: string;
  match: Partial<Record<MatchField, string[]>>;
}

export type ReadRules = { ok: true; rules: RuleRow[] } | { ok: false; reason: string };

export type RuleEdit =
  | { op: "set"; index: number; field: "id" | "tier" | "mode" | "description"; value: string }
  | { op: "priority"; index: number; value: number | null }
  | { op: "enabled"; index: number; value: boolean }
  | { op: "match"; index: number; field: MatchField; patterns: string[] }
  | { op: "add"; id: string }
  | { op: "remove"; index: number };

const OPTIONS = { uniqueKeys: true, prettyErrors: false } as const;

function parse(text: string): YAML.Document.Parsed | null {
  const doc = YAML.parseDocument(text, OPTIONS);
  return doc.errors.length ? null : doc;
}

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : typeof v === "string" ? [v] : []);

/** The rules of the file as rows, or why they cannot be shown as rows (fix the YAML first). */
export function readRuleRows(text: string): ReadRules {
  const doc = parse(text);
  if (!doc) return { ok: false, reason: "The YAML has a syntax error: fix it in the file to edit the rules as rows." };
  let js: unknown;
  try {
    js = doc.toJS();
  } catch {
    return { ok: false, reason: "The YAML cannot be read (an alias to a missing anchor?): fix it in the file." };
  }
  const rules = (js as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return { ok: false, reason: "The file has no list of rules (`rules:`)." };
  return {
    ok: true,
    rules: rules.map((r) => {
      const o = (r && typeof r === "object" ? r : {}) as Record<string, unknown>;
      const m = (o.match && typeof o.match === "object" ? o.match : {}) as Record<string, unknown>;
      const match: RuleRow["match"] = {};
      for (const f of MATCH_FIELDS) if (m[f] !== undefined) match[f] = list(m[f]);
      return {
        id: str(o.id),
        tier: str(o.tier),
        priority: typeof o.priority === "number" ? o.priority : null,
        mode: o.mode === undefined ? "enforce" : str(o.mode),
        enabled: o.enabled === undefined ? true : o.enabled === true,
        description: str(o.description),
        match,
      };
    }),
  };
}

/** The file with one edit applied, or null when the YAML cannot be edited (syntax error, no rules list). */
export function applyRuleEdit(text: string, edit: RuleEdit): string | null {
  const doc = parse(text);
  if (!doc) return null;
  const rules = doc.get("rules", true);
  if (!YAML.isSeq(rules)) return null;
  if (edit.op !== "add" && (edit.index < 0 || edit.index >= rules.items.length || !YAML.isMap(rules.items[edit.index]))) return null;
  const at = (...p: (string | number)[]) => ["rules", edit.op === "add" ? rules.items.length : edit.index, ...p];
  switch (edit.op) {
    case "set":
      if (edit.field === "description" && edit.value === "") doc.deleteIn(at("description"));
      else doc.setIn(at(edit.field), edit.value);
      break;
    case "priority":
      if (edit.value === null) doc.deleteIn(at("priority"));
      else doc.setIn(at("priority"), edit.value);
      break;
    case "enabled":
      doc.setIn(at("enabled"), edit.value);
      break;
    case "match": {
      const patterns = edit.patterns.filter((p) => p.trim() !== "");
      if (patterns.length) doc.setIn(at("match", edit.field), doc.createNode(patterns));
      else if (doc.hasIn(at("match", edit.field))) doc.deleteIn(at("match", edit.field));
      break;
    }
    case "add":
      rules.items.push(doc.createNode({ id: edit.id, tier: "gated", priority: 1000, match: { action_types: ["shell.exec"] } }) as YAML.Node);
      break;
    case "remove":
      rules.items.splice(edit.index, 1);
      break;
  }
  return doc.toString({ lineWidth: 0 });
}

/** An id no rule of the file has yet: new-rule-1, new-rule-2, … */
export function freshRuleId(rows: RuleRow[]): string {
  const taken = new Set(rows.map((r) => r.id));
  let n = 1;
  while (taken.has(`new-rule-${n}`)) n++;
  return `new-rule-${n}`;
}

/** One line per pattern (patterns may hold commas and spaces, never a line break). */
export const patternsFromText = (t: string) => t.split("\n").filter((l) => l.trim() !== "");
export const patternsToText = (p: string[] | undefined) => (p ?? []).join("\n");
