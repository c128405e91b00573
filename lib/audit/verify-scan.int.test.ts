import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import type { Db } from "@/db/client";
import { appendAuditEvents } from "./record";
import { verifyAuditChain } from "./verify";

// verify reads each batch as one JSON text (json_agg) instead of drizzle rows: the values it
// hashes must be exactly the ones drizzle would map, whatever the payload and session hold.
const TRICKY_PAYLOADS: unknown[] = [
  JSON.parse('{"__proto__": {"x": 1}, "b": 2}'),
  { "10": 1, "9": 2, a: 3, "": 4, "01": 5, "4294967295": 6, "4294967294": 7 },
  { text: 'quote " backslash \\ newline \n tab \t bell \u0007 del \u007f ls \u2028 emoji 😀 ä ß 中', nested: [[[]], {}, [null]] },
  { n: [0, -0, 0.1, 1e21, 1e-7, 123456789012345, -3.5, 2 ** 53 + 2], t: true, f: false, z: null },
  { big: 1.0, exp: 1e2, long: "x".repeat(5000) },
  "a bare string payload",
  42,
  null,
  [1, "two", { three: 3 }],
];

describeEngines("audit verify reads rows exactly as stored", (get) => {
  it("verifies payloads with escapes, unicode, numeric keys and odd numbers, in any session time zone", async () => {
    const { db } = get();
    await db.transaction((tx) =>
      appendAuditEvents(
        tx as unknown as Db,
        TRICKY_PAYLOADS.map((payload, i) => ({
          actorKind: "agent" as const,
          type: "tool.post",
          agentSlug: "bot",
          command: `cmd ${i} "quoted" \\ ${"é".repeat(i)}`,
          endpoint: i % 2 ? `https://example.com/${i}` : undefined,
          time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i * 7)),
          payload,
        })),
      ),
    );
    expect(await verifyAuditChain(db, { batchSize: 4 })).toMatchObject({ ok: true, checked: TRICKY_PAYLOADS.length });
    // A session outside UTC prints "+05:30" offsets: the scan falls back to drizzle's parse.
    const r = await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL TIME ZONE 'Asia/Kolkata'`);
      return verifyAuditChain(tx as unknown as Db, { batchSize: 3 });
    });
    expect(r).toMatchObject({ ok: true, checked: TRICKY_PAYLOADS.length });
  });
});
