import { describe, expect, it } from "vitest";
import { decodeParam, originHost, pathProblem } from "./request-target";

describe("request target", () => {
  it("accepts ordinary and correctly encoded paths", () => {
    for (const p of ["/", "/api/v1/agents/alpha", "/api/v1/agents/caf%C3%A9?x=%E0%A4", "/a%2Fb", "/x?q=%00"]) expect(pathProblem(p), p).toBeUndefined();
  });

  it("refuses malformed percent-encoding and control characters in the path", () => {
    for (const p of ["/api/v1/approvals/%E0%A4%A", "/api/v1/agents/%u0061lpha", "/%", "/a%2", "/%ED%A0%80", "/%FF"])
      expect(pathProblem(p), p).toMatch(/percent-encoded/);
    for (const p of ["/api/v1/agents/alpha%00", "/a%0Ab", "/a%7F", "/a\u0001b"]) expect(pathProblem(p), p).toMatch(/control/);
  });

  it("is linear on long paths", () => {
    expect(pathProblem("/" + "%41".repeat(200_000))).toBeUndefined();
    expect(pathProblem("/" + "%E0%A4".repeat(100_000))).toMatch(/percent/);
  });

  it("decodes params or says they cannot be one", () => {
    expect(decodeParam("caf%C3%A9")).toBe("café");
    expect(decodeParam("alpha%00")).toBeUndefined();
    expect(decodeParam("%E0%A4%A")).toBeUndefined();
  });

  it("reads the host of an Origin", () => {
    expect(originHost("http://127.0.0.1:3000")).toBe("127.0.0.1:3000");
    expect(originHost("https://Gatehouse.Example")).toBe("gatehouse.example");
    expect(originHost("null")).toBe("null");
    for (const bad of ["", "evil", "javascript:alert(1)", "http://"]) expect(originHost(bad), bad).toBeUndefined();
  });
});
