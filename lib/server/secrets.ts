import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { settings } from "@/db/schema";
import { env, setProcessEnv } from "@/lib/env";

/**
 * The session-signing secret: from NEXTAUTH_SECRET, else generated once and kept where every
 * instance finds it (the data directory on PGlite, the settings table on PostgreSQL).
 */
export async function ensureAuthSecret(handle: DbHandle) {
  const e = env();
  if (!e.NEXTAUTH_URL && !process.env.AUTH_TRUST_HOST) setProcessEnv("AUTH_TRUST_HOST", "true");
  if (e.NEXTAUTH_SECRET) return;
  let secret: string;
  if (handle.engine === "pglite") {
    const file = path.resolve(/*turbopackIgnore: true*/ e.GATEHOUSE_DATA_DIR, "auth.secret");
    if (fs.existsSync(file)) secret = fs.readFileSync(file, "utf8").trim();
    else {
      secret = randomBytes(32).toString("base64url");
      fs.writeFileSync(file, secret, { mode: 0o600 });
    }
  } else {
    await handle.db
      .insert(settings)
      .values({ key: "auth_secret", value: randomBytes(32).toString("base64url") })
      .onConflictDoNothing();
    const [row] = await handle.db.select().from(settings).where(eq(settings.key, "auth_secret"));
    secret = row.value;
  }
  setProcessEnv("NEXTAUTH_SECRET", secret);
}
