import { describe, expect, it } from "vitest";
import { fixReferences } from "./fix-refs";

describe("fixReferences", () => {
  it("reads git's revert message", () => {
    const msg = 'Revert "Add retries"\n\nThis reverts commit 5c1d7a0e9b3f4b2a8d6e1c0f9a8b7c6d5e4f3a2b.\n';
    expect(fixReferences(msg)).toEqual([{ sha: "5c1d7a0e9b3f4b2a8d6e1c0f9a8b7c6d5e4f3a2b", method: "revert" }]);
  });
  it("reads kernel-style Fixes: trailers, abbreviated and with a subject", () => {
    const msg = 'Handle empty cart\n\nTotals crashed on empty carts.\n\nFixes: 1a2b3c4d5e6f ("Compute cart totals")\nSigned-off-by: Jane <jane@acme.com>';
    expect(fixReferences(msg)).toEqual([{ sha: "1a2b3c4d5e6f", method: "fixes_trailer" }]);
  });
  it("ignores issue references and body mentions", () => {
    expect(fixReferences("Fix login\n\nFixes: #123")).toEqual([]);
    expect(fixReferences("Fix login\n\nSee 1a2b3c4d for context, it fixes: nothing\nmore prose")).toEqual([]);
  });
});
