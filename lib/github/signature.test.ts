import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./signature";

describe("webhook signature", () => {
  // GitHub's documented example ("Validating webhook deliveries")
  it("matches GitHub's published test vector", () => {
    expect(signBody("It's a Secret to Everybody", "Hello, World!")).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  });
  it("accepts the right signature and rejects anything else", () => {
    const sig = signBody("s3cret", '{"a":1}');
    expect(verifySignature("s3cret", '{"a":1}', sig)).toBe(true);
    expect(verifySignature("s3cret", '{"a":1} ', sig)).toBe(false);
    expect(verifySignature("other", '{"a":1}', sig)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', undefined)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', "sha1=abc")).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', sig.slice(0, -1))).toBe(false);
  });
});
