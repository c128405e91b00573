import { openDatabase } from "./client";
import { env } from "@/lib/env";

const h = await openDatabase({ url: env().DATABASE_URL, dataDir: env().GATEHOUSE_DATA_DIR });
console.log(`Migrations applied (${h.engine}).`);
await h.close();
