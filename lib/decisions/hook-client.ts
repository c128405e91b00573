import { permissionRequestAnswer, preToolUseAnswer } from "./hook-mapping";

export interface HookClientOptions {
  url: string;
  token: string | undefined;
  input: string;
  timeoutMs: number;
  /** how long a gated call waits for an approver (the route's `wait_seconds`) */
  waitSeconds?: number;
  /** PermissionRequest is decided (and fails closed) instead of only recorded */
  decidePermissionRequests?: boolean;
  fetchImpl?: typeof fetch;
}

function eventOf(input: string): string | undefined {
  try {
    const v = JSON.parse(input) as { hook_event_name?: unknown };
    return typeof v.hook_event_name === "string" ? v.hook_event_name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The command-hook client: POSTs the hook JSON to Gatehouse and returns what to print. For the
 * events Gatehouse decides — PreToolUse, and PermissionRequest when asked to — anything but a
 * 200 answer (network failure, timeout, 401, 5xx) prints a deny in that event's format: a
 * harness that cannot reach its gate must not proceed (fail closed). Other events print {}.
 */
export async function runHookClient(o: HookClientOptions): Promise<{ stdout: string; exitCode: number }> {
  const event = eventOf(o.input);
  const pre = event === "PreToolUse" || (event === "PermissionRequest" && !!o.decidePermissionRequests);
  const deny = (why: string) => {
    const reason = `Gatehouse: ${why} (fail closed).`;
    return { stdout: JSON.stringify(event === "PermissionRequest" ? permissionRequestAnswer("deny", reason) : preToolUseAnswer("deny", reason)), exitCode: 0 };
  };
  if (!o.token) return pre ? deny("no agent token configured") : { stdout: "{}", exitCode: 1 };
  const endpoint = new URL("/api/hooks/claude-code", o.url);
  // Gatehouse stops waiting for an approver a safe margin before this client's own deadline.
  endpoint.searchParams.set("timeout_seconds", String(o.timeoutMs / 1000));
  if (o.waitSeconds !== undefined && Number.isFinite(o.waitSeconds)) endpoint.searchParams.set("wait_seconds", String(o.waitSeconds));
  if (o.decidePermissionRequests) endpoint.searchParams.set("permission_requests", "decide");
  try {
    const res = await (o.fetchImpl ?? fetch)(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${o.token}` },
      body: o.input,
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    const text = await res.text();
    if (res.ok) return { stdout: text || "{}", exitCode: 0 };
    if (pre) return deny(`the gate answered HTTP ${res.status}`);
    return { stdout: "{}", exitCode: 1 };
  } catch (e) {
    if (pre) return deny(`the gate could not be reached (${e instanceof Error ? e.name : "error"})`);
    return { stdout: "{}", exitCode: 1 };
  }
}
