// Integration tokens of the demo organisation (CI, the OpenTelemetry collector, the SIEM, and
// a retired Jenkins one), with the audit events of their creation and revocation. No random
// draws: the rest of the demo data stays exactly as it was.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { generateToken, type IntegrationScope } from "@/lib/auth/tokens";
import { DAY, MIN, humanAct } from "./constants";
import { insertMany } from "./insert";
import type { UserRec } from "./types";

const DEMO_TOKENS: {
  name: string;
  scopes: IntegrationScope[];
  createdDaysAgo: number;
  expiresInDays?: number;
  lastUsedMinAgo: number;
  uses: number;
  revokedDaysAgo?: number;
}[] = [
  { name: "GitHub Actions — CI gates", scopes: ["ci:write", "defects:write"], createdDaysAgo: 120, lastUsedMinAgo: 7, uses: 18_432 },
  { name: "OpenTelemetry collector", scopes: ["events:write"], createdDaysAgo: 90, expiresInDays: 275, lastUsedMinAgo: 1, uses: 96_210 },
  { name: "Splunk SIEM export", scopes: ["audit:read"], createdDaysAgo: 60, lastUsedMinAgo: 15, uses: 2_880 },
  { name: "Jenkins (retired)", scopes: ["ci:write"], createdDaysAgo: 150, lastUsedMinAgo: 31 * 24 * 60, uses: 4_117, revokedDaysAgo: 30 },
];

export async function seedIntegrationTokens(db: Db, NOW: number, admin: UserRec): Promise<{ rows: number; events: AuditInput[] }> {
  const events: AuditInput[] = [];
  const rows = DEMO_TOKENS.map((t) => {
    // a real token whose secret nobody sees (as after creation): only its hash is stored
    const { hash, prefix } = generateToken("integration");
    const createdAt = new Date(NOW - t.createdDaysAgo * DAY);
    const expiresAt = t.expiresInDays ? new Date(NOW + t.expiresInDays * DAY) : null;
    const revokedAt = t.revokedDaysAgo ? new Date(NOW - t.revokedDaysAgo * DAY) : null;
    const resource = `integration_token:${prefix}`;
    events.push({
      ...humanAct(admin),
      type: "integration_token.create",
      resource,
      outcome: "success",
      time: createdAt,
      payload: { name: t.name, scopes: t.scopes, expires_at: expiresAt },
    });
    if (revokedAt) events.push({ ...humanAct(admin), type: "integration_token.revoke", resource, outcome: "success", time: revokedAt });
    return {
      name: t.name,
      scopes: t.scopes,
      hash,
      prefix,
      createdAt,
      createdBy: admin.id,
      expiresAt,
      revokedAt,
      lastUsedAt: new Date(NOW - t.lastUsedMinAgo * MIN),
      useCount: t.uses,
    };
  });
  await insertMany(db, s.integrationTokens, rows);
  return { rows: rows.length, events };
}
