import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { json, defineApi } from "@/lib/http/api";

/**
 * The hook client file (lib/hooks/client/gatehouse-hook.mjs) as the instance serves it: its
 * text, version and SHA-256, so a developer can check what they install against the agent page.
 */
export interface HookClientFile {
  text: string;
  version: string;
  sha256: string;
}

let cached: HookClientFile | undefined;

export function hookClientFile(): HookClientFile {
  if (cached) return cached;
  const text = fs.readFileSync(path.join(process.cwd(), "lib/hooks/client/gatehouse-hook.mjs"), "utf8");
  const version = /export const VERSION = "([^"]+)"/.exec(text)?.[1] ?? "unknown";
  cached = { text, version, sha256: createHash("sha256").update(text).digest("hex") };
  return cached;
}

export const HOOK_CLIENT_PATH = "/api/hooks/client";

/** GET /api/hooks/client — the hook client, no authentication (it holds no secret). */
export const hookClientHandler = defineApi(async () => {
  const f = hookClientFile();
  return {
    ...json(200, f.text, {
      "x-gatehouse-client-version": f.version,
      "x-gatehouse-client-sha256": f.sha256,
      "cache-control": "no-cache",
      "content-disposition": 'attachment; filename="gatehouse-hook.mjs"',
    }),
    contentType: "text/javascript; charset=utf-8",
  };
});
