import { describe, expect, it } from "vitest";
import { byPriority, priorityOf } from "./priority";

const now = Date.parse("2026-12-04T12:00:00Z");
const ago = (min: number) => new Date(now - min * 60_000).toISOString();

describe("priorityOf", () => {
  it("adds a point per whole minute waited to the risk", () => {
    expect(priorityOf({ risk: 55, createdAt: ago(7.9) }, now)).toEqual({ risk: 55, waitBonus: 7, total: 62 });
  });
  it("caps the waiting bonus at 30 and never goes below 0 (clock skew)", () => {
    expect(priorityOf({ risk: 40, createdAt: ago(500) }, now).total).toBe(70);
    expect(priorityOf({ risk: 40, createdAt: ago(-3) }, now).total).toBe(40);
  });
});

describe("byPriority", () => {
  it("orders by the number shown, not by risk alone", () => {
    const fresh60 = { id: "fresh-60", risk: 60, createdAt: ago(0) };
    const old55 = { id: "old-55", risk: 55, createdAt: ago(10) };
    const mid55 = { id: "mid-55", risk: 55, createdAt: ago(3) };
    expect(byPriority([fresh60, mid55, old55], now).map((i) => i.id)).toEqual(["old-55", "fresh-60", "mid-55"]);
  });
  it("breaks ties by the longer wait and leaves the input untouched", () => {
    const a = { id: "a", risk: 50, createdAt: ago(40) };
    const b = { id: "b", risk: 50, createdAt: ago(35) };
    const input = [b, a];
    expect(byPriority(input, now).map((i) => i.id)).toEqual(["a", "b"]);
    expect(input.map((i) => i.id)).toEqual(["b", "a"]);
  });
});
