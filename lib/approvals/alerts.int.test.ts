import http from "node:http";
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { alertDeliveries, alertWebhooks } from "@/db/schema";
import { decisionFixture } from "@/lib/decisions/testing";
import { loadAgentSnapshotById } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { deliverDueAlerts } from "@/lib/violations/alerts";
import { createWebhook, listRecentDeliveries } from "@/lib/violations/webhooks";
import { personActor } from "@/lib/auth/actor";

const received: { headers: http.IncomingHttpHeaders; body: string; url?: string }[] = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body, url: req.url });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describeEngines("approval-request alerts", (get) => {
  it("a new approval request is posted, signed, to the webhooks that ask for it — committed with the request", async () => {
    const { db } = get();
    received.length = 0;
    const fx = await decisionFixture(db, "alerts");
    const { agent } = await fx.agent("alerted");
    const actor = personActor(fx.admin);
    const approvers = await createWebhook(
      db,
      { name: "approvers", url: `${base}/approvers`, secret: "approvers-secret-123", minSeverity: "high", notifyApprovals: true },
      actor,
    );
    await createWebhook(db, { name: "soc only", url: `${base}/soc`, secret: "soc-secret-12345678", minSeverity: "high" }, actor);

    const snap = (await loadAgentSnapshotById(db, agent.id))!;
    const out = await decide(
      db,
      snap,
      {
        action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: "terraform plan -target=module.ledger" },
        session_id: "s-alert",
        initiated_by: "dev@acme.test",
        justification: "plan the ledger change",
      },
      { source: "api" },
    );
    expect(out.answer.decision).toBe("ask");
    // an allowed action queues nothing
    await decide(db, snap, { action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/a.ts" } }, { source: "api" });

    const queued = await db.select().from(alertDeliveries);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ webhookId: approvers.id, approvalId: out.answer.approval_id, violationId: null, status: "pending" });

    expect(await deliverDueAlerts(db)).toEqual({ attempted: 1, delivered: 1 });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got.url).toBe("/approvers");
    expect(got.headers["x-gatehouse-event"]).toBe("approval.requested");
    expect(got.headers["x-gatehouse-signature"]).toBe(`sha256=${createHmac("sha256", "approvers-secret-123").update(got.body).digest("hex")}`);
    expect(JSON.parse(got.body).approval).toMatchObject({
      id: out.answer.approval_id,
      status: "pending",
      agent_slug: agent.slug,
      action_type: "shell.exec",
      command: "terraform plan -target=module.ledger",
      justification: "plan the ledger change",
      initiated_by: "dev@acme.test",
      rule_id: "gate-infrastructure-commands",
    });
    const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, queued[0].id));
    expect(row.status).toBe("delivered");
    const [listed] = await listRecentDeliveries(db);
    expect(listed).toMatchObject({ approvalId: out.answer.approval_id, approvalAgent: agent.slug, approvalAction: "shell.exec" });

    // a disabled webhook queues nothing for the next request
    await db.update(alertWebhooks).set({ enabled: false }).where(eq(alertWebhooks.id, approvers.id));
    await decide(
      db,
      snap,
      { action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: "terraform plan -target=module.fx" } },
      { source: "api" },
    );
    expect(await db.select().from(alertDeliveries)).toHaveLength(1);
  });
});
