"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";

interface Result {
  ok: boolean;
  checked: number;
  first_bad: { seq: number; reason: string } | null;
}

/** Security leads run the chain verification from the explorer. */
export function VerifyPanel() {
  const [state, setState] = useState<{ running: boolean; result?: Result; error?: string; ms?: number }>({ running: false });
  async function run() {
    setState({ running: true });
    const started = performance.now();
    try {
      const res = await fetch("/api/v1/audit/verify", { cache: "no-store" });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      setState({ running: false, result: body as Result, ms: performance.now() - started });
    } catch (e) {
      setState({ running: false, error: e instanceof Error ? e.message : "Verification failed" });
    }
  }
  const r = state.result;
  return (
    <section aria-labelledby="verify-title" className="flex flex-wrap items-center gap-3 rounded-lg border border-border bg-card p-3 text-sm">
      <h2 id="verify-title" className="font-medium">
        Chain integrity
      </h2>
      <Button size="sm" variant="outline" onClick={run} disabled={state.running}>
        {state.running ? "Verifying…" : "Verify chain"}
      </Button>
      <div role="status" aria-live="polite" className="flex items-center gap-2">
        {state.running ? (
          <span className="flex items-center gap-2 text-muted-foreground">
            <span className="h-2 w-24 overflow-hidden rounded bg-muted" aria-hidden="true">
              <span className="block h-full w-1/3 animate-pulse bg-primary" />
            </span>
            Recomputing every hash…
          </span>
        ) : r ? (
          r.ok ? (
            <>
              <Badge tone="good">Intact</Badge>
              <span className="text-muted-foreground">
                {r.checked.toLocaleString()} events verified{state.ms ? ` in ${(state.ms / 1000).toFixed(1)} s` : ""}
              </span>
            </>
          ) : (
            <>
              <Badge tone="bad">Broken</Badge>
              <span>
                first bad position{" "}
                <a className="underline" href={`/audit/${r.first_bad!.seq}`}>
                  #{r.first_bad!.seq}
                </a>
                : {r.first_bad!.reason}
              </span>
            </>
          )
        ) : state.error ? (
          <span className="text-destructive">{state.error}</span>
        ) : (
          <span className="text-muted-foreground">Not verified in this view yet.</span>
        )}
      </div>
    </section>
  );
}
