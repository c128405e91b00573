import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { readLinkToken } from "@/lib/chat/links";
import { ChatLinkConfirm } from "@/components/settings/integrations-chat-link";

export const metadata: Metadata = { title: "Link your chat account" };

/**
 * Opened from the link Gatehouse gives an unlinked chat user who clicked Approve or Deny: the
 * signed-in person confirms that the chat account is theirs (the link is signed, expires after
 * 15 minutes and works once). Any role may link; what a linked person may decide is checked at
 * each decision.
 */
export default async function ChatLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("dashboard:view");
  const sp = await searchParams;
  const t = typeof sp.t === "string" ? sp.t : null;
  const req = readLinkToken(t);
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">Link your chat account</h1>
      {!req || !t ? (
        <p role="alert" className="text-sm text-destructive">
          This link is not valid or has expired. Click Approve or Deny in Slack again to get a new one.
        </p>
      ) : (
        <ChatLinkConfirm
          token={t}
          me={user.email}
          chatUser={`${req.displayName ? `@${req.displayName} ` : ""}(${req.externalUserId})`}
          workspace={req.workspaceId}
          provider={req.provider === "slack" ? "Slack" : req.provider}
        />
      )}
    </div>
  );
}
