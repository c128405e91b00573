"use client";
import { useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Textarea } from "@/components/ui/input";

export type DialogMode = "approve" | "deny" | "bulk-deny" | "kill";

const TITLES: Record<DialogMode, string> = {
  approve: "Approve this action",
  deny: "Deny this action",
  "bulk-deny": "Deny the selected requests",
  kill: "Kill the agent",
};

/** Asks for the reason every decision carries; Enter with Ctrl/⌘ confirms. */
export function ReasonDialog({
  mode,
  title,
  subject,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  mode: DialogMode | null;
  /** Replaces the mode's title (the kill names the agent). */
  title?: string;
  subject: string;
  pending: boolean;
  error?: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [local, setLocal] = useState<string | undefined>();
  const submit = () => {
    if (reason.trim().length < 3) return setLocal("Give a reason (at least 3 characters).");
    setLocal(undefined);
    onConfirm(reason.trim());
  };
  return (
    <Dialog
      open={mode !== null}
      onOpenChange={(o) => {
        if (!o) {
          setReason("");
          setLocal(undefined);
          onClose();
        }
      }}
    >
      {mode ? (
        <DialogContent>
          <DialogTitle>{title ?? TITLES[mode]}</DialogTitle>
          <DialogDescription>{subject}</DialogDescription>
          <form
            className="mt-3 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <div className="space-y-1">
              <Label htmlFor="decision-reason">Reason</Label>
              <Textarea
                id="decision-reason"
                autoFocus
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
                }}
                aria-describedby="decision-reason-error"
              />
              <FieldError id="decision-reason-error" messages={local ? [local] : error ? [error] : undefined} />
            </div>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" variant={mode === "approve" ? "default" : "destructive"} disabled={pending}>
                {pending ? "Saving…" : mode === "approve" ? "Approve" : mode === "kill" ? "Kill agent" : "Deny"}
              </Button>
            </div>
          </form>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
