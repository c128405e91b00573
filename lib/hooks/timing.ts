/**
 * How long a gated hook call may wait for its approval. The client gives up after its own hook
 * timeout and then runs the tool (Claude Code treats a timed-out hook as a non-blocking error),
 * so the wait must end — with an answer — a safe margin before that timeout. The hook URL says
 * the timeout (`?timeout_seconds=`, written by generated settings and the hook client next to
 * the client's own `timeout`); without it Gatehouse does not wait at all. PURE.
 */
export const MAX_HOOK_WAIT_SECONDS = 55;

/** Time kept back for answering and the network: a fifth of the timeout, at least 2 s, at most 10 s. */
export function safetyMargin(timeoutSeconds: number): number {
  return Math.min(10, Math.max(2, timeoutSeconds * 0.2));
}

const num = (v: string | null): number | undefined => {
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export interface HookWait {
  /** seconds a gated call may wait (0: answer at once) */
  wait: number;
  /** the client's timeout, when the hook URL says it */
  timeout?: number;
}

/** `?timeout_seconds=` bounds the wait; `?wait_seconds=` may shorten it further, never lengthen it. */
export function hookWait(query: URLSearchParams): HookWait {
  const timeout = num(query.get("timeout_seconds"));
  if (timeout === undefined || timeout <= 0) return { wait: 0 };
  let wait = Math.min(MAX_HOOK_WAIT_SECONDS, timeout - safetyMargin(timeout));
  const asked = num(query.get("wait_seconds"));
  if (asked !== undefined) wait = Math.min(wait, asked);
  return { wait: Math.max(0, wait), timeout };
}
