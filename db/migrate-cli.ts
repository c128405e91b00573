import { migrateDatabase } from "./client";
import { env } from "@/lib/env";

// Migrations only: migrateDatabase opens, migrates and closes, so no handle to write through
// escapes the storage layer (writes go through lib/db.ts, which installs storage redaction).
const engine = await migrateDatabase({ url: env().DATABASE_URL, dataDir: env().GATEHOUSE_DATA_DIR });
console.log(`Migrations applied (${engine}).`);
