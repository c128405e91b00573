// GATEHOUSE_AUDIT_ANCHOR_URL (issue 16): signed chain heads POSTed to a receiver outside the
// database (the alert webhooks, a SIEM). A local HTTP receiver stands in for it; what it kept is
// all `audit verify --anchor` needs to see a rollback to a saved head, a truncated tail and a
// wiped chain that the database alone cannot show.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { gt, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { setProcessDb, type Db, type DbHandle, transaction } from "@/db/client";
import { auditChainHead, auditEvents } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { appendAuditEvents, appendAuditEventsAtomic } from "./record";
import { ANCHOR_EVERY_MS, anchorNow, type AuditAnchor } from "./anchor";
import { signHead } from "./checkpoint";
import { auditCommands } from "./cli";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

interface Received {
  headers: http.IncomingHttpHeaders;
  anchor: AuditAnchor;
}

/** A receiver that keeps every anchor POSTed to it (and can be told to fail). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/anchors" && state.status === 200)
        received.push({ headers: req.headers, anchor: JSON.parse(body) as AuditAnchor });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anchors`;
  return { url, received, state, latest: () => received.at(-1)?.anchor, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const events = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ actorKind: "agent" as const, type: "tool.post", agentSlug: "bot", command: `${tag} ${i}`, payload: { i } }));

async function wipe(db: Db) {
  await withAuditRewrite(db, async (tx) => {
    await tx.execute(sql`DELETE FROM audit_events`);
    await tx.execute(sql`DELETE FROM audit_checkpoints`);
    await tx.execute(sql`DELETE FROM audit_chain_head`);
  });
}

/** `audit verify --anchor FILE` as the operator runs it, the file holding what the receiver kept. */
async function cliVerify(h: DbHandle, anchors: AuditAnchor[]): Promise<{ code: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-received-"));
  const file = path.join(dir, "received.jsonl");
  fs.writeFileSync(file, anchors.map((a) => JSON.stringify(a)).join("\n") + "\n");
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    const verify = auditCommands.find((c) => c.name === "audit verify")!;
    const code = await verify.run(["--anchor", file], (fn) => fn(h));
    return { code, out: lines.join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeEngines("audit anchors sent to GATEHOUSE_AUDIT_ANCHOR_URL", (get) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    process.env.GATEHOUSE_AUDIT_ANCHOR_URL = receiver.url;
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.GATEHOUSE_AUDIT_ANCHOR_URL;
    resetEnvCache();
    await receiver?.close();
  });

  it("the receiver gets each committed head, signed; no anchor when the head did not move", async () => {
    const h = get();
    setProcessDb(h);
    await wipe(h.db);
    const before = receiver.received.length;
    await appendAuditEventsAtomic(h.db, events(7, "first"));
    await expect.poll(() => receiver.latest()?.seq, { timeout: ANCHOR_EVERY_MS * 10 }).toBe(7);
    await transaction(h.db, (tx) => appendAuditEvents(tx, events(5, "second")));
    await expect.poll(() => receiver.latest()?.seq, { timeout: ANCHOR_EVERY_MS * 10 }).toBe(12);
    const got = receiver.received.slice(before);
    expect(got.every((r) => r.headers["content-type"] === "application/json" && r.headers["x-gatehouse-event"] === "audit.anchor")).toBe(true);
    const latest = receiver.latest()!;
    const [head] = await h.db.select().from(auditChainHead);
    expect(latest).toMatchObject({ seq: head.seq, count: head.count, hash: head.hash, signature: head.signature });
    expect(latest.signature).toBe(signHead(latest.seq, latest.count, latest.hash));
    const n = receiver.received.length;
    expect((await anchorNow(h.db))?.seq).toBe(12); // the head did not move: nothing sent
    expect(receiver.received.length).toBe(n);
    expect(
      await cliVerify(
        h,
        receiver.received.map((r) => r.anchor),
      ),
    ).toMatchObject({ code: 0 });
  });

  it("a rollback to a saved head is found with the received anchor, not without it", async () => {
    const h = get();
    setProcessDb(h);
    await wipe(h.db);
    await appendAuditEventsAtomic(h.db, events(20, "base"));
    const [saved] = await h.db.select().from(auditChainHead);
    await appendAuditEventsAtomic(h.db, events(30, "later"));
    await expect.poll(() => receiver.latest()?.seq, { timeout: ANCHOR_EVERY_MS * 10 }).toBe(50);
    const received = receiver.received.map((r) => r.anchor);
    // someone with the database: delete the 30 newer rows and put the saved, validly signed head back
    await withAuditRewrite(h.db, (tx) => tx.delete(auditEvents).where(gt(auditEvents.seq, saved.seq)));
    await h.db.update(auditChainHead).set({ seq: saved.seq, count: saved.count, hash: saved.hash, signature: saved.signature });
    expect((await verifyAuditChain(h.db)).ok).toBe(true); // all the database can show
    const r = await verifyAuditChain(h.db, { anchor: receiver.latest()! });
    expect(r.ok).toBe(false);
    expect(r.bad_ranges).toEqual([{ from: 21, to: 50, reason: expect.stringMatching(/rolled back or truncated/) }]);
    const cli = await cliVerify(h, received);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/BROKEN at seq 21/);
  });

  it("a truncated tail is one bad range up to the received anchor; a wiped chain is found only with it", async () => {
    const h = get();
    setProcessDb(h);
    await wipe(h.db);
    await appendAuditEventsAtomic(h.db, events(40, "t"));
    await expect.poll(() => receiver.latest()?.seq, { timeout: ANCHOR_EVERY_MS * 10 }).toBe(40);
    const anchor = receiver.latest()!;
    await withAuditRewrite(h.db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq > 25`));
    const r = await verifyAuditChain(h.db, { anchor });
    expect(r.ok).toBe(false);
    // the missing rows and the anchor's position agree: one range, up to the anchor
    expect(r.bad_ranges).toEqual([{ from: 26, to: 40, reason: expect.stringMatching(/missing|truncated/) }]);

    await wipe(h.db);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, checked: 0 });
    const wiped = await cliVerify(h, [anchor]);
    expect(wiped.code).toBe(1);
    expect(wiped.out).toMatch(/chain is empty, but the anchor/);
  });

  it("a receiver that refuses is reported, and appends still succeed", async () => {
    const h = get();
    setProcessDb(h);
    await wipe(h.db);
    receiver.state.status = 503;
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errors.push(a.join(" ")));
    try {
      await appendAuditEventsAtomic(h.db, events(3, "refused"));
      await expect.poll(() => errors.some((e) => /anchor not written: the anchor receiver answered 503/.test(e)), { timeout: ANCHOR_EVERY_MS * 10 }).toBe(true);
      expect(await h.db.select().from(auditEvents)).toHaveLength(3);
    } finally {
      spy.mockRestore();
      receiver.state.status = 200;
    }
    // once it answers again, the next anchor reaches it
    expect((await anchorNow(h.db))?.seq).toBe(3);
    expect(receiver.latest()?.seq).toBe(3);
  });
});
