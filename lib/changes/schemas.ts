import { z } from "zod";

const sha = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{7,64}$/i, "a hexadecimal commit sha");
const repository = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s/]+\/[^\s]+$/, "owner/name");
const time = z.iso.datetime({ offset: true });

// POST /api/v1/ci/runs (API.md)
export const ciRunSchema = z.object({
  repository,
  commit_sha: sha,
  pull_request: z.number().int().positive().nullish(),
  gate: z.string().trim().min(1).max(100),
  status: z.enum(["passed", "failed", "skipped", "overridden"]),
  started_at: time.nullish(),
  finished_at: time.nullish(),
  url: z.url().max(2000).nullish(),
  report: z
    .object({
      format: z.enum(["sarif", "junit", "cyclonedx", "text"]),
      // the report file's text; the route's body limit bounds it
      content: z.string(),
    })
    .nullish(),
  proof: z
    .object({
      tests_run: z.array(z.string().max(1000)).max(10_000).optional(),
      invariants: z.array(z.string().max(1000)).max(10_000).optional(),
      untested: z.array(z.string().max(1000)).max(10_000).optional(),
    })
    .nullish(),
});
export type CiRunInput = z.infer<typeof ciRunSchema>;

// POST /api/v1/defects (API.md)
export const defectSchema = z.object({
  repository,
  title: z.string().trim().min(1).max(500),
  severity: z.enum(["low", "medium", "high", "critical"]),
  found: z.enum(["pre_merge", "post_merge"]),
  detected_at: time.nullish(),
  url: z.url().max(2000).nullish(),
  introduced_by: z.object({ commit_sha: sha }).nullish(),
  fixed_by: z.object({ commit_sha: sha.optional(), pull_request: z.number().int().positive().optional() }).nullish(),
});
export type DefectInput = z.infer<typeof defectSchema>;

// /changes list filters (URL search params)
export const changeFilterSchema = z.object({
  repository: z.string().max(200).optional(),
  agent: z.string().max(200).optional(),
  team: z.string().max(100).optional(),
  author: z.enum(["agent", "human"]).optional(),
  state: z.enum(["open", "merged", "closed"]).optional(),
  flagged: z.enum(["1"]).optional(),
  cursor: z.string().max(200).optional(),
});
export type ChangeFilter = z.infer<typeof changeFilterSchema>;
