"use client";
import { useState } from "react";
import { saveSlackAction, saveTeamsAction, testSendAction, unlinkChatUserAction } from "@/lib/chat/actions";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { fmtDateTime } from "@/lib/ui/time";
import { useServerAction } from "./use-action";
import { FormError } from "@/components/ui/form-error";

/** One block of Settings → Integrations (Slack, Teams, GitHub, …): the page lists these. */
export function IntegrationSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 rounded-lg border border-border p-4">
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {children}
    </section>
  );
}

function Saved({ error, ok }: { error?: string; ok: boolean }) {
  if (error)
    return (
      <p role="alert" className="text-sm text-destructive">
        {error}
      </p>
    );
  return ok ? (
    <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
      Saved.
    </p>
  ) : null;
}

function TestSend({ provider, configured }: { provider: "slack" | "teams"; configured: boolean }) {
  const { run, pending, result } = useServerAction(testSendAction);
  const data = result?.ok ? result.data : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="outline" disabled={pending || !configured} onClick={() => run({ provider })}>
        {pending ? "Sending…" : "Send a test message"}
      </Button>
      {result && !result.ok ? (
        <span role="alert" className="text-sm text-destructive">
          {result.error}
        </span>
      ) : null}
      {data ? (
        <span
          role="status"
          data-testid={`${provider}-test-result`}
          className={data.error ? "text-sm text-destructive" : "text-sm text-emerald-700 dark:text-emerald-400"}
        >
          {data.error ? `Not delivered: ${data.error}` : `Delivered${data.status ? ` (HTTP ${data.status})` : ""}.`}
        </span>
      ) : null}
    </div>
  );
}

export interface SlackView {
  enabled: boolean;
  mode: "bot" | "webhook";
  channel: string | null;
  apiUrl: string | null;
  webhookUrl: string | null;
  botToken: string | null;
  signingSecret: string | null;
}

export function SlackForm({ current, interactionsUrl }: { current: SlackView | null; interactionsUrl: string }) {
  const { run, pending, error, fieldErrors, result } = useServerAction(saveSlackAction);
  const [mode, setMode] = useState<"bot" | "webhook">(current?.mode ?? "bot");
  const kept = (v: string | null) => (v ? `Set (${v}); leave empty to keep` : "Not set");
  return (
    <div className="space-y-4">
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const s = (k: string) => String(fd.get(k) ?? "");
          run({
            enabled: fd.get("enabled") === "on",
            mode,
            channel: s("channel"),
            apiUrl: s("apiUrl"),
            webhookUrl: s("webhookUrl"),
            botToken: s("botToken"),
            signingSecret: s("signingSecret"),
          });
        }}
      >
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} /> Post approval requests to Slack
        </label>
        <div className="space-y-1">
          <Label htmlFor="slack-mode">Delivery</Label>
          <Select id="slack-mode" value={mode} onChange={(e) => setMode(e.target.value as "bot" | "webhook")}>
            <option value="bot">Bot token (messages update in place)</option>
            <option value="webhook">Incoming webhook</option>
          </Select>
        </div>
        {mode === "bot" ? (
          <>
            <div className="space-y-1">
              <Label htmlFor="slack-channel">Channel</Label>
              <Input id="slack-channel" name="channel" defaultValue={current?.channel ?? ""} placeholder="#approvals" aria-describedby="slack-channel-err" />
              <FieldError id="slack-channel-err" messages={fieldErrors?.channel} />
            </div>
            <div className="space-y-1">
              <Label htmlFor="slack-bot">Bot token (xoxb-…)</Label>
              <Input id="slack-bot" name="botToken" type="password" autoComplete="off" placeholder={kept(current?.botToken ?? null)} />
            </div>
          </>
        ) : (
          <div className="space-y-1">
            <Label htmlFor="slack-webhook">Incoming webhook URL</Label>
            <Input
              id="slack-webhook"
              name="webhookUrl"
              type="password"
              autoComplete="off"
              placeholder={kept(current?.webhookUrl ?? null)}
              aria-describedby="slack-webhook-err"
            />
            <FieldError id="slack-webhook-err" messages={fieldErrors?.webhookUrl} />
          </div>
        )}
        <div className="space-y-1">
          <Label htmlFor="slack-signing">Signing secret (for the Approve / Deny buttons)</Label>
          <Input id="slack-signing" name="signingSecret" type="password" autoComplete="off" placeholder={kept(current?.signingSecret ?? null)} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="slack-api">Slack API URL (optional)</Label>
          <Input id="slack-api" name="apiUrl" defaultValue={current?.apiUrl ?? ""} placeholder="https://slack.com/api/" aria-describedby="slack-api-err" />
          <FieldError id="slack-api-err" messages={fieldErrors?.apiUrl} />
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save Slack settings"}
          </Button>
          <Saved error={error} ok={!!result?.ok} />
        </div>
      </form>
      <p className="text-sm">
        Interactivity request URL for your Slack app: <code className="break-all">{interactionsUrl}</code>
      </p>
      <TestSend provider="slack" configured={!!current} />
    </div>
  );
}

export function TeamsForm({ current }: { current: { enabled: boolean; workflowUrl: string | null } | null }) {
  const { run, pending, error, fieldErrors, result } = useServerAction(saveTeamsAction);
  return (
    <div className="space-y-4">
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          run({ enabled: fd.get("enabled") === "on", workflowUrl: String(fd.get("workflowUrl") ?? "") });
        }}
      >
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} /> Post approval requests to Microsoft Teams
        </label>
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="teams-url">Workflow webhook URL</Label>
          <Input
            id="teams-url"
            name="workflowUrl"
            type="password"
            autoComplete="off"
            placeholder={current?.workflowUrl ? `Set (${current.workflowUrl}); leave empty to keep` : "https://…/workflows/…/triggers/manual/paths/invoke?…"}
            aria-describedby="teams-url-err"
          />
          <FieldError id="teams-url-err" messages={fieldErrors?.workflowUrl} />
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save Teams settings"}
          </Button>
          <Saved error={error} ok={!!result?.ok} />
        </div>
      </form>
      <TestSend provider="teams" configured={!!current} />
    </div>
  );
}

export interface ChatDeliveryRow {
  id: string;
  provider: string;
  approvalId: string;
  agentSlug: string;
  what: string | null;
  actionType: string;
  approvalStatus: string;
  shownStatus: string | null;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

const TONE: Record<string, "good" | "bad" | "warn" | "neutral"> = {
  delivered: "good",
  failed: "bad",
  retrying: "warn",
  pending: "neutral",
  sending: "neutral",
  cancelled: "neutral",
};

export function ChatDeliveries({ rows }: { rows: ChatDeliveryRow[] }) {
  if (rows.length === 0) return <EmptyState title="No chat messages yet">Each approval request is posted once Slack or Teams is configured.</EmptyState>;
  return (
    <Table>
      <THead>
        <tr>
          <TH>When</TH>
          <TH>Where</TH>
          <TH>Request</TH>
          <TH>Shows</TH>
          <TH>Delivery</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.id}>
            <TD className="text-xs">{fmtDateTime(r.createdAt)}</TD>
            <TD className="capitalize">{r.provider}</TD>
            <TD className="max-w-[28ch] truncate text-xs">
              <a className="underline" href={`/approvals/${r.approvalId}`}>
                {r.agentSlug}: {r.what ?? r.actionType}
              </a>
            </TD>
            <TD className="text-xs">{r.shownStatus ?? "—"}</TD>
            <TD>
              <Badge tone={TONE[r.status] ?? "neutral"}>{r.status}</Badge>
              <span className="ml-2 text-xs text-muted-foreground">
                {r.attempts} attempt{r.attempts === 1 ? "" : "s"}
                {r.lastError ? ` · ${r.lastError}` : ""}
              </span>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export interface ChatLinkRow {
  id: string;
  provider: string;
  workspaceId: string;
  externalUserId: string;
  email: string;
  createdAt: string;
}

export function ChatLinks({ rows }: { rows: ChatLinkRow[] }) {
  const { run, pending, error } = useServerAction(unlinkChatUserAction);
  if (rows.length === 0)
    return <EmptyState title="No linked chat users">A person links their chat account the first time they click Approve or Deny.</EmptyState>;
  return (
    <div className="space-y-2">
      <FormError error={error} />
      <Table>
        <THead>
          <tr>
            <TH>Person</TH>
            <TH>Chat user</TH>
            <TH>Linked</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {rows.map((l) => (
            <TR key={l.id}>
              <TD>{l.email}</TD>
              <TD className="font-mono text-xs">
                {l.provider} {l.workspaceId}/{l.externalUserId}
              </TD>
              <TD className="text-xs">{fmtDateTime(l.createdAt)}</TD>
              <TD>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={pending}
                  onClick={() => window.confirm(`Unlink ${l.externalUserId} from ${l.email}?`) && run({ id: l.id })}
                >
                  Unlink
                </Button>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
