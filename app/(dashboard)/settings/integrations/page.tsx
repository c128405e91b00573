import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { INTEGRATION_SECTIONS } from "./sections";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePermission("settings:manage");
  const db = await getDb();
  return (
    <div className="space-y-6">
      {INTEGRATION_SECTIONS.map(({ key, Section }) => (
        <Section key={key} db={db} />
      ))}
    </div>
  );
}
