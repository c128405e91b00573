"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Label, Select } from "@/components/ui/input";
import { EmptyState, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { useServerAction } from "@/components/settings/use-action";
import { issueTokenAction, revokeTokenAction, rotateTokenAction } from "@/lib/registry/actions";
import { fmtDate, relTime } from "./format";

export interface TokenRow {
  id: string;
  prefix: string;
  name: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: "active" | "grace" | "expired" | "revoked";
}

const TTLS = [
  { v: 3600, l: "1 hour" },
  { v: 8 * 3600, l: "8 hours" },
  { v: 86400, l: "1 day" },
  { v: 7 * 86400, l: "7 days" },
  { v: 30 * 86400, l: "30 days" },
  { v: 90 * 86400, l: "90 days" },
];
const stateTone = { active: "good", grace: "warn", expired: "neutral", revoked: "bad" } as const;

function Shown({ token, expiresAt }: { token: string; expiresAt: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-600/40 bg-amber-50 p-3 text-sm dark:bg-amber-950/30">
      <p className="font-medium">Copy this token now — it is shown only once. Expires {fmtDate(expiresAt)}.</p>
      <div className="flex items-center gap-2">
        <code data-testid="new-token" className="break-all rounded bg-muted px-2 py-1 font-mono text-xs">
          {token}
        </code>
        <CopyButton value={token} label="Copy token" />
      </div>
    </div>
  );
}

function RowActions({ agentId, row, onToken }: { agentId: string; row: TokenRow; onToken: (t: { token: string; expiresAt: string }) => void }) {
  const rotate = useServerAction(rotateTokenAction);
  const revoke = useServerAction(revokeTokenAction);
  const [grace, setGrace] = useState("0");
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  if (row.state !== "active" && row.state !== "grace") return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {row.state === "active" ? (
        <>
          <Label htmlFor={`g-${row.id}`} className="sr-only">
            Old token stops
          </Label>
          <Select id={`g-${row.id}`} value={grace} onChange={(e) => setGrace(e.target.value)} className="h-8 text-xs">
            <option value="0">old stops at once</option>
            <option value="300">old stops in 5 min</option>
            <option value="3600">old stops in 1 h</option>
          </Select>
          <Button
            size="sm"
            variant="outline"
            disabled={rotate.pending}
            onClick={() => rotate.run({ agentId, tokenId: row.id, graceSeconds: Number(grace) }, (d) => onToken(d))}
          >
            Rotate
          </Button>
        </>
      ) : null}
      {confirmRevoke ? (
        <Button
          size="sm"
          variant="destructive"
          disabled={revoke.pending}
          onClick={() => revoke.run({ agentId, tokenId: row.id }, () => setConfirmRevoke(false))}
        >
          Confirm revoke {row.prefix}
        </Button>
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setConfirmRevoke(true)}>
          Revoke
        </Button>
      )}
      {rotate.error || revoke.error ? (
        <span role="alert" className="text-xs text-destructive">
          {rotate.error ?? revoke.error}
        </span>
      ) : null}
    </div>
  );
}

/** `now` is the server's render time: relative times then read the same in the HTML and after hydration (#418). */
export function TokenPanel({
  agentId,
  tokens,
  canManage,
  retired,
  now,
}: {
  agentId: string;
  tokens: TokenRow[];
  canManage: boolean;
  retired: boolean;
  now: number;
}) {
  const issue = useServerAction(issueTokenAction);
  const [ttl, setTtl] = useState(String(8 * 3600));
  const [shown, setShown] = useState<{ token: string; expiresAt: string } | null>(null);
  return (
    <div className="space-y-3">
      {canManage && !retired ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            issue.run({ agentId, ttlSeconds: Number(ttl) }, (d) => setShown(d));
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="token-ttl">Time to live</Label>
            <Select id="token-ttl" value={ttl} onChange={(e) => setTtl(e.target.value)}>
              {TTLS.map((t) => (
                <option key={t.v} value={t.v}>
                  {t.l}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" disabled={issue.pending}>
            {issue.pending ? "Issuing…" : "Issue token"}
          </Button>
          {issue.error ? (
            <span role="alert" className="text-sm text-destructive">
              {issue.error}
            </span>
          ) : null}
        </form>
      ) : null}
      {shown ? <Shown token={shown.token} expiresAt={shown.expiresAt} /> : null}
      {tokens.length === 0 ? (
        <EmptyState title="No tokens">Issue a token for the agent&apos;s harness; it is shown once.</EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Prefix</TH>
              <TH>Created</TH>
              <TH>Expires</TH>
              <TH>Last used</TH>
              <TH>State</TH>
              {canManage ? (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              ) : null}
            </tr>
          </THead>
          <TBody>
            {tokens.map((t) => (
              <TR key={t.id}>
                <TD className="font-mono text-xs">{t.prefix}…</TD>
                <TD className="text-xs">{fmtDate(t.createdAt)}</TD>
                <TD className="text-xs">{fmtDate(t.expiresAt)}</TD>
                <TD className="text-xs">{relTime(t.lastUsedAt, now)}</TD>
                <TD>
                  <Badge tone={stateTone[t.state]}>{t.state === "grace" ? `stops ${relTime(t.revokedAt, now)}` : t.state}</Badge>
                </TD>
                {canManage ? (
                  <TD>
                    <RowActions agentId={agentId} row={t} onToken={setShown} />
                  </TD>
                ) : null}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
