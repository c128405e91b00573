import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agentTokens, integrationTokens } from "@/db/schema";
import { bumpControlVersion } from "@/lib/registry/control";
import { describeEngines } from "@/lib/testing/db";
import { createAgent } from "@/lib/registry/write";
import { issueAgentToken } from "@/lib/registry/tokens";
import { registryFixture } from "@/lib/registry/testing/fixtures";
import { AppError } from "@/lib/http/errors";
import { authenticateMachine, findAgentByIdOrSlug } from "./machine";

// Written against StrykerJS survivors (npm run test:mutation auth; QUALITY.md): every way a
// bearer token is refused (401, with which message) or accepted, at the expiry/revocation edges.

const req = (token?: string) => ({ header: (n: string) => (n === "authorization" && token !== undefined ? `Bearer ${token}` : undefined) });

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string } | "accepted"> {
  try {
    await p;
    return "accepted";
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { status: e.status, code: e.code, message: e.message };
  }
}

describeEngines("authenticateMachine", (get) => {
  it("accepts a live agent token and refuses unknown, revoked and expired ones (401)", async () => {
    const db = get().db;
    const fx = await registryFixture(db, "mach");
    const agent = await createAgent(
      db,
      {
        slug: "mach-agent",
        name: "M",
        kind: "codex",
        role: "deployment",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "m",
        toolchainVersion: "1",
        scope: [],
      },
      fx.actor,
    );
    const issued = await issueAgentToken(db, agent.id, {}, fx.actor);
    const ok = await authenticateMachine(db, req(issued.token));
    expect(ok).toMatchObject({ kind: "agent", tokenId: issued.id, tokenPrefix: issued.prefix });
    expect(ok.kind === "agent" && ok.agent.id).toBe(agent.id);

    expect(await refusal(authenticateMachine(db, req()))).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await refusal(authenticateMachine(db, req("ghp_notours")))).toMatchObject({ status: 401, message: "Unknown token." });
    expect(await refusal(authenticateMachine(db, req(issued.token.slice(0, -1) + (issued.token.endsWith("a") ? "b" : "a"))))).toMatchObject({
      status: 401,
      message: "Unknown token.",
    });

    // revocation in the future is not yet a revocation; in the past it is
    await db
      .update(agentTokens)
      .set({ revokedAt: new Date(Date.now() + 60_000) })
      .where(eq(agentTokens.id, issued.id));
    await bumpControlVersion(db); // rows edited by hand: tell the agent-token cache, as product writes do
    expect(await refusal(authenticateMachine(db, req(issued.token)))).toBe("accepted");
    await db
      .update(agentTokens)
      .set({ revokedAt: new Date(Date.now() - 1) })
      .where(eq(agentTokens.id, issued.id));
    await bumpControlVersion(db); // rows edited by hand: tell the agent-token cache, as product writes do
    expect(await refusal(authenticateMachine(db, req(issued.token)))).toMatchObject({ status: 401, message: "This token has been revoked." });

    await db
      .update(agentTokens)
      .set({ revokedAt: null, expiresAt: new Date(Date.now() + 60_000) })
      .where(eq(agentTokens.id, issued.id));
    await bumpControlVersion(db); // rows edited by hand: tell the agent-token cache, as product writes do
    expect(await refusal(authenticateMachine(db, req(issued.token)))).toBe("accepted");
    await db
      .update(agentTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(agentTokens.id, issued.id));
    await bumpControlVersion(db); // rows edited by hand: tell the agent-token cache, as product writes do
    expect(await refusal(authenticateMachine(db, req(issued.token)))).toMatchObject({ status: 401, message: "This token has expired." });

    expect((await findAgentByIdOrSlug(db, agent.id))?.slug).toBe("mach-agent");
    expect((await findAgentByIdOrSlug(db, agent.id.toUpperCase()))?.slug).toBe("mach-agent");
    expect((await findAgentByIdOrSlug(db, "mach-agent"))?.id).toBe(agent.id);
    expect(await findAgentByIdOrSlug(db, "nobody")).toBeUndefined();
  });

  it("accepts an integration token with its scopes; no expiry means none; refuses revoked and expired", async () => {
    const db = get().db;
    const fx = await registryFixture(db, "machi");
    const token = await fx.token(["audit:read", "agents:write"]);
    const ok = await authenticateMachine(db, req(token));
    expect(ok).toMatchObject({ kind: "integration", scopes: ["audit:read", "agents:write"] });
    expect(ok.kind === "integration" && ok.name).toBeTruthy();
    const [row] = await db.select().from(integrationTokens).where(eq(integrationTokens.id, ok.tokenId));
    expect(ok.tokenPrefix).toBe(row.prefix);

    await db.update(integrationTokens).set({ expiresAt: null }).where(eq(integrationTokens.id, row.id));
    expect(await refusal(authenticateMachine(db, req(token)))).toBe("accepted");
    await db
      .update(integrationTokens)
      .set({ expiresAt: new Date(Date.now() + 60_000), revokedAt: new Date(Date.now() + 60_000) })
      .where(eq(integrationTokens.id, row.id));
    expect(await refusal(authenticateMachine(db, req(token)))).toBe("accepted");
    await db
      .update(integrationTokens)
      .set({ revokedAt: new Date(Date.now() - 1) })
      .where(eq(integrationTokens.id, row.id));
    expect(await refusal(authenticateMachine(db, req(token)))).toMatchObject({ status: 401, message: "This token has been revoked." });
    await db
      .update(integrationTokens)
      .set({ revokedAt: null, expiresAt: new Date(Date.now() - 1) })
      .where(eq(integrationTokens.id, row.id));
    expect(await refusal(authenticateMachine(db, req(token)))).toMatchObject({ status: 401, message: "This token has expired." });
    // an integration-looking token nobody issued
    expect(await refusal(authenticateMachine(db, req("gci_" + "x".repeat(32))))).toMatchObject({ status: 401, message: "Unknown token." });
  });
});
