"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { decideApprovalAction } from "@/lib/approvals/actions";
import { ReasonDialog } from "./decide-dialog";

/**
 * Approve / Deny on the approval page (same server action and reason dialog as the queue).
 * The person who initiated the request sees why they cannot decide instead of dead buttons.
 */
export function DecisionPanel({ id, subject, own }: { id: string; subject: string; own: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<"approve" | "deny" | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  if (own) return <p className="text-sm text-muted-foreground">You initiated this request, so someone else must decide it.</p>;
  function confirm(reason: string) {
    if (!mode) return;
    start(async () => {
      const r = await decideApprovalAction({ id, decision: mode, reason });
      if (!r.ok) return setError(r.error);
      setMode(null);
      router.refresh();
    });
  }
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => (setError(undefined), setMode("approve"))}>Approve</Button>
      <Button variant="outline" onClick={() => (setError(undefined), setMode("deny"))}>
        Deny
      </Button>
      <ReasonDialog key={mode ?? "closed"} mode={mode} subject={subject} pending={pending} error={error} onConfirm={confirm} onClose={() => setMode(null)} />
    </div>
  );
}
