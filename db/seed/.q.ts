import { openDatabase } from "@/db/client";
import { sql } from "drizzle-orm";
const h = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.GATEHOUSE_DATA_DIR });
const q = async (s: string) => console.log(s.slice(0, 80), JSON.stringify(((await h.db.execute(sql.raw(s))) as any).rows));
for (const s of process.argv.slice(2)) await q(s);
await h.close();
