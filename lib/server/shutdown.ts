import { processSingleton } from "@/lib/util/global";

type Hook = () => Promise<void> | void;

/** Work that must finish before the process exits (flushing buffered writes). */
export function onShutdown(hook: Hook) {
  processSingleton<Hook[]>("shutdown-hooks", () => []).push(hook);
}

export async function runShutdownHooks() {
  for (const h of processSingleton<Hook[]>("shutdown-hooks", () => [])) {
    try {
      await h();
    } catch (e) {
      console.error("[gatehouse] shutdown hook failed:", e instanceof Error ? e.message : e);
    }
  }
}
