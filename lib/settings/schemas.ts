// The instance settings an admin edits in Settings → General: where each one is stored in the
// `settings` table (key → JSON text), its default, its bounds, and the one zod schema that
// validates an update. Pure: no DB or Next imports, so readers elsewhere reuse the parsing.
import { z } from "zod";
import { compileSecurityGlobs, DEFAULT_SECURITY_GLOBS } from "@/lib/changes/security-paths";
import { DEFAULT_REQUIRED_GATES, DEFAULT_SECURITY_REQUIRED_GATES } from "@/lib/changes/stages";
import { DEFAULT_THRESHOLDS } from "@/lib/detection/types";
import { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS } from "@/lib/registry/schemas";

export const REVIEW_PERIOD_KEY = "review_period_days";
export const TOKEN_TTL_KEY = "agent_token_ttl_seconds";
export const APPROVAL_TTL_KEY = "approval_ttl_seconds";
export const SECURITY_GLOBS_KEY = "changes.security_paths";
export const REQUIRED_GATES_KEY = "changes.required_gates";
export const SECURITY_REQUIRED_GATES_KEY = "changes.security_required_gates";
/** One JSON object holding any of the detector thresholds (lib/detection/types.ts). */
export const THRESHOLDS_SETTING = "detection.thresholds";

export const DEFAULT_REVIEW_PERIOD_DAYS = 90;
export const DEFAULT_APPROVAL_TTL_SECONDS = 30 * 60;

export type SettingGroup = "registry" | "approvals" | "changes" | "detection";

interface Common {
  group: SettingGroup;
  /** settings row */
  key: string;
  /** set when the value is one property of a JSON object row (detection thresholds) */
  prop?: string;
  label: string;
  help: string;
}
export interface NumberSettingDef extends Common {
  kind: "number";
  unit: "days" | "seconds" | "milliseconds" | "bytes" | "count";
  min: number;
  max: number;
  default: number;
}
export interface ListSettingDef extends Common {
  kind: "list";
  /** what one entry is called in error messages */
  item: string;
  minItems: number;
  maxItems: number;
  maxLength: number;
  default: readonly string[];
  /** extra check of one entry; returns an error message */
  checkItem?: (v: string) => string | undefined;
}
export type SettingDef = NumberSettingDef | ListSettingDef;

const DAY = 86400;

function threshold(prop: keyof typeof DEFAULT_THRESHOLDS, def: Omit<NumberSettingDef, "kind" | "group" | "key" | "prop" | "default">): NumberSettingDef {
  return { kind: "number", group: "detection", key: THRESHOLDS_SETTING, prop, default: DEFAULT_THRESHOLDS[prop], ...def };
}

function checkGlob(glob: string): string | undefined {
  try {
    compileSecurityGlobs([glob]);
    return undefined;
  } catch {
    return "Not a valid glob.";
  }
}

export const SETTINGS = {
  reviewPeriodDays: {
    kind: "number",
    group: "registry",
    key: REVIEW_PERIOD_KEY,
    label: "Access review period",
    help: "An agent whose access was not reviewed for this long is overdue. An agent's own period overrides it.",
    unit: "days",
    min: 1,
    max: 3650,
    default: DEFAULT_REVIEW_PERIOD_DAYS,
  },
  agentTokenTtlSeconds: {
    kind: "number",
    group: "registry",
    key: TOKEN_TTL_KEY,
    label: "Agent token lifetime",
    help: "How long a new agent token is valid when the request does not say.",
    unit: "seconds",
    min: 60,
    max: MAX_TOKEN_TTL_SECONDS,
    default: DEFAULT_TOKEN_TTL_SECONDS,
  },
  approvalTtlSeconds: {
    kind: "number",
    group: "approvals",
    key: APPROVAL_TTL_KEY,
    label: "Approval expiry",
    help: "A pending approval expires (a denial) after this long, unless the policy sets approval_ttl_seconds.",
    unit: "seconds",
    min: 30,
    max: 7 * DAY,
    default: DEFAULT_APPROVAL_TTL_SECONDS,
  },
  securityPaths: {
    kind: "list",
    group: "changes",
    key: SECURITY_GLOBS_KEY,
    label: "Security-adjacent paths",
    help: "A change touching a matching file is flagged and must carry a human approval before merge. One glob per line; a glob without “/” matches the file name in any folder; “!” excludes.",
    item: "glob",
    minItems: 1,
    maxItems: 500,
    maxLength: 300,
    default: DEFAULT_SECURITY_GLOBS,
    checkItem: checkGlob,
  },
  requiredGates: {
    kind: "list",
    group: "changes",
    key: REQUIRED_GATES_KEY,
    label: "Required gates",
    help: "Gates an agent-authored change must pass before merge; merging without them raises a gate-override violation.",
    item: "gate",
    minItems: 0,
    maxItems: 50,
    maxLength: 60,
    default: DEFAULT_REQUIRED_GATES,
  },
  securityRequiredGates: {
    kind: "list",
    group: "changes",
    key: SECURITY_REQUIRED_GATES_KEY,
    label: "Required gates for security-adjacent changes",
    help: "Gates an agent-authored change touching security-adjacent paths must also pass (it needs a human review too); the gatehouse/compliance status stays pending until they did. One gate per line.",
    item: "gate",
    minItems: 0,
    maxItems: 50,
    maxLength: 60,
    default: DEFAULT_SECURITY_REQUIRED_GATES,
  },
  persistenceCount: threshold("persistenceCount", {
    label: "Persistence: repeated denials",
    help: "The same denied operation this many times inside the window is a persistence anomaly.",
    unit: "count",
    min: 2,
    max: 1000,
  }),
  persistenceWindowMs: threshold("persistenceWindowMs", {
    label: "Persistence window",
    help: "The window in which repeated denials are counted.",
    unit: "milliseconds",
    min: 1000,
    max: DAY * 1000,
  }),
  outboundBytes: threshold("outboundBytes", {
    label: "Outbound request size",
    help: "An outbound request payload above this is an exfiltration indicator.",
    unit: "bytes",
    min: 1024,
    max: 10 * 1024 ** 3,
  }),
  commandOutputBytes: threshold("commandOutputBytes", {
    label: "Command output size",
    help: "Command output above this is an exfiltration indicator.",
    unit: "bytes",
    min: 1024,
    max: 10 * 1024 ** 3,
  }),
  bulkReadCount: threshold("bulkReadCount", {
    label: "Bulk reads before a network call",
    help: "This many file reads and then a network call in one session is an exfiltration indicator.",
    unit: "count",
    min: 1,
    max: 100_000,
  }),
  driftMinBaseline: threshold("driftMinBaseline", {
    label: "Drift: baseline action types",
    help: "Instruction drift fires only once a role's baseline holds this many action types.",
    unit: "count",
    min: 1,
    max: 10_000,
  }),
  driftMinEvents: threshold("driftMinEvents", {
    label: "Drift: baseline actions",
    help: "…and only once the role has been observed doing this many actions.",
    unit: "count",
    min: 1,
    max: 10_000_000,
  }),
} as const satisfies Record<string, SettingDef>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export type SettingValue<N extends SettingName> = (typeof SETTINGS)[N] extends { kind: "list" } ? string[] : number;
export type SettingValues = { [N in SettingName]: SettingValue<N> };
/** An update: a value sets it, null resets it to the default, absent leaves it alone. */
export type SettingsUpdate = { [N in SettingName]?: SettingValue<N> | null };

export const DETECTION_SETTING_NAMES = SETTING_NAMES.filter((n) => SETTINGS[n].group === "detection");

const UNIT_WORDS: Record<NumberSettingDef["unit"], [string, string]> = {
  days: ["day", "days"],
  seconds: ["second", "seconds"],
  milliseconds: ["millisecond", "milliseconds"],
  bytes: ["byte", "bytes"],
  count: ["", ""],
};
const amount = (def: NumberSettingDef, n: number) =>
  `${n.toLocaleString("en-US")}${UNIT_WORDS[def.unit][n === 1 ? 0 : 1] ? ` ${UNIT_WORDS[def.unit][n === 1 ? 0 : 1]}` : ""}`;

function numberSchema(def: NumberSettingDef) {
  const whole = def.unit === "count" ? "Enter a whole number." : `Enter a whole number of ${def.unit}.`;
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z
      .number({ error: whole })
      .int(whole)
      .min(def.min, `At least ${amount(def, def.min)}.`)
      .max(def.max, `At most ${amount(def, def.max)}.`),
  );
}

function listSchema(def: ListSettingDef) {
  const item = z
    .string({ error: `Each ${def.item} is text.` })
    .trim()
    .min(1, `An empty ${def.item}.`)
    .max(def.maxLength, `At most ${def.maxLength} characters per ${def.item}.`)
    .superRefine((v, ctx) => {
      const problem = v ? def.checkItem?.(v) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
  return z
    .array(item, { error: `A list of ${def.item}s.` })
    .min(def.minItems, `At least ${def.minItems} ${def.item}${def.minItems === 1 ? "" : "s"}; “Reset to default” restores the built-in list.`)
    .max(def.maxItems, `At most ${def.maxItems} ${def.item}s.`)
    .transform((list) => [...new Set(list)]);
}

export function valueSchema(def: SettingDef): z.ZodType<number | string[]> {
  return def.kind === "number" ? numberSchema(def) : listSchema(def);
}

/** The one schema of an update (server action, writes): unknown keys are refused. */
export const settingsUpdateSchema = z.strictObject(
  Object.fromEntries(SETTING_NAMES.map((n) => [n, valueSchema(SETTINGS[n]).nullable().optional()])),
) as unknown as z.ZodType<SettingsUpdate>;

export interface EffectiveSetting<T> {
  value: T;
  default: T;
  /** no valid stored value: the default applies */
  isDefault: boolean;
}
export type EffectiveSettings<N extends SettingName = SettingName> = { [K in N]: EffectiveSetting<SettingValue<K>> };

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The stored value of one setting, or undefined when absent or invalid (then the default applies). */
export function storedValue<N extends SettingName>(name: N, rows: readonly { key: string; value: string }[]): SettingValue<N> | undefined {
  const def: SettingDef = SETTINGS[name];
  const row = rows.find((r) => r.key === def.key);
  if (!row) return undefined;
  let raw = parseJson(row.value);
  if (def.prop) raw = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>)[def.prop] : undefined;
  if (raw === undefined) return undefined;
  const parsed = valueSchema(def).safeParse(raw);
  return parsed.success ? (parsed.data as SettingValue<N>) : undefined;
}

/** Effective values from `settings` rows: a missing or invalid value falls back to its default. */
export function effectiveSettings<N extends SettingName>(names: readonly N[], rows: readonly { key: string; value: string }[]): EffectiveSettings<N> {
  const out = {} as EffectiveSettings<N>;
  for (const n of names) {
    const stored = storedValue(n, rows);
    const fallback = SETTINGS[n].default as SettingValue<N>;
    const copy = (v: SettingValue<N>) => (Array.isArray(v) ? [...v] : v) as SettingValue<N>;
    out[n] = { value: copy(stored ?? fallback), default: copy(fallback), isDefault: stored === undefined } as EffectiveSettings<N>[N];
  }
  return out;
}

export function settingKeys(names: readonly SettingName[]): string[] {
  return [...new Set(names.map((n) => SETTINGS[n].key))];
}

/** What the form needs about one setting (plain data for a client component). */
export type SettingFieldView = {
  name: SettingName;
  group: SettingGroup;
  label: string;
  help: string;
  isDefault: boolean;
} & (
  | { kind: "number"; unit: NumberSettingDef["unit"]; min: number; max: number; value: number; default: number }
  | { kind: "list"; item: string; value: string[]; default: string[] }
);

export function settingFieldViews(effective: EffectiveSettings): SettingFieldView[] {
  return SETTING_NAMES.map((name) => {
    const def: SettingDef = SETTINGS[name];
    const e = effective[name] as EffectiveSetting<number | string[]>;
    const base = { name, group: def.group, label: def.label, help: def.help, isDefault: e.isDefault };
    return def.kind === "number"
      ? { ...base, kind: "number", unit: def.unit, min: def.min, max: def.max, value: e.value as number, default: e.default as number }
      : { ...base, kind: "list", item: def.item, value: e.value as string[], default: e.default as string[] };
  });
}
