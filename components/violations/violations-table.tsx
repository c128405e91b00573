"use client";
import Link from "next/link";
import { useState } from "react";
import { triageViolationsAction } from "@/lib/violations/actions";
import { useServerAction } from "@/components/settings/use-action";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { SeverityBadge, StatusBadge } from "./badges";

export interface ListRow {
  id: string;
  kindLabel: string;
  severity: "low" | "medium" | "high" | "critical";
  status: "open" | "triaged" | "resolved" | "false_positive";
  title: string;
  explanation: string;
  count: number;
  lastSeen: string;
  firstSeen: string;
  agentSlug: string | null;
  teamSlug: string | null;
  assigneeName: string | null;
}

export function ViolationsTable({ rows, canTriage, triagers }: { rows: ListRow[]; canTriage: boolean; triagers: { id: string; name: string }[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  if (rows.length === 0) return <EmptyState title="No violations match">Detectors raise violations as agent events and decisions arrive.</EmptyState>;
  const all = rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <div className="space-y-3">
      {canTriage ? <BulkBar ids={[...selected]} triagers={triagers} onDone={() => setSelected(new Set())} /> : null}
      <Table aria-label="Violations">
        <THead>
          <tr>
            {canTriage ? (
              <TH className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={all}
                  onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))}
                />
              </TH>
            ) : null}
            <TH>Severity</TH>
            <TH>Violation</TH>
            <TH>Agent</TH>
            <TH className="text-right">Count</TH>
            <TH>Last seen</TH>
            <TH>Status</TH>
            <TH>Assignee</TH>
          </tr>
        </THead>
        <TBody>
          {rows.map((r) => (
            <TR key={r.id} data-testid="violation-row">
              {canTriage ? (
                <TD>
                  <input type="checkbox" aria-label={`Select ${r.title}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                </TD>
              ) : null}
              <TD>
                <SeverityBadge severity={r.severity} />
              </TD>
              <TD className="max-w-xl">
                <Link href={`/violations/${r.id}`} className="font-medium hover:underline">
                  {r.title}
                </Link>
                <div className="text-xs text-muted-foreground">
                  {r.kindLabel} · {r.explanation}
                </div>
              </TD>
              <TD className="text-sm">
                {r.agentSlug ?? "—"}
                {r.teamSlug ? <div className="text-xs text-muted-foreground">{r.teamSlug}</div> : null}
              </TD>
              <TD className="text-right tabular-nums">{r.count}</TD>
              <TD className="whitespace-nowrap text-xs">{r.lastSeen}</TD>
              <TD>
                <StatusBadge status={r.status} />
              </TD>
              <TD className="text-sm">{r.assigneeName ?? <span className="text-muted-foreground">—</span>}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

function BulkBar({ ids, triagers, onDone }: { ids: string[]; triagers: { id: string; name: string }[]; onDone: () => void }) {
  const { run, pending, error, fieldErrors } = useServerAction(triageViolationsAction);
  const [status, setStatus] = useState("");
  const [assignee, setAssignee] = useState("keep");
  const [note, setNote] = useState("");
  const disabled = pending || ids.length === 0 || (status === "" && assignee === "keep");
  return (
    <form
      aria-label="Bulk triage"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-card p-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          {
            ids,
            status: status || undefined,
            assigneeId: assignee === "keep" ? undefined : assignee === "none" ? "" : assignee,
            note: note || undefined,
          },
          () => {
            setNote("");
            setStatus("");
            setAssignee("keep");
            onDone();
          },
        );
      }}
    >
      <p className="text-sm font-medium" aria-live="polite">
        {ids.length} selected
      </p>
      <div className="space-y-1">
        <Label htmlFor="bulk-assignee">Assign to</Label>
        <Select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="keep">(unchanged)</option>
          <option value="none">Nobody</option>
          {triagers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="bulk-status">Set status</Label>
        <Select id="bulk-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">(unchanged)</option>
          <option value="open">Open</option>
          <option value="triaged">Triaged</option>
          <option value="resolved">Resolved</option>
          <option value="false_positive">False positive</option>
        </Select>
      </div>
      <div className="min-w-64 flex-1 space-y-1">
        <Label htmlFor="bulk-note">Note {status ? "(required)" : "(optional)"}</Label>
        <Input id="bulk-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why" />
      </div>
      <Button type="submit" disabled={disabled}>
        {pending ? "Applying…" : "Apply"}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-destructive">
          {error} {fieldErrors ? Object.values(fieldErrors).flat().join(" ") : null}
        </p>
      ) : null}
    </form>
  );
}
