"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { budgetIdSchema, budgetInputSchema } from "./schemas";
import { deleteBudget, saveBudget } from "./budget-store";

// Budgets are part of managing agents (admins and engineering managers).
export const saveBudgetAction = authedAction("agents:manage", budgetInputSchema, async (input, user) => {
  const row = await saveBudget(await getDb(), input, personActor(user));
  revalidatePath("/kpis");
  revalidatePath("/agents/[id]", "page");
  return { id: row.id };
});

export const deleteBudgetAction = authedAction("agents:manage", budgetIdSchema, async (input, user) => {
  await deleteBudget(await getDb(), input.id, personActor(user));
  revalidatePath("/kpis");
  revalidatePath("/agents/[id]", "page");
  return { id: input.id };
});
