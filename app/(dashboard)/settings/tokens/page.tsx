import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listIntegrationTokens } from "@/lib/people/queries";
import { CreateTokenForm, TokenTable } from "@/components/settings/tokens";

export const metadata: Metadata = { title: "Integration tokens" };

export default async function TokensPage() {
  await requirePermission("settings:manage");
  const tokens = await listIntegrationTokens(await getDb());
  const now = new Date();
  return (
    <div className="space-y-6">
      <CreateTokenForm />
      <TokenTable
        tokens={tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expired: !!t.expiresAt && t.expiresAt <= now,
        }))}
      />
    </div>
  );
}
