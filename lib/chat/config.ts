import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatIntegrations } from "@/db/schema";
import { maskUrl } from "@/lib/violations/webhooks";
import { decryptSecrets, encryptSecrets, maskSecret } from "./crypto";

export type Provider = "slack" | "teams";

export interface SlackConfig {
  provider: "slack";
  enabled: boolean;
  /** bot: chat.postMessage / chat.update with a bot token; webhook: an incoming webhook */
  mode: "bot" | "webhook";
  channel: string | null;
  /** Slack's Web API base (a stand-in in tests, or an on-premises proxy); default https://slack.com/api/ */
  apiUrl: string | null;
  webhookUrl: string | null;
  botToken: string | null;
  signingSecret: string | null;
  createdAt: Date;
}

export interface TeamsConfig {
  provider: "teams";
  enabled: boolean;
  workflowUrl: string | null;
  createdAt: Date;
}

export type ChatConfig = SlackConfig | TeamsConfig;

export const SLACK_API_DEFAULT = "https://slack.com/api/";

function fromRow(row: typeof chatIntegrations.$inferSelect): ChatConfig {
  const c = (row.config ?? {}) as Record<string, string | null>;
  const s = decryptSecrets(row.secrets);
  if (row.provider === "teams") return { provider: "teams", enabled: row.enabled, workflowUrl: s.workflowUrl ?? null, createdAt: row.createdAt };
  return {
    provider: "slack",
    enabled: row.enabled,
    mode: c.mode === "bot" ? "bot" : "webhook",
    channel: c.channel ?? null,
    apiUrl: c.apiUrl ?? null,
    webhookUrl: s.webhookUrl ?? null,
    botToken: s.botToken ?? null,
    signingSecret: s.signingSecret ?? null,
    createdAt: row.createdAt,
  };
}

export async function loadChatConfig(db: Db, provider: "slack"): Promise<SlackConfig | null>;
export async function loadChatConfig(db: Db, provider: "teams"): Promise<TeamsConfig | null>;
export async function loadChatConfig(db: Db, provider: Provider): Promise<ChatConfig | null> {
  const [row] = await db.select().from(chatIntegrations).where(eq(chatIntegrations.provider, provider)).limit(1);
  return row ? fromRow(row) : null;
}

export interface SlackInput {
  enabled: boolean;
  mode: "bot" | "webhook";
  channel?: string | null;
  apiUrl?: string | null;
  /** undefined/empty: keep the stored value */
  webhookUrl?: string;
  botToken?: string;
  signingSecret?: string;
}

/** The row values for a save: secrets merged with the stored ones (blank fields keep what is set). */
export async function slackRow(db: Db, input: SlackInput) {
  const prev = await loadChatConfig(db, "slack");
  const secrets: Record<string, string> = {};
  const keep = (k: "webhookUrl" | "botToken" | "signingSecret") => {
    const v = input[k]?.trim() || prev?.[k] || "";
    if (v) secrets[k] = v;
  };
  keep("webhookUrl");
  keep("botToken");
  keep("signingSecret");
  return {
    provider: "slack",
    enabled: input.enabled,
    config: { mode: input.mode, channel: input.channel?.trim() || null, apiUrl: input.apiUrl?.trim() || null },
    secrets: encryptSecrets(secrets),
    masked: { webhookUrl: !!secrets.webhookUrl, botToken: !!secrets.botToken, signingSecret: !!secrets.signingSecret },
  };
}

export async function teamsRow(db: Db, input: { enabled: boolean; workflowUrl?: string }) {
  const prev = await loadChatConfig(db, "teams");
  const workflowUrl = input.workflowUrl?.trim() || prev?.workflowUrl || "";
  return { provider: "teams", enabled: input.enabled, config: {}, secrets: encryptSecrets(workflowUrl ? { workflowUrl } : {}) };
}

/** What the settings page shows: which credentials are set, masked; never the values. */
export function publicView(c: ChatConfig | null) {
  if (!c) return null;
  if (c.provider === "teams") return { provider: "teams" as const, enabled: c.enabled, workflowUrl: c.workflowUrl ? maskUrl(c.workflowUrl) : null };
  return {
    provider: "slack" as const,
    enabled: c.enabled,
    mode: c.mode,
    channel: c.channel,
    apiUrl: c.apiUrl,
    webhookUrl: c.webhookUrl ? maskUrl(c.webhookUrl) : null,
    botToken: maskSecret(c.botToken ?? undefined),
    signingSecret: maskSecret(c.signingSecret ?? undefined),
  };
}
