import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
// db/client.ts installs the boundary when it is loaded, before any database is opened.
import "@/db/client";
import { isWrapped, redactForStorage, redactRows, storageValue } from "./storage";

// Edges of the storage boundary that storage.test.ts lets through (StrykerJS, QUALITY.md module
// `redaction`): each test fails on a mutant.
const SECRET = "Zq8v0pLx2WwHunter";
const TEXT = `deploy with DB_PASSWORD=${SECRET} please`;

describe("storage boundary: edges", () => {
  it("redactForStorage takes values of every JSON type (numbers, booleans, null inside objects and arrays)", async () => {
    const input = { n: 1, t: true, z: null, list: [0, false, null, 2.5, "x", { deep: [null, 3] }], text: TEXT };
    const out = await redactForStorage(input);
    expect(out).toEqual({ ...input, text: "deploy with DB_PASSWORD=[REDACTED:secret-assignment] please" });
    expect(await redactForStorage(null)).toBe(null);
    expect(await redactForStorage(7)).toBe(7);
  });

  it("isWrapped says no for a column the boundary leaves alone, yes for a redacted one", () => {
    expect(isWrapped(schema.users.passwordHash)).toBe(false);
    expect(isWrapped(schema.telemetrySeries.seriesKey)).toBe(false);
    expect(isWrapped(schema.agents.description)).toBe(true);
  });

  it("redactRows returns the row itself when nothing in it changes, and leaves null values", () => {
    const row = { id: "s-1", agent_slug: "bot", ended_reason: null, started_at: "2026-01-01T00:00:00Z" };
    const [out] = redactRows(schema.agentSessions, [row]);
    expect(out).toBe(row);
    const dirty = { id: "s-2", ended_reason: TEXT };
    const [copy] = redactRows(schema.agentSessions, [dirty]);
    expect(copy).not.toBe(dirty);
    expect(copy).toEqual({ id: "s-2", ended_reason: "deploy with DB_PASSWORD=[REDACTED:secret-assignment] please" });
    expect(dirty.ended_reason).toBe(TEXT);
  });

  it("storageValue: null and undefined pass, strings and values are redacted", () => {
    expect(storageValue(null)).toBe(null);
    expect(storageValue(undefined)).toBe(undefined);
    expect(storageValue(TEXT)).toBe("deploy with DB_PASSWORD=[REDACTED:secret-assignment] please");
    expect(storageValue([TEXT])).toEqual(["deploy with DB_PASSWORD=[REDACTED:secret-assignment] please"]);
  });
});
