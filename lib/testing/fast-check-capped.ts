// fast-check as the tests see it under mutation testing only (vitest.stryker.config.ts aliases
// "fast-check" here): every mutant re-runs the module's tests, so property runs are capped at
// STRYKER_FC_RUNS (100) each; `npm test` keeps each property's own numRuns. A mutant that only a
// rarer generated case catches can survive here; QUALITY.md lists survivors, none is hidden.
// the real package file, reached by path so the alias does not loop back here
import * as real from "../../node_modules/fast-check/lib/fast-check.js";
import type * as FC from "fast-check";

const fcReal = real as unknown as typeof FC;
const cap = Number(process.env.STRYKER_FC_RUNS ?? 100);

export const assert = ((property: Parameters<typeof FC.assert>[0], params?: Parameters<typeof FC.assert>[1]) =>
  fcReal.assert(property, { ...params, numRuns: Math.min(params?.numRuns ?? 100, cap) })) as typeof FC.assert;

export * from "../../node_modules/fast-check/lib/fast-check.js";
const capped = { ...(fcReal as unknown as { default: object }).default, assert };
export default capped;
