"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { settingsUpdateSchema } from "./schemas";
import { updateSettings } from "./queries";

export const updateSettingsAction = authedAction("settings:manage", settingsUpdateSchema, async (input, user) => {
  const { changed } = await updateSettings(await getDb(), input, personActor(user));
  revalidatePath("/settings/general");
  return { changed };
});
