"use client";
import { useState } from "react";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Label, Textarea } from "@/components/ui/input";
import { useServerAction } from "@/components/settings/use-action";
import { freezeFleetAction, killAgentAction, resumeAgentAction, retireAgentAction, unfreezeFleetAction } from "@/lib/registry/actions";

type Kind = "kill" | "resume" | "retire" | "freeze" | "unfreeze";

const COPY: Record<Kind, { trigger: string; title: string; body: string; confirm: string; destructive: boolean; quick: string[] }> = {
  kill: {
    trigger: "Kill",
    title: "Kill agent",
    body: "Suspends the agent now: every decision is deny, its tokens answer 403, pending approvals are cancelled and open sessions ended.",
    confirm: "Kill agent",
    destructive: true,
    quick: ["Suspicious activity", "Scope creep", "Secret exposure", "Incident response"],
  },
  resume: {
    trigger: "Resume",
    title: "Resume agent",
    body: "Lifts the kill switch. Recorded in the audit trail with your reason.",
    confirm: "Resume agent",
    destructive: false,
    quick: ["Investigated: false alarm", "Incident resolved"],
  },
  retire: {
    trigger: "Retire",
    title: "Retire agent",
    body: "Final: all tokens are revoked and the agent can never act again. Its history is kept.",
    confirm: "Retire agent",
    destructive: true,
    quick: ["No longer needed", "Replaced by another agent"],
  },
  freeze: {
    trigger: "Freeze fleet",
    title: "Freeze the whole fleet",
    body: "Every decision for every agent becomes deny, all pending approvals are cancelled and open sessions ended.",
    confirm: "Freeze fleet",
    destructive: true,
    quick: ["Security incident", "Credential leak suspected"],
  },
  unfreeze: {
    trigger: "Lift fleet freeze",
    title: "Lift the fleet freeze",
    body: "Agents that were not killed individually may act again.",
    confirm: "Lift freeze",
    destructive: false,
    quick: ["Incident resolved"],
  },
};

const ACTIONS = {
  kill: killAgentAction,
  resume: resumeAgentAction,
  retire: retireAgentAction,
  freeze: freezeFleetAction,
  unfreeze: unfreezeFleetAction,
} as const;

/**
 * Two deliberate steps (open, then confirm with a reason) — quick-reason chips keep it fast under
 * pressure, and Enter in the reason box submits; a single stray click can never kill.
 */
export function ReasonDialog({ kind, agentId, agentLabel, size = "sm" }: { kind: Kind; agentId?: string; agentLabel?: string; size?: "sm" | "default" }) {
  const c = COPY[kind];
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const action = ACTIONS[kind] as (input: { id?: string; reason: string }) => ReturnType<typeof killAgentAction>;
  const { run, pending, error } = useServerAction(action);
  const valid = reason.trim().length >= 3;
  const submit = () => {
    if (!valid || pending) return;
    run({ ...(agentId ? { id: agentId } : {}), reason: reason.trim() }, () => {
      setOpen(false);
      setReason("");
    });
  };
  const fieldId = `reason-${kind}-${agentId ?? "fleet"}`;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={c.destructive ? "destructive" : "outline"} size={size} aria-label={agentLabel ? `${c.trigger} ${agentLabel}` : c.trigger}>
          {c.trigger}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>
          {c.title}
          {agentLabel ? `: ${agentLabel}` : ""}
        </DialogTitle>
        <DialogDescription>{c.body}</DialogDescription>
        <form
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="flex flex-wrap gap-2" aria-label="Quick reasons">
            {c.quick.map((q) => (
              <Button key={q} type="button" variant="outline" size="sm" onClick={() => setReason(q)}>
                {q}
              </Button>
            ))}
          </div>
          <div className="space-y-1">
            <Label htmlFor={fieldId}>Reason (required)</Label>
            <Textarea
              id={fieldId}
              autoFocus
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  submit();
                }
              }}
              aria-describedby={error ? `${fieldId}-error` : undefined}
            />
          </div>
          {error ? (
            <p id={`${fieldId}-error`} role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="ghost">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant={c.destructive ? "destructive" : "default"} disabled={!valid || pending}>
              {pending ? "Working…" : c.confirm}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
