"use client";
import { linkChatUserAction } from "@/lib/chat/actions";
import { Button } from "@/components/ui/button";
import { useServerAction } from "./use-action";
import { FormError } from "@/components/ui/form-error";

export function ChatLinkConfirm({
  token,
  me,
  chatUser,
  workspace,
  provider,
}: {
  token: string;
  me: string;
  chatUser: string;
  workspace: string;
  provider: string;
}) {
  const { run, pending, error, result } = useServerAction(linkChatUserAction);
  if (result?.ok)
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        Linked. Your clicks in {provider} now count as yours ({me}), where your role and the request allow it. Go back to {provider} and click again.
      </p>
    );
  return (
    <div className="space-y-3 rounded-lg border border-border p-4">
      <p>
        Link the {provider} user <strong>{chatUser}</strong> in workspace <code>{workspace || "—"}</code> to you, <strong>{me}</strong>?
      </p>
      <p className="text-sm text-muted-foreground">
        Only confirm if that {provider} account is yours: its Approve and Deny clicks will count as your decisions. An admin can remove the link in Settings →
        Integrations.
      </p>
      <Button type="button" disabled={pending} onClick={() => run({ t: token })}>
        {pending ? "Linking…" : `Yes, link this ${provider} account to me`}
      </Button>
      <FormError error={error} />
    </div>
  );
}
