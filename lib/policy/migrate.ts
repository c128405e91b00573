import { POLICY_FORMAT } from "./types";

/**
 * Policy documents carry `format`; a document without one is format 1. Migrations run on load
 * (compilePolicy) and say what they changed, for the Policies page.
 *
 * 1 → 2: format 1 matched `commands` against the whole shell line of a `shell.exec`; format 2
 * breaks the line into simple commands and derives their actions (`git push …` is a
 * `git.push`, `cat x` a `file.read`), each carrying its simple command. A format-1 rule that
 * named `shell.exec` together with `commands` therefore loses its `action_types`, so that it
 * still meets those commands whatever action they became.
 */
export function migratePolicyDocument(raw: unknown): { document: unknown; changes: string[] } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { document: raw, changes: [] };
  const doc = raw as { format?: unknown; rules?: unknown };
  const from = doc.format === undefined ? 1 : doc.format;
  if (from === POLICY_FORMAT || typeof from !== "number" || from > POLICY_FORMAT) return { document: raw, changes: [] };
  const changes: string[] = [];
  const rules = Array.isArray(doc.rules)
    ? doc.rules.map((r, i) => {
        if (!r || typeof r !== "object") return r;
        const rule = r as { id?: unknown; match?: { action_types?: unknown; commands?: unknown } };
        const m = rule.match;
        if (!m || !Array.isArray(m.commands) || !Array.isArray(m.action_types) || !m.action_types.includes("shell.exec")) return r;
        const { action_types, ...rest } = m;
        changes.push(
          `rules[${i}] (${String(rule.id)}): action_types [${(action_types as string[]).join(", ")}] removed — its commands now match each simple command of a shell line, whatever action it becomes`,
        );
        return { ...rule, match: rest };
      })
    : doc.rules;
  changes.unshift(`Format ${from} → ${POLICY_FORMAT}: commands match simple commands (program and arguments), not the whole shell line.`);
  return { document: { ...doc, rules, format: POLICY_FORMAT }, changes };
}
