"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Label, Select, Textarea } from "@/components/ui/input";
import { useServerAction } from "@/components/settings/use-action";
import { recordReviewAction } from "@/lib/registry/actions";
import { FormError } from "@/components/ui/form-error";

/** Records keep / reduce / revoke for the agent's scope; revoke retires (or suspends) it. */
export function ReviewForm({ agentId }: { agentId: string }) {
  const { run, pending, error, result } = useServerAction(recordReviewAction);
  const [outcome, setOutcome] = useState("keep");
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        if (outcome === "revoke" && !window.confirm("Revoking ends this agent's access. Continue?")) return;
        run({ agentId, outcome, notes: String(fd.get("notes") ?? ""), revokeAs: String(fd.get("revokeAs") ?? "retire") }, () => e.currentTarget?.reset());
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <Label htmlFor="review-outcome">Outcome</Label>
          <Select id="review-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="keep">Keep scope</option>
            <option value="reduce">Reduce scope (edit it next)</option>
            <option value="revoke">Revoke access</option>
          </Select>
        </div>
        {outcome === "revoke" ? (
          <div className="space-y-1">
            <Label htmlFor="review-revoke-as">Then</Label>
            <Select id="review-revoke-as" name="revokeAs" defaultValue="retire">
              <option value="retire">retire the agent</option>
              <option value="suspend">suspend the agent</option>
            </Select>
          </div>
        ) : null}
      </div>
      <div className="space-y-1">
        <Label htmlFor="review-notes">Notes</Label>
        <Textarea id="review-notes" name="notes" className="min-h-14" />
      </div>
      <Button type="submit" size="sm" disabled={pending}>
        {pending ? "Recording…" : "Record review"}
      </Button>
      <FormError error={error} />
      {result?.ok ? (
        <p role="status" className="text-sm text-muted-foreground">
          Review recorded.
        </p>
      ) : null}
    </form>
  );
}
