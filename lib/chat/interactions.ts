import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/lib/db";
import { chatLinks, chatMessages, chatNonces, users } from "@/db/schema";
import { decideApproval } from "@/lib/approvals/queries";
import { personActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { defineApi, json, type ApiRequest } from "@/lib/http/api";
import { AppError, badRequest } from "@/lib/http/errors";
import { loadChatConfig, SLACK_API_DEFAULT, type SlackConfig } from "./config";
import { SLACK_MAX_SKEW_S, signToken, verifySlackRequest } from "./crypto";
import { refreshChatMessages } from "./deliver";
import { ACTION_APPROVE, ACTION_DENY, baseUrl, openUrl, slackReply } from "./messages";

/** How long a link offered to an unlinked chat user stays valid. */
export const LINK_TTL_S = 15 * 60;

const payloadSchema = z.object({
  type: z.string(),
  user: z.object({
    id: z.string().min(1).max(64),
    username: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
    team_id: z.string().max(64).optional(),
  }),
  team: z.object({ id: z.string().max(64) }).nullish(),
  response_url: z.string().max(2000).optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional(), action_ts: z.string().max(64).optional() }))
    .max(25)
    .optional(),
});
export type SlackInteraction = z.infer<typeof payloadSchema>;

/** Remembers `key` until `expiresAt`; false when it was seen before (a replay). */
export async function firstUse(db: Db, key: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.insert(chatNonces).values({ key, expiresAt }).onConflictDoNothing().returning({ key: chatNonces.key });
  return rows.length === 1;
}

/** A response_url is only followed to Slack itself (or the configured Slack API's host, for stand-ins). */
export function allowedResponseUrl(c: SlackConfig, url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const api = new URL(c.apiUrl ?? SLACK_API_DEFAULT);
    if (u.origin === "https://hooks.slack.com" || u.origin === api.origin) return u.toString();
  } catch {
    /* not a URL */
  }
  return null;
}

async function reply(url: string | null, body: unknown) {
  if (!url) return;
  await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(2_500),
    redirect: "manual",
  })
    .then((r) => r.body?.cancel())
    .catch((err) => console.error("[gatehouse] Slack reply failed:", err instanceof Error ? err.message : String(err)));
}

export type InteractionOutcome = "decided" | "unlinked" | "not_permitted" | "refused" | "ignored";

/**
 * POST /api/chat/slack/interactions — Slack's interactivity request URL. Verifies the v0
 * signature and the timestamp (five minutes), refuses a replayed signature or action, maps the
 * Slack user to their linked Gatehouse person and decides through lib/approvals, which re-checks
 * segregation of duties, the rule's approvers and expiry. The role is checked here as every
 * server action checks it (approvals:decide). Whatever happens, the clicker gets an ephemeral
 * reply through the response_url; refusals offer "Open in Gatehouse".
 */
export const slackInteractionsHandler = defineApi(
  async (req: ApiRequest) => {
    const db = await getDb();
    const raw = await req.bodyText();
    const cfg = await loadChatConfig(db, "slack");
    if (!cfg?.enabled || !cfg.signingSecret) throw new AppError(404, "not_found", "Slack is not configured on this Gatehouse.");
    const ts = req.header("x-slack-request-timestamp");
    const check = verifySlackRequest(cfg.signingSecret, { signature: req.header("x-slack-signature"), timestamp: ts }, raw);
    if (check === "stale") throw new AppError(401, "stale_request", "The request timestamp is more than five minutes away from now.");
    if (check !== "ok") throw new AppError(401, "invalid_signature", "The Slack request signature does not verify.");
    // within the window a captured request could be sent again: each signature counts once
    const until = new Date((Number(ts) + SLACK_MAX_SKEW_S + 60) * 1000);
    if (!(await firstUse(db, `slack-sig:${req.header("x-slack-signature")}`, until))) throw new AppError(409, "replayed", "This request was already received.");

    const form = new URLSearchParams(raw);
    let payload: SlackInteraction;
    try {
      const parsed = payloadSchema.safeParse(JSON.parse(form.get("payload") ?? ""));
      if (!parsed.success) throw badRequest("The interaction payload does not match the schema.");
      payload = parsed.data;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw badRequest("The body has no JSON `payload` field.");
    }
    const action = payload.actions?.find((a) => a.action_id === ACTION_APPROVE || a.action_id === ACTION_DENY);
    if (payload.type !== "block_actions" || !action) return json(200, { ok: true, outcome: "ignored" satisfies InteractionOutcome });
    const approvalId = action.value ?? "";
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(approvalId)) throw badRequest("The action names no approval request.");
    const workspace = payload.team?.id ?? payload.user.team_id ?? "";
    if (action.action_ts && !(await firstUse(db, `slack-action:${workspace}:${payload.user.id}:${action.action_ts}`, until)))
      throw new AppError(409, "replayed", "This action was already received.");

    const responseUrl = allowedResponseUrl(cfg, payload.response_url);
    if (responseUrl) {
      // lets an incoming-webhook message be updated in place when the request changes
      await db
        .update(chatMessages)
        .set({ responseUrl, responseUrlAt: new Date() })
        .where(and(eq(chatMessages.approvalId, approvalId), eq(chatMessages.provider, "slack")));
    }
    const open = { label: "Open in Gatehouse", url: openUrl(approvalId) };
    const answer = async (outcome: InteractionOutcome, text: string, links: { label: string; url: string }[] = [open]) => {
      await reply(responseUrl, slackReply(text, links));
      return json(200, { ok: outcome === "decided", outcome, message: text });
    };

    const [link] = await db
      .select({ user: users })
      .from(chatLinks)
      .innerJoin(users, eq(users.id, chatLinks.userId))
      .where(and(eq(chatLinks.provider, "slack"), eq(chatLinks.workspaceId, workspace), eq(chatLinks.externalUserId, payload.user.id)))
      .limit(1);
    if (!link || link.user.disabled) {
      const t = signToken({
        k: "link",
        p: "slack",
        w: workspace,
        u: payload.user.id,
        n: (payload.user.username ?? payload.user.name ?? "").slice(0, 100),
        exp: Math.floor(Date.now() / 1000) + LINK_TTL_S,
      });
      return answer(
        "unlinked",
        "Your Slack account is not linked to a Gatehouse person, so this click was not counted. Link it once (the link is valid 15 minutes, open it while signed in to Gatehouse), or decide in Gatehouse.",
        [{ label: "Link my Slack account", url: `${baseUrl()}/chat-link?t=${t}` }, open],
      );
    }
    const who = link.user;
    if (!can(who.role, "approvals:decide"))
      return answer("not_permitted", `Your Gatehouse role (${who.role}) may not decide approval requests; nothing was decided.`);
    const decision = action.action_id === ACTION_APPROVE ? "approve" : "deny";
    try {
      const row = await decideApproval(
        db,
        { id: approvalId, decision, reason: `${decision === "approve" ? "Approved" : "Denied"} in Slack by ${who.email}.`, via: "slack" },
        personActor(who),
      );
      await refreshChatMessages(db, approvalId);
      return answer(
        "decided",
        row.status === "pending" ? `Your ${decision} is recorded; the request still waits for more approvals.` : `Done: the request is ${row.status}.`,
      );
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        await refreshChatMessages(db, approvalId);
        return answer("refused", `Not decided: ${err.message}`);
      }
      throw err;
    }
  },
  { bodyLimit: 64 * 1024, rateLimit: { perSecond: 20, burst: 60 } },
);
