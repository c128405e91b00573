import { z } from "zod";

const field = z.string().max(4000).optional().nullable();

export const actionSchema = z.object({
  type: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i, "a dotted action type such as shell.exec"),
  tool: z.string().max(200).optional().nullable(),
  repository: z.string().max(300).optional().nullable(),
  branch: z.string().max(300).optional().nullable(),
  environment: z.string().max(100).optional().nullable(),
  resource: field,
  command: z.string().max(20_000).optional().nullable(),
  endpoint: z.string().max(2000).optional().nullable(),
});

export const decisionRequestSchema = z.object({
  action: actionSchema,
  session_id: z.string().max(300).optional().nullable(),
  initiated_by: z.string().max(320).optional().nullable(),
  justification: z.string().max(4000).optional().nullable(),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export interface DecisionAnswer {
  decision: "allow" | "ask" | "deny";
  decision_id: string;
  reason: string;
  rule_id: string | null;
  policy_version: string;
  approval_id?: string;
  expires_at?: string;
}
