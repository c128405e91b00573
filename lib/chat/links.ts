import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatLinks, users } from "@/db/schema";
import { audited } from "@/lib/audit/audited";
import { auditActor, type PersonActor } from "@/lib/auth/actor";
import { defineApi, type ApiRequest } from "@/lib/http/api";
import { AppError } from "@/lib/http/errors";
import { verifyToken } from "./crypto";
import { firstUse } from "./interactions";

/**
 * GET /api/chat/open?t=… — the "Open in Gatehouse" link of a chat message: a signed, expiring
 * token naming one approval request, answered with a redirect to its page (which asks for a
 * session as every page does). The link carries no decision.
 */
export const chatOpenHandler = defineApi(async (req: ApiRequest) => {
  const p = verifyToken(req.url.searchParams.get("t"));
  if (!p || p.k !== "open") throw new AppError(404, "not_found", "This link is not valid or has expired. Open the approval queue in Gatehouse instead.");
  return { status: 303, headers: { location: `/approvals/${p.a}` } };
});

export interface LinkRequest {
  provider: "slack";
  workspaceId: string;
  externalUserId: string;
  displayName: string | null;
}

/** What a link token offers to link, or null when forged or expired. */
export function readLinkToken(t: string | null | undefined): LinkRequest | null {
  const p = verifyToken(t);
  if (!p || p.k !== "link") return null;
  return { provider: p.p, workspaceId: p.w, externalUserId: p.u, displayName: p.n || null };
}

/**
 * Links the chat user named by a valid token to the signed-in person, once (the token is
 * single-use), replacing an earlier link of that chat user; audited in the same transaction.
 */
export async function linkChatUser(db: Db, token: string, person: PersonActor) {
  const p = verifyToken(token);
  if (!p || p.k !== "link")
    throw new AppError(400, "invalid_link", "This link is not valid or has expired. Click Approve or Deny in Slack again for a new one.");
  if (!(await firstUse(db, `link:${token.split(".")[1]}`, new Date(p.exp * 1000)))) throw new AppError(409, "conflict", "This link was already used.");
  return audited(db, async (tx) => {
    await tx.delete(chatLinks).where(and(eq(chatLinks.provider, p.p), eq(chatLinks.workspaceId, p.w), eq(chatLinks.externalUserId, p.u)));
    const [row] = await tx.insert(chatLinks).values({ provider: p.p, workspaceId: p.w, externalUserId: p.u, userId: person.userId }).returning();
    return {
      result: row,
      events: [
        {
          ...auditActor(person),
          type: "chat.link",
          resource: `chat_user:${p.p}:${p.w}:${p.u}`,
          payload: { provider: p.p, workspace_id: p.w, external_user_id: p.u, display_name: p.n ?? null },
        },
      ],
    };
  });
}

export async function unlinkChatUser(db: Db, id: string, actor: PersonActor) {
  return audited(db, async (tx) => {
    const [row] = await tx.delete(chatLinks).where(eq(chatLinks.id, id)).returning();
    return {
      result: !!row,
      events: row
        ? [
            {
              ...auditActor(actor),
              type: "chat.unlink",
              resource: `chat_user:${row.provider}:${row.workspaceId}:${row.externalUserId}`,
              payload: { user_id: row.userId },
            },
          ]
        : [],
    };
  });
}

/** The linked chat users, for the settings page. */
export async function listChatLinks(db: Db) {
  return db
    .select({
      id: chatLinks.id,
      provider: chatLinks.provider,
      workspaceId: chatLinks.workspaceId,
      externalUserId: chatLinks.externalUserId,
      email: users.email,
      role: users.role,
      createdAt: chatLinks.createdAt,
    })
    .from(chatLinks)
    .innerJoin(users, eq(users.id, chatLinks.userId))
    .orderBy(users.email);
}
