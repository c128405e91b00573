import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { defineApi, json } from "@/lib/http/api";

export const healthHandler = defineApi(async () => {
  try {
    const db = await getDb();
    await Promise.race([db.execute(sql`select 1`), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
    return json(200, { status: "ok", database: "ok" });
  } catch {
    return json(503, { status: "degraded", database: "unreachable" });
  }
});
