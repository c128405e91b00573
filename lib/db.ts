// The application database (issue 18: db/ imports nothing from lib/). db/client.ts opens no
// database before the layer above has installed its write hook; importing this module loads
// lib/redaction/storage.ts, which installs storage redaction (issue 16), so every database opened
// or obtained here is redacted on both engines. Open databases here, never with db/client's
// openStorage (ESLint refuses that import elsewhere, and openStorage throws when the hook is
// missing).
import { openStorage, processDb, type DbHandle, type Db, type OpenOptions } from "@/db/client";
// Installs storage redaction as the storage layer's write hook (at the end of that module).
import "@/lib/redaction/storage";
import { env } from "@/lib/env";

export { setProcessDb, closeProcessDb, transaction, type Db, type DbHandle, type Engine, type OpenOptions } from "@/db/client";

/** Opens (and migrates) a database with storage redaction installed. */
export function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  return openStorage(opts);
}

/** The process-wide database: the handle the server (or a test) installed, else opened from the environment. */
export function getDbHandle(): Promise<DbHandle> {
  return processDb(() => {
    const e = env();
    return openDatabase({ url: e.DATABASE_URL, dataDir: e.GATEHOUSE_DATA_DIR });
  });
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
