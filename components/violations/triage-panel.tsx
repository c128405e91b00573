"use client";
import { useState } from "react";
import { killAgentFromViolationAction, triageViolationsAction } from "@/lib/violations/actions";
import { useServerAction } from "@/components/settings/use-action";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Select, Textarea } from "@/components/ui/input";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

type Status = "open" | "triaged" | "resolved" | "false_positive";

const LABEL: Record<Status, string> = { open: "open", triaged: "triaged", resolved: "resolved", false_positive: "false positive" };

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

/**
 * Triage in one step: assignee, status and note saved together. The status starts at "no
 * change" (after a resolve the next thing is rarely a reopen), and the note's rule is said up
 * front — a status change needs one — instead of a greyed-out button.
 */
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
  const action = useServerAction(triageViolationsAction);
  const [to, setTo] = useState<Status | "">("");
  const [note, setNote] = useState("");
  const [assignee, setAssignee] = useState(assigneeId ?? "");
  const [local, setLocal] = useState<string | undefined>();
  const assignChanges = assignee !== (assigneeId ?? "");
  const nothing = !to && !assignChanges && note.trim() === "";
  return (
    <form
      aria-label="Triage"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (to && note.trim() === "") return setLocal("Write a note: a status change needs one (what you found, what you did).");
        if (!to && !assignChanges) return setLocal("Choose a new status or assignee; a note alone is saved with one of them.");
        setLocal(undefined);
        action.run(
          { ids: [id], ...(to ? { status: to } : {}), ...(assignChanges ? { assigneeId: assignee } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
          () => {
            setNote("");
            setTo("");
          },
        );
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="assignee">Assignee</Label>
        <Select id="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} className="w-full">
          <option value="">Nobody</option>
          {triagers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="to-status">Status</Label>
        <Select id="to-status" value={to} onChange={(e) => setTo(e.target.value as Status | "")} className="w-full">
          <option value="">No change ({LABEL[status]})</option>
          {NEXT[status].map((n) => (
            <option key={n.value} value={n.value}>
              {n.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="status-note">Note {to ? "(required for a status change)" : "(required when the status changes)"}</Label>
        <Textarea
          id="status-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="What you found, what you did"
          aria-describedby="triage-error"
        />
        <FieldError id="triage-error" messages={local ? [local] : action.fieldErrors?.note} />
      </div>
      <Button type="submit" disabled={action.pending || nothing}>
        {action.pending ? "Saving…" : "Save triage"}
      </Button>
      {action.error && !action.fieldErrors ? (
        <p role="alert" className="text-sm text-destructive">
          {action.error}
        </p>
      ) : null}
      {action.result?.ok ? (
        <p role="status" className="text-sm">
          Saved.
        </p>
      ) : null}
    </form>
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
          The agent is suspended at once: its decisions are denied, its pending approvals cancelled and its open sessions ended. An admin or security lead can
          resume it later.
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
