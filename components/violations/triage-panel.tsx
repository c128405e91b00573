"use client";
import { useState } from "react";
import { killAgentFromViolationAction, triageViolationsAction } from "@/lib/violations/actions";
import { useServerAction } from "@/components/settings/use-action";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Select, Textarea } from "@/components/ui/input";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

type Status = "open" | "triaged" | "resolved" | "false_positive";

const NEXT: Record<Status, { value: Status; label: string }[]> = {
  open: [
    { value: "triaged", label: "Triaged" },
    { value: "resolved", label: "Resolved" },
    { value: "false_positive", label: "False positive" },
  ],
  triaged: [
    { value: "resolved", label: "Resolved" },
    { value: "false_positive", label: "False positive" },
    { value: "open", label: "Reopen" },
  ],
  resolved: [{ value: "open", label: "Reopen" }],
  false_positive: [{ value: "open", label: "Reopen" }],
};

export function TriagePanel({
  id,
  status,
  assigneeId,
  triagers,
}: {
  id: string;
  status: Status;
  assigneeId: string | null;
  triagers: { id: string; name: string }[];
}) {
  const statusAction = useServerAction(triageViolationsAction);
  const assignAction = useServerAction(triageViolationsAction);
  const [to, setTo] = useState<Status>(NEXT[status][0].value);
  const [note, setNote] = useState("");
  const [assignee, setAssignee] = useState(assigneeId ?? "");
  return (
    <div className="space-y-5">
      <form
        aria-label="Assign"
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          assignAction.run({ ids: [id], assigneeId: assignee });
        }}
      >
        <Label htmlFor="assignee">Assignee</Label>
        <div className="flex gap-2">
          <Select id="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} className="flex-1">
            <option value="">Nobody</option>
            {triagers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="outline" disabled={assignAction.pending || assignee === (assigneeId ?? "")}>
            Assign
          </Button>
        </div>
        {assignAction.error ? (
          <p role="alert" className="text-sm text-destructive">
            {assignAction.error}
          </p>
        ) : null}
      </form>
      <form
        aria-label="Change status"
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          statusAction.run({ ids: [id], status: to, note }, () => setNote(""));
        }}
      >
        <Label htmlFor="to-status">Change status to</Label>
        <Select id="to-status" value={to} onChange={(e) => setTo(e.target.value as Status)} className="w-full">
          {NEXT[status].map((n) => (
            <option key={n.value} value={n.value}>
              {n.label}
            </option>
          ))}
        </Select>
        <Label htmlFor="status-note">Note</Label>
        <Textarea id="status-note" required value={note} onChange={(e) => setNote(e.target.value)} placeholder="What you found, what you did" />
        <FieldError messages={statusAction.fieldErrors?.note} />
        <Button type="submit" disabled={statusAction.pending || note.trim() === ""}>
          {statusAction.pending ? "Saving…" : "Save status"}
        </Button>
        {statusAction.error && !statusAction.fieldErrors ? (
          <p role="alert" className="text-sm text-destructive">
            {statusAction.error}
          </p>
        ) : null}
      </form>
    </div>
  );
}

export function KillAgentButton({ violationId, agentSlug }: { violationId: string; agentSlug: string }) {
  const { run, pending, error, fieldErrors, result } = useServerAction(killAgentFromViolationAction);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="destructive">Kill agent</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Kill {agentSlug}?</DialogTitle>
        <DialogDescription>
          The agent is suspended at once: its decisions are denied, its pending approvals cancelled and its open sessions ended. An admin or security lead can resume it later.
        </DialogDescription>
        <form
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            run({ violationId, reason }, () => setOpen(false));
          }}
        >
          <Label htmlFor="kill-reason">Reason</Label>
          <Textarea id="kill-reason" required value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why you are stopping it" />
          <FieldError messages={fieldErrors?.reason} />
          {error && !fieldErrors ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" disabled={pending || reason.trim().length < 3}>
              {pending ? "Killing…" : "Kill agent now"}
            </Button>
          </div>
        </form>
        {result?.ok ? <p role="status">Killed.</p> : null}
      </DialogContent>
    </Dialog>
  );
}
