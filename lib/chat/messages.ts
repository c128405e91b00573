import { env } from "@/lib/env";
import { signToken } from "./crypto";

/** What a chat message says about one approval request (read fresh at each send). */
export interface ApprovalForChat {
  id: string;
  status: string;
  agentSlug: string;
  actionType: string;
  command: string | null;
  resource: string | null;
  justification: string | null;
  initiatedBy: string | null;
  risk: number;
  reason: string | null;
  decidedByLabel: string | null;
  expiresAt: Date;
}

export const ACTION_APPROVE = "gatehouse_approve";
export const ACTION_DENY = "gatehouse_deny";
export const ACTION_OPEN = "gatehouse_open";
/** Open links stay valid a day: long enough to follow up a decision, short enough to age out. */
export const OPEN_LINK_TTL_S = 24 * 3600;

export function baseUrl(): string {
  return (env().NEXTAUTH_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

/**
 * The link into Gatehouse from chat: a signed, expiring token that /api/chat/open checks and
 * turns into the approval page. It carries no decision (deciding on the page needs a session).
 */
export function openUrl(approvalId: string, now = Date.now()): string {
  return `${baseUrl()}/api/chat/open?t=${signToken({ k: "open", a: approvalId, exp: Math.floor(now / 1000) + OPEN_LINK_TTL_S })}`;
}

const STATUS_LINE: Record<string, string> = {
  approved: "✅ Approved",
  denied: "⛔ Denied",
  expired: "⌛ Expired without a decision (counts as denied)",
  cancelled: "✖ Cancelled",
};

export function statusLine(a: ApprovalForChat): string | null {
  if (a.status === "pending") return null;
  const base = STATUS_LINE[a.status] ?? a.status;
  const by = a.decidedByLabel && (a.status === "approved" || a.status === "denied") ? ` by ${a.decidedByLabel}` : "";
  const why = a.status === "cancelled" && a.reason ? ` — ${a.reason}` : "";
  return `${base}${by}${why}`;
}

/** Slack mrkdwn escaping (&, <, >) and truncation. */
function esc(s: string, max = 500): string {
  const t = s.length > max ? `${s.slice(0, max)}…` : s;
  return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function what(a: ApprovalForChat): string {
  return a.command ?? a.resource ?? a.actionType;
}

/** The plain-text fallback (notifications, screen readers). */
export function summary(a: ApprovalForChat): string {
  const s = statusLine(a);
  return `${s ? `${s}: ` : "Approval requested: "}${a.agentSlug} wants to ${a.actionType} ${what(a)}`.slice(0, 3000);
}

/** Block Kit: the request, Approve / Deny while it waits, and always "Open in Gatehouse". */
export function slackMessage(a: ApprovalForChat, now = Date.now()) {
  const fields = [
    `*Agent*\n${esc(a.agentSlug)}`,
    `*Action*\n${esc(a.actionType)}`,
    `*Risk*\n${a.risk}`,
    `*Expires*\n<!date^${Math.floor(a.expiresAt.getTime() / 1000)}^{date_short_pretty} {time}|${a.expiresAt.toISOString()}>`,
  ];
  if (a.initiatedBy) fields.push(`*Initiated by*\n${esc(a.initiatedBy)}`);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: "Gatehouse: approval requested", emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: `\`\`\`${esc(what(a), 2500)}\`\`\`` } },
    { type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text })) },
  ];
  if (a.justification) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Justification: ${esc(a.justification)}` }] });
  const status = statusLine(a);
  if (status) blocks.push({ type: "section", text: { type: "mrkdwn", text: `*${esc(status)}*` } });
  const open = { type: "button", action_id: ACTION_OPEN, text: { type: "plain_text", text: "Open in Gatehouse" }, url: openUrl(a.id, now) };
  blocks.push({
    type: "actions",
    block_id: `gatehouse:${a.id}`,
    elements:
      a.status === "pending"
        ? [
            { type: "button", action_id: ACTION_APPROVE, style: "primary", value: a.id, text: { type: "plain_text", text: "Approve" } },
            { type: "button", action_id: ACTION_DENY, style: "danger", value: a.id, text: { type: "plain_text", text: "Deny" } },
            open,
          ]
        : [open],
  });
  return { text: summary(a), blocks };
}

/** A short ephemeral reply to the person who clicked, with the way into Gatehouse. */
export function slackReply(text: string, links: { label: string; url: string }[]) {
  return {
    response_type: "ephemeral",
    replace_original: false,
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: esc(text, 2900) } },
      ...(links.length
        ? [
            {
              type: "actions",
              elements: links.map((l, i) => ({ type: "button", action_id: `gatehouse_link_${i}`, text: { type: "plain_text", text: l.label }, url: l.url })),
            },
          ]
        : []),
    ],
  };
}

/** Teams: an Adaptive Card through a Workflows webhook ("Open in Gatehouse"; decisions are taken there). */
export function teamsMessage(a: ApprovalForChat, now = Date.now()) {
  const status = statusLine(a);
  const facts = [
    { title: "Agent", value: a.agentSlug },
    { title: "Action", value: a.actionType },
    { title: "Risk", value: String(a.risk) },
    { title: "Expires", value: a.expiresAt.toISOString() },
    ...(a.initiatedBy ? [{ title: "Initiated by", value: a.initiatedBy }] : []),
  ];
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", text: status ? `Gatehouse: ${status}` : "Gatehouse: approval requested", wrap: true },
            { type: "TextBlock", text: what(a).slice(0, 2500), fontType: "Monospace", wrap: true },
            { type: "FactSet", facts },
            ...(a.justification ? [{ type: "TextBlock", text: `Justification: ${a.justification.slice(0, 500)}`, wrap: true, isSubtle: true }] : []),
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open in Gatehouse", url: openUrl(a.id, now) }],
        },
      },
    ],
  };
}
