import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { KNOWN_GATES } from "@/lib/changes/stages";
import { readSettings } from "@/lib/settings/queries";
import { settingFieldViews } from "@/lib/settings/schemas";
import { GeneralSettingsForm } from "@/components/settings/general-form";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralSettingsPage() {
  await requirePermission("settings:manage");
  const fields = settingFieldViews(await readSettings(await getDb()));
  return <GeneralSettingsForm fields={fields} knownGates={[...KNOWN_GATES]} />;
}
