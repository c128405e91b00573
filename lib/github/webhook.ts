// POST /api/webhooks/github (API.md): verify X-Hub-Signature-256 over the raw body, process
// each X-GitHub-Delivery once, update changes and gates; other events are acknowledged.
import { sql } from "drizzle-orm";
import { getDb, transaction } from "@/lib/db";
import { webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { defineApi, json } from "@/lib/http/api";
import { AppError, badRequest } from "@/lib/http/errors";
import { loadChangesConfig } from "@/lib/changes/config";
import { MAX_JSON_DEPTH, jsonDepth, mayHoldUnstorable, toStorable } from "@/lib/security/json-guard";
import { EVENT_HANDLERS } from "./handlers";
import { verifySignature } from "./signature";
import { parseJson } from "@/lib/http/json-off-loop";
import { LARGE_BODY_BYTES } from "@/lib/http/body-admission";
import { OFF_LOOP_UNAVAILABLE, offLoop } from "@/lib/offload/off-loop";
import { markRedactedForStorage } from "@/lib/redaction/storage";

// GitHub caps webhook payloads at 25 MB.
export const GITHUB_BODY_LIMIT = 25 * 1024 * 1024;

export const githubWebhook = defineApi(
  async (req) => {
    const secret = env().GITHUB_WEBHOOK_SECRET;
    if (!secret) throw new AppError(503, "service_unavailable", "GitHub webhooks are not configured (GITHUB_WEBHOOK_SECRET is unset).");
    const body = await req.bodyText();
    if (!verifySignature(secret, body, req.header("x-hub-signature-256")))
      throw new AppError(401, "unauthorized", "The X-Hub-Signature-256 signature does not match this body.");
    const event = req.header("x-github-event")?.trim();
    const delivery = req.header("x-github-delivery")?.trim();
    if (!event || !delivery || delivery.length > 200) throw badRequest("X-GitHub-Event and X-GitHub-Delivery headers are required.");
    if (event === "ping") return json(200, { ok: true, event, delivery });
    let payload: unknown;
    try {
      // a delivery of megabytes (a push of many commits) is parsed on a worker thread
      payload = await parseJson(body);
    } catch {
      // form-encoded deliveries (payload=...) are a repository setting we do not support
      throw badRequest("The webhook body is not JSON; set the content type to application/json in GitHub.");
    }
    // NUL / lone surrogates (which PostgreSQL refuses) and absurd nesting were 500s: lib/security fuzzing.
    if (mayHoldUnstorable(body)) payload = toStorable(payload);
    if (jsonDepth(payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw badRequest(`The webhook payload nests deeper than ${MAX_JSON_DEPTH} levels.`);
    // A large delivery is redacted as the storage boundary would redact it, on the off-loop
    // worker (lowest CPU priority), and marked as redacted: the boundary then does not scan its
    // megabytes in one piece while the handlers' statements are built (issue 16). Redaction is
    // deterministic and idempotent, so lookups by a redacted value find what was stored.
    if (body.length >= LARGE_BODY_BYTES) {
      const redacted = await offLoop("redactValue", payload).catch(() => undefined);
      if (redacted && redacted !== OFF_LOOP_UNAVAILABLE) {
        payload = redacted.value;
        await markRedactedForStorage(payload);
      }
    }
    const action = typeof (payload as { action?: unknown })?.action === "string" ? (payload as { action: string }).action : null;
    // own keys only: an event named "constructor" must not find Object's
    const handler = Object.hasOwn(EVENT_HANDLERS, event) ? EVENT_HANDLERS[event] : undefined;
    const db = await getDb();
    const config = handler ? await loadChangesConfig(db) : undefined;
    const outcome = await transaction(db, async (tx) => {
      // Insert-first: a repeated delivery conflicts here and its effects never run twice.
      const inserted = await tx
        .insert(webhookDeliveries)
        .values({ deliveryId: delivery, event, action, status: handler ? "processing" : "ignored" })
        .onConflictDoNothing()
        .returning({ id: webhookDeliveries.deliveryId });
      if (inserted.length === 0) return { duplicate: true as const };
      if (!handler) return { duplicate: false as const, status: "ignored", detail: `event ${event} is not used` };
      let result;
      try {
        result = await handler(tx, payload, config!);
      } catch (e) {
        if (e && typeof e === "object" && "issues" in e) throw badRequest(`The ${event} payload is missing fields Gatehouse needs.`);
        throw e;
      }
      await tx.execute(sql`UPDATE webhook_deliveries SET status = ${result.status} WHERE delivery_id = ${delivery}`);
      return { duplicate: false as const, ...result };
    });
    if (outcome.duplicate) return json(200, { ok: true, duplicate: true, delivery });
    return json(outcome.status === "ignored" ? 202 : 200, { ok: true, event, delivery, status: outcome.status, detail: outcome.detail });
  },
  { bodyLimit: GITHUB_BODY_LIMIT },
);
