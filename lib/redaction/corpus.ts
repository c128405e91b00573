// A corpus of FAKE secrets in the real formats, embedded the way agents leak them (shell
// commands, env dumps, config files, tool output). Built at load time from a fixed seed so
// no secret-looking literal sits in the repository (and trips other scanners), yet every run
// sees the same values. Used by the unit tests, the ingest integration test and the bench.
import { createHash } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS = "0123456789";

function fake(seed: string, length: number, alphabet = ALNUM): string {
  let out = "";
  let block = 0;
  while (out.length < length) {
    const bytes = createHash("sha256").update(`${seed}:${block++}`).digest();
    for (const b of bytes) {
      if (out.length >= length) break;
      out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

export interface CorpusEntry {
  rule: string;
  /** The raw secret: it must not survive redaction anywhere. */
  secret: string;
  /** The secret in context, as it would appear in an event field. */
  text: string;
  /** Recognisable on its own (a prefixed token), not only in its context (a bare password is not). */
  standalone: boolean;
}

const pem = (label: string, seed: string) =>
  `-----BEGIN ${label}-----\n${fake(seed, 64, ALNUM + "+/")}\n${fake(seed + "2", 64, ALNUM + "+/")}\n${fake(seed + "3", 40, ALNUM + "+/")}=\n-----END ${label}-----`;

const awsKey = "AKIA" + fake("aws", 16, UPPER);
const awsSecret = fake("aws-secret", 40, ALNUM + "/+");
const dbPass = fake("pg-pass", 18);
const myPass = fake("my-pass", 16);
const mongoPass = fake("mongo-pass", 20);
const basicPass = fake("basic", 14);
const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${fake("jwt-body", 60, ALNUM + "_-")}.${fake("jwt-sig", 43, ALNUM + "_-")}`;
const rsa = pem("RSA PRIVATE KEY", "rsa");
const gcpPk = pem("PRIVATE KEY", "gcp-sa");
const openssh = pem("OPENSSH PRIVATE KEY", "ssh");

const CONTEXTUAL = new Set(["aws-secret-access-key", "database-connection-string", "basic-auth", "authorization-header", "private-key"]);

export const SECRET_CORPUS: CorpusEntry[] = [
  { rule: "aws-access-key", secret: awsKey, text: `export AWS_ACCESS_KEY_ID=${awsKey}` },
  { rule: "aws-secret-access-key", secret: awsSecret, text: `aws_secret_access_key = ${awsSecret}` },
  { rule: "aws-secret-access-key", secret: awsSecret, text: `{"AWS_SECRET_ACCESS_KEY": "${awsSecret}"}` },
  { rule: "gcp-api-key", secret: "AIza" + fake("gcp", 35, ALNUM + "_-"), text: "" },
  { rule: "private-key", secret: gcpPk.split("\n")[1], text: `{"type":"service_account","private_key":${JSON.stringify(gcpPk)}}` },
  { rule: "private-key", secret: rsa.split("\n")[2], text: `cat id_rsa\n${rsa}\n` },
  { rule: "private-key", secret: openssh.split("\n")[1], text: openssh },
  { rule: "github-token", secret: "ghp_" + fake("ghp", 36), text: "" },
  { rule: "github-token", secret: "gho_" + fake("gho", 36), text: "" },
  { rule: "github-token", secret: "ghs_" + fake("ghs", 36), text: "" },
  { rule: "github-fine-grained-token", secret: `github_pat_${fake("pat1", 22)}_${fake("pat2", 59)}`, text: "" },
  { rule: "gitlab-token", secret: "glpat-" + fake("glpat", 20, ALNUM + "_-"), text: "" },
  { rule: "npm-token", secret: "npm_" + fake("npm", 36), text: "" },
  { rule: "openai-api-key", secret: `sk-${fake("oa1", 20)}T3BlbkFJ${fake("oa2", 20)}`, text: "" },
  { rule: "openai-api-key", secret: `sk-proj-${fake("oap1", 74, ALNUM + "_-")}T3BlbkFJ${fake("oap2", 74, ALNUM + "_-")}`, text: "" },
  { rule: "anthropic-api-key", secret: `sk-ant-api03-${fake("ant", 93, ALNUM + "_-")}AA`, text: "" },
  { rule: "slack-token", secret: `xoxb-${fake("s1", 12, DIGITS)}-${fake("s2", 13, DIGITS)}-${fake("s3", 24)}`, text: "" },
  {
    rule: "slack-token",
    secret: `xoxp-${fake("p1", 12, DIGITS)}-${fake("p2", 12, DIGITS)}-${fake("p3", 13, DIGITS)}-${fake("p4", 32, "abcdef0123456789")}`,
    text: "",
  },
  {
    rule: "slack-webhook",
    secret: `https://hooks.slack.com/services/T${fake("w1", 8, UPPER)}/B${fake("w2", 8, UPPER)}/${fake("w3", 24)}`,
    text: "",
  },
  { rule: "stripe-key", secret: "sk_live_" + fake("stripe", 24), text: "" },
  { rule: "stripe-key", secret: "rk_test_" + fake("stripe-rk", 24), text: "" },
  { rule: "sendgrid-api-key", secret: `SG.${fake("sg1", 22)}.${fake("sg2", 43)}`, text: "" },
  { rule: "jwt", secret: jwt, text: `Authorization: Bearer ${jwt}` },
  { rule: "gatehouse-agent-token", secret: "gat_" + fake("gat", 32), text: "" },
  { rule: "gatehouse-integration-token", secret: "gci_" + fake("gci", 32), text: "" },
  { rule: "database-connection-string", secret: dbPass, text: `DATABASE_URL=postgres://app:${dbPass}@db.internal:5432/payments` },
  { rule: "database-connection-string", secret: myPass, text: `mysql -e 'x' mysql://svc:${myPass}@10.0.0.5/orders` },
  { rule: "database-connection-string", secret: mongoPass, text: `MONGO=mongodb+srv://reader:${mongoPass}@cluster0.abcd.mongodb.net/app?retryWrites=true` },
  { rule: "basic-auth", secret: basicPass, text: `git clone https://deploy:${basicPass}@git.example.com/acme/infra.git` },
  { rule: "authorization-header", secret: fake("opaque", 40), text: "" },
].map((e) => ({
  ...e,
  standalone: !CONTEXTUAL.has(e.rule),
  text:
    e.text ||
    (e.rule === "authorization-header"
      ? `curl -H "Authorization: Bearer ${e.secret}" https://api.example.com`
      : `echo "token: ${e.secret}" # leaked by tool output`),
}));

/** A realistic, mostly secret-free event payload (tool input/output, diff) of roughly `bytes` size. */
export function realisticPayload(i: number, bytes = 1024): Record<string, unknown> {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const line = `+  const value${n} = await client.fetch("https://api.example.com/v1/items/${i}-${n}", { retries: 3 }); // ${fake(`p${i}-${n}`, 12)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return {
    tool_input: { command: `npm test -- src/feature-${i % 50}.test.ts`, cwd: "/workspace/acme/payments", description: "Run tests" },
    tool_response: { stdout: `PASS src/feature-${i % 50}.test.ts\n  ✓ computes totals (12 ms)\nTests: 14 passed`, stderr: "", exit_code: 0 },
    diff: lines.join("\n"),
    files: [`src/feature-${i % 50}.ts`, "package.json"],
  };
}
