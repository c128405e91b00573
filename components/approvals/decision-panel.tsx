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
export function DecisionPanel({ id, subject, own, already = false }: { id: string; subject: string; own: boolean; already?: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<"approve" | "deny" | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<string | null>(null);
  if (own) return <p className="text-sm text-muted-foreground">You initiated this request, so someone else must decide it.</p>;
  if (already)
    return (
      <p className="text-sm text-muted-foreground" role="status" data-testid="decided-by-me">
        {notice ?? "You have approved this request; it waits for another approver."}
      </p>
    );
  function confirm(reason: string) {
    if (!mode) return;
    start(async () => {
      const r = await decideApprovalAction({ id, decision: mode, reason });
      if (!r.ok) return setError(r.error);
      setMode(null);
      if (r.data.status === "pending")
        setNotice(`Your approval is recorded: ${r.data.approvals} of ${r.data.approvalsRequired}. It waits for another approver.`);
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
