import { describe, expect, it } from "vitest";
import { makeContext } from "./types";
import { agent, normalSession, sequence } from "./fixtures";
import { DETECTORS, runDetectors } from "./index";

describe("detector registry", () => {
  it("has one detector per kind", () => {
    expect(new Set(DETECTORS.map((d) => d.kind)).size).toBe(DETECTORS.length);
  });
  it("keeps a day of normal sessions quiet across every detector", () => {
    const ev = sequence(undefined, 60_000);
    const events = Array.from({ length: 30 }, (_, i) => normalSession(ev, `s-${i}`)).flat();
    const baseline = new Map([["refactoring", new Set(["file.read", "file.write", "shell.exec", "network.request", "git.push", "git.commit"])]]);
    expect(runDetectors(events, makeContext({ agents: [agent()], roleBaselines: baseline }))).toEqual([]);
  });
  it("isolates a failing detector", () => {
    const ev = sequence();
    const boom = {
      kind: "boom",
      run: () => {
        throw new Error("x");
      },
    };
    const e = ev({ redactions: 1 });
    const hits = runDetectors([e], makeContext({ agents: [agent()] }), [boom, DETECTORS.find((d) => d.kind === "secret_exposure")!]);
    expect(hits).toHaveLength(1);
  });
});
