import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";

export default async function SettingsIndex() {
  await requirePermission("settings:manage");
  redirect("/settings/general");
}
