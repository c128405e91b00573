import "server-only";
import { inArray, sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { settings } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";
import { clearThresholdsCache } from "@/lib/detection/context";
import { badRequest } from "@/lib/http/errors";
import { bumpControlVersion } from "@/lib/registry/control";
import { auditActor, type Actor } from "@/lib/auth/actor";
import {
  SETTINGS,
  SETTING_NAMES,
  effectiveSettings,
  settingKeys,
  settingsUpdateSchema,
  type EffectiveSettings,
  type SettingName,
  type SettingValue,
  type SettingsUpdate,
} from "./schemas";

/** Effective values of the named settings (all of them by default), each with its default. */
export async function readSettings<N extends SettingName = SettingName>(
  db: Db,
  names: readonly N[] = SETTING_NAMES as N[],
  opts: { forUpdate?: boolean } = {},
): Promise<EffectiveSettings<N>> {
  const q = db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, settingKeys(names)));
  return effectiveSettings(names, await (opts.forUpdate ? q.for("update") : q));
}

/** The effective value of one setting. */
export async function settingValue<N extends SettingName>(db: Db, name: N): Promise<SettingValue<N>> {
  return (await readSettings(db, [name]))[name].value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies an update in one transaction and records one `settings.update` audit event with
 * the before/after of every changed setting. A value equal to the current one is no change
 * (so saving a form never pins a default); null removes the stored value (default again).
 * Invalid input → 400 with the failing fields; nothing is written.
 */
export async function updateSettings(db: Db, input: SettingsUpdate, actor: Actor) {
  const parsed = settingsUpdateSchema.safeParse(input);
  if (!parsed.success)
    throw badRequest(
      "Some settings are invalid.",
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  const update = parsed.data;
  const names = SETTING_NAMES.filter((n) => update[n] !== undefined);
  const result = await transaction(db, async (t) => {
    // Rows locked: two admins saving at once apply one after the other, each audited against what it replaced.
    const rows = await t
      .select()
      .from(settings)
      .where(inArray(settings.key, settingKeys(names)))
      .for("update");
    const before = effectiveSettings(names, rows);
    const changed = names.filter((n) => {
      const next = update[n];
      return next === null ? !before[n].isDefault : !same(next, before[n].value);
    });
    if (changed.length === 0) return { changed };

    // One write per settings row; object rows (detection thresholds) keep properties we do not manage.
    const writes = new Map<string, { remove: boolean; value?: unknown; props?: Record<string, unknown> }>();
    for (const n of changed) {
      const def = SETTINGS[n] as (typeof SETTINGS)[SettingName] & { prop?: string };
      const next = update[n];
      if (!def.prop) {
        writes.set(def.key, next === null ? { remove: true } : { remove: false, value: next });
        continue;
      }
      let w = writes.get(def.key);
      if (!w) {
        const row = rows.find((r) => r.key === def.key);
        let current: unknown;
        try {
          current = row ? JSON.parse(row.value) : {};
        } catch {
          current = {};
        }
        const props = current && typeof current === "object" && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
        writes.set(def.key, (w = { remove: false, props }));
      }
      if (next === null) delete w.props![def.prop];
      else w.props![def.prop] = next;
    }
    const stored = new Map<string, string | undefined>();
    for (const [key, w] of writes) {
      const value = w.props ? (Object.keys(w.props).length ? w.props : undefined) : w.remove ? undefined : w.value;
      stored.set(key, value === undefined ? undefined : JSON.stringify(value));
    }
    for (const [key, value] of stored) {
      if (value === undefined) await t.delete(settings).where(sql`${settings.key} = ${key}`);
      else {
        const by = actor.userId;
        await t
          .insert(settings)
          .values({ key, value, updatedBy: by })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date(), updatedBy: by } });
      }
    }

    const after = effectiveSettings(changed, [
      ...rows.filter((r) => !stored.has(r.key)),
      ...[...stored].flatMap(([key, value]) => (value === undefined ? [] : [{ key, value }])),
    ]);
    const snapshot = (s: typeof before, n: SettingName) => ({ value: s[n].value, default: s[n].isDefault });
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "settings.update",
        resource: "settings",
        outcome: "success",
        payload: {
          changed,
          before: Object.fromEntries(changed.map((n) => [n, snapshot(before, n)])),
          after: Object.fromEntries(changed.map((n) => [n, snapshot(after, n)])),
        },
      },
    ]);
    // The approval expiry is part of the cached active policy: reload it on every instance.
    if (changed.includes("approvalTtlSeconds")) await bumpControlVersion(t);
    return { changed };
  });
  if (result.changed.some((n) => SETTINGS[n].group === "detection")) clearThresholdsCache();
  return result;
}
