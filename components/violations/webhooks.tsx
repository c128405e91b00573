"use client";
import { useState } from "react";
import { createWebhookAction, deleteWebhookAction, toggleWebhookAction } from "@/lib/violations/actions";
import { useServerAction } from "@/components/settings/use-action";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { FormError } from "@/components/ui/form-error";

export function CreateWebhookForm() {
  const { run, pending, error, fieldErrors } = useServerAction(createWebhookAction);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <form
      aria-label="Add webhook"
      className="space-y-3 rounded-lg border border-border p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        setSecret(null);
        run(
          {
            name: String(fd.get("name") ?? ""),
            url: String(fd.get("url") ?? ""),
            secret: String(fd.get("secret") ?? ""),
            minSeverity: String(fd.get("minSeverity") ?? "high"),
            notifyApprovals: fd.get("notifyApprovals") === "on",
          },
          (d) => {
            form.reset();
            setSecret(d.secret ?? null);
          },
        );
      }}
    >
      <div className="flex flex-wrap gap-3">
        <div className="space-y-1">
          <Label htmlFor="w-name">Name</Label>
          <Input id="w-name" name="name" required placeholder="SOC channel" />
          <FieldError messages={fieldErrors?.name} />
        </div>
        <div className="min-w-72 flex-1 space-y-1">
          <Label htmlFor="w-url">URL</Label>
          <Input id="w-url" name="url" type="url" required placeholder="https://hooks.example.com/…" />
          <FieldError messages={fieldErrors?.url} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="w-sev">Minimum severity</Label>
          <Select id="w-sev" name="minSeverity" defaultValue="high">
            <option value="critical">Critical</option>
            <option value="high">High</option>
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="w-secret">Signing secret (empty = generate)</Label>
          <Input id="w-secret" name="secret" type="password" autoComplete="off" minLength={16} />
          <FieldError messages={fieldErrors?.secret} />
        </div>
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="notifyApprovals" />
          Also new approval requests
        </label>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add webhook"}
      </Button>
      <FormError error={error} />
      {secret ? (
        <div role="status" className="space-y-1 rounded-md border border-amber-600 p-3 text-sm">
          <p className="font-medium">Copy the signing secret now. It will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code className="break-all">{secret}</code>
            <CopyButton value={secret} />
          </div>
        </div>
      ) : null}
    </form>
  );
}

export interface WebhookRow {
  id: string;
  name: string;
  url: string;
  minSeverity: string;
  notifyApprovals: boolean;
  enabled: boolean;
  delivered: number;
  failed: number;
  pending: number;
}

export function WebhookTable({ hooks }: { hooks: WebhookRow[] }) {
  const toggle = useServerAction(toggleWebhookAction);
  const remove = useServerAction(deleteWebhookAction);
  if (hooks.length === 0)
    return (
      <EmptyState title="No alert webhooks">
        Add one to send new high and critical violations (and, if you like, new approval requests) to chat or a SOAR.
      </EmptyState>
    );
  return (
    <div className="space-y-2">
      {toggle.error || remove.error ? (
        <p role="alert" className="text-sm text-destructive">
          {toggle.error ?? remove.error}
        </p>
      ) : null}
      <Table aria-label="Alert webhooks">
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>URL</TH>
            <TH>Sends</TH>
            <TH>Deliveries</TH>
            <TH>State</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {hooks.map((h) => (
            <TR key={h.id}>
              <TD>{h.name}</TD>
              <TD className="font-mono text-xs">{h.url}</TD>
              <TD className="text-sm">
                {h.minSeverity} and up{h.notifyApprovals ? " · approval requests" : ""}
              </TD>
              <TD className="text-xs">
                {h.delivered} delivered · {h.pending} queued · {h.failed} failed
              </TD>
              <TD>{h.enabled ? <Badge tone="good">Enabled</Badge> : <Badge>Disabled</Badge>}</TD>
              <TD className="flex gap-2">
                <Button size="sm" variant="outline" disabled={toggle.pending} onClick={() => toggle.run({ id: h.id, enabled: !h.enabled })}>
                  {h.enabled ? "Disable" : "Enable"}
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={remove.pending}
                  onClick={() => {
                    if (window.confirm(`Delete "${h.name}"? Its queued deliveries are dropped.`)) remove.run({ id: h.id });
                  }}
                >
                  Delete
                </Button>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
