import http from "node:http";
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { alertDeliveries, alertWebhooks, violations } from "@/db/schema";
import { raiseViolations } from "./raise";
import { deliverDueAlerts, enqueueAlertDeliveries, MAX_ATTEMPTS } from "./alerts";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base = "";
const received: Received[] = [];
// Answers 500 to the first request of each delivery, then 204.
const seen = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const id = String(req.headers["x-gatehouse-delivery"]);
      if (req.url === "/always-500" || !seen.has(id)) {
        seen.add(id);
        res.writeHead(500).end("boom");
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const tx = transaction;
const makeDue = (db: Db) =>
  db
    .update(alertDeliveries)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(sql`status <> 'delivered'`);

describeEngines("outgoing alert webhooks", (get) => {
  it("signs the JSON body, retries after a 500 with backoff, and records the status", async () => {
    const db = get().db;
    received.length = 0;
    const [hook] = await db
      .insert(alertWebhooks)
      .values({ name: "soc", url: `${base}/hook`, secret: "s3cret", minSeverity: "high" })
      .returning();
    await db.insert(alertWebhooks).values({ name: "critical only", url: `${base}/crit`, secret: "x", minSeverity: "critical" });
    await db.insert(alertWebhooks).values({ name: "off", url: `${base}/off`, secret: "x", minSeverity: "low", enabled: false });
    const res = await tx(db, async (t) => {
      const r = await raiseViolations(t, [
        {
          kind: "forbidden_attempt",
          severity: "high",
          agentId: null,
          agentSlug: "bot",
          title: "Forbidden action attempted",
          explanation: "bot tried rm -rf /.",
          evidenceSeqs: [],
        },
      ]);
      await enqueueAlertDeliveries(t, r.alert);
      return r;
    });
    const queued = await db.select().from(alertDeliveries);
    expect(queued.map((d) => d.webhookId)).toEqual([hook.id]); // not the critical-only or disabled one

    const first = await deliverDueAlerts(db, { baseBackoffMs: 1000 });
    expect(first).toEqual({ attempted: 1, delivered: 0 });
    let [d] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, queued[0].id));
    expect(d).toMatchObject({ status: "retrying", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    expect(d.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 500);
    // not due yet: nothing is sent
    expect((await deliverDueAlerts(db)).attempted).toBe(0);

    await makeDue(db);
    expect(await deliverDueAlerts(db)).toEqual({ attempted: 1, delivered: 1 });
    [d] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, queued[0].id));
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });

    expect(received).toHaveLength(2);
    const r = received[1];
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-gatehouse-delivery"]).toBe(d.id);
    const expected = "sha256=" + createHmac("sha256", "s3cret").update(r.body).digest("hex");
    expect(r.headers["x-gatehouse-signature"]).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.violation).toMatchObject({ id: res.created[0], kind: "forbidden_attempt", severity: "high", agent_slug: "bot" });
    expect(Date.parse(body.sent_at)).not.toBeNaN();
  });

  it("gives up after the last attempt", async () => {
    const db = get().db;
    const [hook] = await db
      .insert(alertWebhooks)
      .values({ name: "down", url: `${base}/always-500`, secret: "k", minSeverity: "low" })
      .returning();
    const [v] = await db.select().from(violations).limit(1);
    await db.insert(alertDeliveries).values({ webhookId: hook.id, violationId: v.id });
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) {
      await makeDue(db);
      await deliverDueAlerts(db, { baseBackoffMs: 1 });
    }
    const [d] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.webhookId, hook.id));
    expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 500 });
  });

  it("records a connection error", async () => {
    const db = get().db;
    const [hook] = await db.insert(alertWebhooks).values({ name: "closed", url: "http://127.0.0.1:1/nothing", secret: "k", minSeverity: "low" }).returning();
    const [v] = await db.select().from(violations).limit(1);
    await db.insert(alertDeliveries).values({ webhookId: hook.id, violationId: v.id });
    await makeDue(db);
    await deliverDueAlerts(db);
    const [d] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.webhookId, hook.id));
    expect(d.status).toBe("retrying");
    expect(d.lastStatusCode).toBeNull();
    expect(d.lastError).toBeTruthy();
  });
});
