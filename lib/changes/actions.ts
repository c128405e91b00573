"use server";
// Settings → Integrations → GitHub: a test post of the gatehouse/compliance status (admin).
import { z } from "zod";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { AppError } from "@/lib/http/errors";
import { githubStatusSetup } from "./github-status-auth";
import { queueTestStatus } from "./github-status";

const testPostSchema = z.object({
  repository: z
    .string()
    .trim()
    .regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")
    .max(200),
  sha: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{40}$/i, "a full 40-character commit sha"),
});

export const testGithubStatusAction = authedAction("settings:manage", testPostSchema, async (input) => {
  if (!githubStatusSetup().mode)
    throw new AppError(409, "conflict", "GitHub status posting is not configured: set a GitHub App or GITHUB_STATUS_TOKEN in the environment.");
  const id = await queueTestStatus(await getDb(), input.repository, input.sha);
  return { id };
});
