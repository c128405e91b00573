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
  /** who approves (a gated rule): named people/teams/roles, how many, and an escalation */
  approvers: ApproversRow;
}

export const APPROVER_FIELDS = ["people", "teams", "roles"] as const;
export type ApproverField = (typeof APPROVER_FIELDS)[number];
export interface ApproversRow {
  people: string[];
  teams: string[];
  roles: string[];
  /** null: not set (1) */
  required: number | null;
  escalation: { after_seconds: number | null; people: string[]; teams: string[]; roles: string[] };
}

export type ReadRules = { ok: true; rules: RuleRow[] } | { ok: false; reason: string };

export type RuleEdit =
  | { op: "set"; index: number; field: "id" | "tier" | "mode" | "description"; value: string }
  | { op: "priority"; index: number; value: number | null }
  | { op: "enabled"; index: number; value: boolean }
  | { op: "match"; index: number; field: MatchField; patterns: string[] }
  | { op: "approvers"; index: number; field: ApproverField; escalation?: boolean; values: string[] }
  | { op: "required"; index: number; value: number | null }
  | { op: "escalate-after"; index: number; seconds: number | null }
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
      const a = (o.approvers && typeof o.approvers === "object" ? o.approvers : {}) as Record<string, unknown>;
      const e = (a.escalation && typeof a.escalation === "object" ? a.escalation : {}) as Record<string, unknown>;
      const approvers: ApproversRow = {
        people: list(a.people),
        teams: list(a.teams),
        roles: list(a.roles),
        required: typeof a.required === "number" ? a.required : null,
        escalation: {
          after_seconds: typeof e.after_seconds === "number" ? e.after_seconds : null,
          people: list(e.people),
          teams: list(e.teams),
          roles: list(e.roles),
        },
      };
      return {
        id: str(o.id),
        tier: str(o.tier),
        priority: typeof o.priority === "number" ? o.priority : null,
        mode: o.mode === undefined ? "enforce" : str(o.mode),
        enabled: o.enabled === undefined ? true : o.enabled === true,
        description: str(o.description),
        match,
        approvers,
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
    case "approvers": {
      const path = edit.escalation ? at("approvers", "escalation", edit.field) : at("approvers", edit.field);
      const values = edit.values.map((v) => v.trim()).filter((v) => v !== "");
      if (values.length) doc.setIn(path, doc.createNode(values));
      else if (doc.hasIn(path)) doc.deleteIn(path);
      pruneApprovers(doc, at);
      break;
    }
    case "required":
      if (edit.value === null) doc.deleteIn(at("approvers", "required"));
      else doc.setIn(at("approvers", "required"), edit.value);
      pruneApprovers(doc, at);
      break;
    case "escalate-after":
      if (edit.seconds === null) doc.deleteIn(at("approvers", "escalation", "after_seconds"));
      else doc.setIn(at("approvers", "escalation", "after_seconds"), edit.seconds);
      pruneApprovers(doc, at);
      break;
    case "add":
      rules.items.push(doc.createNode({ id: edit.id, tier: "gated", priority: 1000, match: { action_types: ["shell.exec"] } }) as YAML.Node);
      break;
    case "remove":
      rules.items.splice(edit.index, 1);
      break;
  }
  return doc.toString({ lineWidth: 0 });
}

/** An emptied escalation or approvers map leaves the file (a rule without approvers: anyone, 1 of 1). */
function pruneApprovers(doc: YAML.Document.Parsed, at: (...p: (string | number)[]) => (string | number)[]) {
  for (const p of [at("approvers", "escalation"), at("approvers")]) {
    const node = doc.getIn(p, true);
    if (YAML.isMap(node) && node.items.length === 0) doc.deleteIn(p);
  }
}

/** "2 of ann@…, team sre · escalates after 30 min to role security_lead", or "" without approvers. */
export function approversSummary(a: ApproversRow): string {
  const names = (g: { people: string[]; teams: string[]; roles: string[] }) =>
    [...g.people, ...g.teams.map((t) => `team ${t}`), ...g.roles.map((r) => `role ${r}`)].join(", ");
  const who = names(a);
  if (!who && a.required === null) return "";
  const head = `${a.required ?? 1} of ${who || "anyone who may decide approvals"}`;
  const esc = names(a.escalation);
  const after = a.escalation.after_seconds;
  return esc || after ? `${head} · escalates after ${after ? (after % 60 === 0 ? `${after / 60} min` : `${after} s`) : "?"} to ${esc || "?"}` : head;
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
