import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Tests never touch the developer's .data directory or need a real audit key file.
process.env.GATEHOUSE_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-vitest-"));
process.env.GATEHOUSE_AUDIT_KEY ??= "test-audit-key-0123456789abcdef";
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret";
