// `npx tsx --import ./scripts/register.mjs scripts/api-docs.ts` regenerates docs/API.md from the
// route table (lib/server/api-routes.ts) and the zod schemas the handlers validate with.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { API_ROUTES } from "@/lib/server/api-routes";
import { decisionRequestSchema } from "@/lib/decisions/schemas";
import { clientEventSchema, exportQuerySchema } from "@/lib/audit/schemas";
import { createAgentApiSchema, issueTokenApiSchema, reasonSchema, teamApiSchema } from "@/lib/registry/schemas";
import { ciRunSchema, defectSchema } from "@/lib/changes/schemas";
import { policyDocumentSchema } from "@/lib/policy/types";

interface Doc {
  auth: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  answer: string;
}

const DOCS: Record<string, Doc> = {
  "GET /api/health": {
    auth: "none",
    summary: "Liveness and database reachability.",
    answer: '200 {"status":"ok","database":"ok"}; 503 when the database is unreachable',
  },
  "POST /api/v1/decisions": {
    auth: "agent token",
    summary:
      'May this agent do this action? Every call is recorded before it is answered; a killed/retired agent gets 200 "deny". A `shell.exec` command is parsed and decided as the actions of its simple commands (`git.push` with its branch, `file.read`/`file.write`/`file.delete` with normalised paths, `network.request` with its endpoint, `dependency.change`, `deploy`/`infra.change` with the environment, `secret.read`, `env.dump`, else `shell.exec` per command); the most restrictive decides (forbidden > outside scope > gated > free), `reason` names the sub-command, and the decision audit event lists every derived action (`payload.actions`, `decided_by`). A command that cannot be analysed is never allowed. A `session_id` that another agent opened → 403 `session_not_owned` (a session belongs to the agent that opened it; the first decision naming a new id opens it).',
    body: decisionRequestSchema,
    answer: "200 {decision, decision_id, reason, rule_id, policy_version, approval_id?, expires_at?}",
  },
  "POST /api/hooks/claude-code": {
    auth: "agent token",
    summary:
      "Claude Code / Codex hook payload, unchanged. PreToolUse is decided, and PermissionRequest with `?permission_requests=decide`; other events are recorded. A gated call waits for its approval until a safe margin (a fifth, 2–10 s) before `?timeout_seconds=` (the client's hook timeout; without it no wait), or less with `?wait_seconds=`. Every refusal of a decided event (token missing/unknown/expired/revoked, rate limit, unreadable payload, database down) is a 200 deny with a reason; a killed or retired agent's answers carry `continue: false` + `stopReason` (not to Codex). Repository, branch, environment, initiator: headers `X-Gatehouse-Repository`, `-Branch`, `-Environment`, `-Initiated-By` or query `repository`, `branch`, `environment`, `initiated_by`. A `session_id` another agent opened: a decided event is denied saying so, other events get 403 `session_not_owned`.",
    answer:
      '200 {"hookSpecificOutput": {"hookEventName":"PreToolUse","permissionDecision":"allow|deny","permissionDecisionReason"}}, 200 {"hookSpecificOutput": {"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}|{"behavior":"deny","message"}}}, 200 {} or {"continue":false,"stopReason"}; other events: 401/403/400 as elsewhere',
  },
  "POST /api/hooks/cursor": {
    auth: "agent token",
    summary:
      "Cursor hook payload, unchanged (through the hook client). beforeShellExecution, beforeMCPExecution, beforeReadFile and preToolUse are decided (fail closed as above; `user_email` is the initiator); other events are recorded.",
    answer: '200 {"permission":"allow|deny","user_message","agent_message"} or 200 {}',
  },
  "POST /api/hooks/copilot": {
    auth: "agent token",
    summary:
      "GitHub Copilot CLI / coding agent hook payload (camelCase events; the event from the payload's shape or `?event=`). preToolUse is decided (fail closed as above); other events are recorded.",
    answer: '200 {"permissionDecision":"allow|deny","permissionDecisionReason"} or 200 {}',
  },
  "GET /api/hooks/client": {
    auth: "none",
    summary: "The hook client (gatehouse-hook.mjs, Node 18+, no dependencies) for command hooks of every harness; fails closed.",
    answer: "200 text/javascript with X-Gatehouse-Client-Version and X-Gatehouse-Client-SHA256",
  },
  "GET /api/v1/approvals/:id": {
    auth: "agent token of the requesting agent",
    summary:
      "Status of an approval request. A rule may need N distinct approvals (its named approvers): the request stays pending until they are in, and any eligible denial denies.",
    answer: "200 {id, status, decided_by, decided_at, reason, expires_at, used_at, approvals_required, approvals}; another agent's → 404",
  },
  "GET /api/v1/policies": {
    auth: "integration token with policies:write or agents:read",
    summary: "The active policy document.",
    answer: '200 {policy_version, created_at, author, document}, with `ETag: "<policy_version>"`',
  },
  "PUT /api/v1/policies": {
    auth: "integration token with policies:write",
    summary:
      'Replace the policy document (a new version). With `If-Match: "<policy_version>"` (the ETag of GET) the replacement is conditional: refused when another version became active since.',
    body: policyDocumentSchema,
    answer:
      "200 {policy_version, created_at}; 400 with the faulty rules in details (or a malformed If-Match); 412 precondition_failed with details {active_version, base_version}",
  },
  "POST /api/v1/events": {
    auth: "agent token, or integration token with events:write",
    summary:
      "Batch of up to 1,000 events / 5 MiB; idempotent on `id`; secrets redacted before storage. Rejected per event: `time` before 1970 or more than 24 h ahead; a `type` Gatehouse writes itself (`decision`, and the namespaces `agent.`, `alert_webhook.`, `approval.`, `audit.`, `auth.`, `budget.`, `change.`, `chat.`, `chat_integration.`, `ci.`, `defect.`, `fleet.`, `integration_token.`, `person.`, `policy.`, `settings.`, `shadow_agent.`, `team.`, `violation.`); a `session_id` opened by another agent.",
    body: z.object({ events: z.array(clientEventSchema).max(1000) }),
    answer: "202 {accepted, duplicates, rejected: [{index, error}]}",
  },
  ...Object.fromEntries(
    (["metrics", "logs", "traces"] as const).map((signal) => [
      `POST /api/otlp/v1/${signal}`,
      {
        auth: "agent token (the data is that agent's), or integration token with telemetry:write (each resource names its agent in the `gatehouse.agent` resource attribute; unregistered → shadow agent)",
        summary: `OTLP/HTTP ${signal} export (OTEL_EXPORTER_OTLP_ENDPOINT=<gatehouse>/api/otlp): \`application/x-protobuf\` or \`application/json\`, optionally \`Content-Encoding: gzip\`; at most 4 MiB as sent and 16 MiB decompressed; strings at most 16 KiB. Decoded with the OpenTelemetry definitions (opentelemetry-proto v1.11.0). ${
          signal === "metrics"
            ? "Claude Code's claude_code.* metrics and GenAI gen_ai.client.token.usage are added into hourly buckets per agent, session, model and kind (cumulative sums as deltas); cost arriving triggers the budget check."
            : signal === "logs"
              ? "Claude Code (claude_code.*) and Codex (codex.*) events are counted; tool_decision and api_error also become audit events (telemetry.tool_decision, telemetry.api_error) in the session; prompts are never stored."
              : "Spans with gen_ai.* attributes add their tokens (gen_ai.usage.input_tokens / output_tokens) by model and gen_ai.conversation.id."
        }`,
        answer:
          "200 Export…ServiceResponse in the request's encoding ({} or {partialSuccess: {rejected…, errorMessage}}); 400 invalid_request (undecodable protobuf, wrong types, oversized strings, bad gzip); 401/403 as everywhere (403 agent_suspended for a suspended agent); 413 payload_too_large; 415 unsupported_media_type. Error bodies are the JSON error body of this API.",
      },
    ]),
  ),
  "GET /api/v1/audit/verify": {
    auth: "integration token with audit:read, or signed-in admin/security lead",
    summary:
      "Verify the hash chain and signed checkpoints, and, when GATEHOUSE_AUDIT_ANCHOR_FILE is set, that the chain reaches the latest signed head anchored there. `checked` counts the rows before the first bad one; `bad_ranges` lists every bad range.",
    answer: "200 {ok, checked, first_bad: {seq, reason} | null, bad_ranges: [{from, to, reason}], anchor?: {seq, at}}",
  },
  "GET /api/v1/audit/export": {
    auth: "integration token with audit:read, or signed-in person with audit:export",
    summary: "Stream events as JSON Lines, CSV or OCSF.",
    query: exportQuerySchema,
    answer: "200 streamed",
  },
  "POST /api/webhooks/github": {
    auth: "X-Hub-Signature-256 with GITHUB_WEBHOOK_SECRET",
    summary:
      'GitHub deliveries (pull_request, pull_request_review, check_run, check_suite, workflow_run, push); each X-GitHub-Delivery once. A `pull_request_review` (submitted, edited, dismissed) is stored with its reviewer (login, type, state); the change counts as approved by a human when, taking each reviewer\'s latest approving or change-requesting review as GitHub does, at least one person approves and nobody requests changes (bots, known coding agents and the author do not count; a dismissal undoes). The change page lists the reviews.\n\nOutbound: for each open pull request attributed to an agent Gatehouse posts the commit status `gatehouse/compliance` on the head commit (`POST /repos/{owner}/{repo}/statuses/{sha}`) — `pending` while a required gate has no result or is still running, or a required human review is missing (description "Waiting for: …"); `failure` when a required gate\'s latest result on the head commit is failed, skipped or overridden ("Failed: gate (status), …; missing: …"); `success` when every required gate passed (and, for a security-adjacent change, a person approved). Required gates: Settings → General `requiredGates`, plus `securityRequiredGates` (default sast, secrets) for a security-adjacent change. Re-posted when the head commit changes, a gate result arrives (this API, check runs, workflow runs) or a review arrives; an unchanged verdict is not re-posted; only the newest post of a commit is sent. Posts are queued and retried with the alert webhooks\' backoff (5 attempts); Settings → Integrations lists them. Require the context in branch protection. Credentials: a GitHub App (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID; permission Commit statuses: write) or a fine-grained token (GITHUB_STATUS_TOKEN); GITHUB_API_URL for GitHub Enterprise Server. Human-authored pull requests get no status (with GITHUB_STATUS_HUMAN_PRS=1: success, so the check can be required where people merge too); the after-merge gate_override violation stays.',
    answer: "200 processed / 202 ignored / 401 bad signature / 503 no secret configured",
  },
  "POST /api/chat/slack/interactions": {
    auth: "Slack request signature (v0: X-Slack-Signature = v0= + HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}` with the signing secret of Settings → Integrations)",
    summary:
      "Slack's interactivity request URL: the Approve / Deny buttons of the approval messages (a `block_actions` payload, form-encoded as `payload=`). Refused before anything is read: a bad signature (401 `invalid_signature`), a timestamp more than five minutes from now (401 `stale_request`), a signature or action already received (409 `replayed`). The Slack user (workspace + user id) must be linked to a Gatehouse person — otherwise nothing is decided and the clicker gets an ephemeral reply with a signed 15-minute link to /chat-link and Open in Gatehouse; the person needs approvals:decide, and lib/approvals decides as on the web (segregation of duties, the rule's named approvers and N of M, expiry). Every outcome is also answered ephemerally through the payload's `response_url` (followed only to hooks.slack.com or the configured Slack API host); the message itself is updated in place when the request changes (bot token: chat.update; incoming webhook: the response_url within 30 minutes). Other interactions (Open in Gatehouse clicks) → 200 ignored. Slack not configured → 404.",
    answer:
      "200 {ok, outcome: decided|unlinked|not_permitted|refused|ignored, message}; 400 unreadable payload; 401 invalid_signature / stale_request; 404 not configured; 409 replayed",
  },
  "GET /api/chat/open": {
    auth: "the signed, expiring token `t` of a chat message (24 h)",
    summary:
      "The Open in Gatehouse link of every Slack and Teams message: redirects to the approval page (which needs a session, as every page). The link carries no decision.",
    answer: "303 Location /approvals/:id; 404 invalid or expired token",
  },
  "POST /api/v1/ci/runs": {
    auth: "integration token with ci:write",
    summary: [
      "A CI gate result with its report (SARIF, JUnit, CycloneDX, text) and proof bundle. `report.content` is the report file's text; what is read (anything else → 400 invalid_request naming the reason):",
      "",
      '- `sarif`: SARIF **2.1.0** in JSON (other versions refused). Every run; rules from `tool.driver.rules` and `tool.extensions[].rules` (via `rule.toolComponent`, the rule index or the id). Severity from `security-severity` (result, then rule: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low), else the level (result, then the rule\'s `defaultConfiguration`; error high, warning medium, note low, none info). `kind` pass / notApplicable / informational are not findings; a result with an accepted `suppressions` entry (status absent or `accepted`) is **suppressed** (under review / rejected stay open); `baselineState: "absent"` is **absent**. `null` for an absent array (`"rules": null`) reads as empty.',
      "- `junit`: JUnit XML — a `<testsuites>` or `<testsuite>` root, suites nested to any depth, the empty `<testsuites/>`. One finding per failed (`<failure>`, medium) or errored (`<error>`, high) test case, however many such elements it has; Surefire `<flakyFailure>`/`<flakyError>` without a final failure is a pass (counted as flaky); `<skipped>` is skipped. Strict XML 1.0; DOCTYPE entities are not expanded.",
      '- `cyclonedx`: CycloneDX **1.4, 1.5, 1.6, 1.7** in **JSON** (`bomFormat: "CycloneDX"`, `specVersion`) or **XML** (namespace `http://cyclonedx.org/schema/bom/1.x`); 1.0–1.3 are refused (they have no vulnerabilities). One finding per vulnerability × `affects` target (BOM-Link targets resolved), with the worst rating (no usable rating: medium). VEX `analysis.state` `not_affected`, `false_positive`, `resolved`, `resolved_with_pedigree` → **dismissed**, kept with the justification, responses and detail; a target whose listed `versions` are all `unaffected` → dismissed. Components are counted at every depth.',
      "- `text`: stored, not parsed.",
      "",
      "`findings` in the answer counts the **open** findings (what the gate is about); `findings_by_status` counts open, suppressed, dismissed and absent. Up to 5,000 findings per run are stored (open ones first); the counts cover all. Large reports are read in slices that let other requests run.",
    ].join("\n"),
    body: ciRunSchema,
    answer: "201 {id, findings, findings_by_status: {open, suppressed, dismissed, absent} | null}",
  },
  "POST /api/v1/defects": {
    auth: "integration token with defects:write",
    summary: "A defect, linked to the change that introduced it.",
    body: defectSchema,
    answer: "201 {id, introduced_change_id, introduced_sha, link_method, found}",
  },
  "POST /api/v1/teams": { auth: "integration token with agents:write", summary: "Create a team.", body: teamApiSchema, answer: "201 team; 409 slug exists" },
  "GET /api/v1/teams": { auth: "integration token with agents:read or agents:write", summary: "List teams.", answer: "200 {teams}" },
  "GET /api/v1/agents": {
    auth: "integration token with agents:read or agents:write",
    summary: "List agents.",
    answer: "200 {agents: [{id, slug, name, status, team, sponsor, …}]}",
  },
  "POST /api/v1/agents": {
    auth: "integration token with agents:write",
    summary: "Register an agent with its scope allowlist.",
    body: createAgentApiSchema,
    answer: "201 agent; 400 unknown team/sponsor; 409 slug exists",
  },
  "GET /api/v1/agents/:id": {
    auth: "integration token with agents:read, or the agent's own token",
    summary: "One agent (id or slug).",
    answer: "200 agent; 403 agent_suspended for a killed agent's own token",
  },
  "POST /api/v1/agents/:id/tokens": {
    auth: "integration token with agents:write",
    summary: "Issue an agent token (shown once).",
    body: issueTokenApiSchema,
    answer: '201 {"token":"gat_…","expires_at"}',
  },
  "POST /api/v1/agents/:id/kill": {
    auth: "integration token with agents:write",
    summary: "Kill switch: suspend, cancel pending approvals, end sessions.",
    body: reasonSchema,
    answer: "200 agent",
  },
  "POST /api/v1/agents/:id/resume": {
    auth: "integration token with agents:write",
    summary: "Lift the kill switch (audited).",
    body: reasonSchema,
    answer: "200 agent",
  },
};

const out: string[] = [
  "# Gatehouse HTTP API reference",
  "",
  "Generated by `scripts/api-docs.ts` from the route table and the zod schemas the handlers validate with.",
  "The contract these routes implement is `../shared/API.md`; errors always have the body",
  '`{"error": {"code", "message", "details?"}}` (400 invalid_request with failing fields, 401, 403,',
  "403 agent_suspended / agent_retired, 404, 409, 413, 415, 429 with Retry-After, 503).",
  "Every route is rate-limited per caller (default 200 requests/s, bursts of 400; the agent hot path 20,000/s).",
  "Large bodies (256 KiB and more) are admitted one at a time per bearer token (four at a time per client address) and within a byte budget (2 MiB/s, bursts of 32 MiB per token; four times that per address): past either, 429 rate_limited with Retry-After, before the body is read when its length is declared; the hook routes answer it as a deny (lib/http/body-admission.ts).",
  "",
];
const missing: string[] = [];
for (const r of API_ROUTES) {
  const key = `${r.method} ${r.path}`;
  const d = DOCS[key];
  if (!d) {
    missing.push(key);
    continue;
  }
  out.push(`## \`${key}\``, "", d.summary, "", `- Auth: ${d.auth}`, `- Answer: ${d.answer}`);
  if (r.lean) out.push("- Served on the lean node:http path (agents' hot path).");
  if (r.handler.options?.bodyLimit) out.push(`- Body limit: ${r.handler.options.bodyLimit.toLocaleString("en-US")} bytes`);
  for (const [label, schema] of [
    ["Body", d.body],
    ["Query", d.query],
  ] as const) {
    if (!schema) continue;
    let js: unknown;
    try {
      js = z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
    } catch {
      js = "(schema not representable as JSON Schema)";
    }
    out.push("", `<details><summary>${label} (JSON Schema)</summary>`, "", "```json", JSON.stringify(js, null, 2), "```", "", "</details>");
  }
  out.push("");
}
if (missing.length) {
  console.error(`Routes without documentation: ${missing.join(", ")}`);
  process.exit(1);
}
fs.mkdirSync(path.join(process.cwd(), "docs"), { recursive: true });
fs.writeFileSync(path.join(process.cwd(), "docs", "API.md"), out.join("\n"));
console.log(`Wrote docs/API.md (${API_ROUTES.length} routes).`);
process.exit(0);
