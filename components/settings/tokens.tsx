"use client";
import { useState } from "react";
import { createIntegrationTokenAction, revokeIntegrationTokenAction } from "@/lib/people/actions";
import { INTEGRATION_SCOPES } from "@/lib/auth/tokens";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { CopyButton } from "@/components/ui/copy-button";
import { useServerAction } from "./use-action";
import { fmtDateTime, fmtDay } from "@/lib/ui/time";
import { FormError } from "@/components/ui/form-error";

export function CreateTokenForm() {
  const { run, pending, error, fieldErrors } = useServerAction(createIntegrationTokenAction);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <form
      className="space-y-3 rounded-lg border border-border p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        const ttlDays = Number(fd.get("ttlDays") || 0);
        setShown(null);
        run(
          {
            name: String(fd.get("name") ?? ""),
            scopes: fd.getAll("scopes").map(String) as never,
            ttlSeconds: ttlDays > 0 ? ttlDays * 86400 : undefined,
          },
          (d) => {
            form.reset();
            setShown(d.token);
          },
        );
      }}
    >
      <div className="flex flex-wrap gap-3">
        <div className="space-y-1">
          <Label htmlFor="t-name">Name</Label>
          <Input id="t-name" name="name" required placeholder="GitHub Actions (payments)" />
          <FieldError messages={fieldErrors?.name} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="t-ttl">Expires after (days, empty = never)</Label>
          <Input id="t-ttl" name="ttlDays" type="number" min={1} max={3650} />
        </div>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Scopes</legend>
        <div className="flex flex-wrap gap-4">
          {INTEGRATION_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="scopes" value={s} /> <code>{s}</code>
            </label>
          ))}
        </div>
        <FieldError messages={fieldErrors?.scopes} />
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </Button>
      <FormError error={error} />
      {shown ? (
        <div role="status" className="space-y-1 rounded-md border border-amber-600 p-3 text-sm">
          <p className="font-medium">Copy this token now. It will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code data-testid="new-token" className="break-all">
              {shown}
            </code>
            <CopyButton value={shown} />
          </div>
        </div>
      ) : null}
    </form>
  );
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  expired: boolean;
}

export function TokenTable({ tokens }: { tokens: TokenRow[] }) {
  const { run, pending, error } = useServerAction(revokeIntegrationTokenAction);
  if (tokens.length === 0) return <EmptyState title="No integration tokens">CI, GitHub and SIEM exports use these.</EmptyState>;
  return (
    <div className="space-y-2">
      <FormError error={error} />
      <Table>
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Prefix</TH>
            <TH>Scopes</TH>
            <TH>Created</TH>
            <TH>Expires</TH>
            <TH>Last used</TH>
            <TH>Status</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {tokens.map((t) => {
            const expired = t.expired;
            return (
              <TR key={t.id}>
                <TD>{t.name}</TD>
                <TD className="font-mono text-xs">{t.prefix}…</TD>
                <TD className="text-xs">{t.scopes.join(", ")}</TD>
                <TD className="text-xs">{fmtDay(t.createdAt)}</TD>
                <TD className="text-xs">{fmtDay(t.expiresAt, "never")}</TD>
                <TD className="text-xs">{fmtDateTime(t.lastUsedAt, "never")}</TD>
                <TD>{t.revokedAt ? <Badge tone="bad">Revoked</Badge> : expired ? <Badge tone="warn">Expired</Badge> : <Badge tone="good">Active</Badge>}</TD>
                <TD>
                  {t.revokedAt ? null : (
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={pending}
                      onClick={() => {
                        if (window.confirm(`Revoke "${t.name}"? Clients using it stop working at once.`)) run({ id: t.id });
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
    </div>
  );
}
