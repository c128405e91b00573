// The planted-secret corpus (issue 16): FAKE secrets in the formats agents, CI systems and people
// actually leak, each embedded the way it shows up (env dumps, shell commands, config files,
// URLs, headers, JSON). Every call with a new tag gives new values (derived from the tag by
// SHA-256, so no secret-looking literal sits in the repository), so a value found in a dump names
// the write path that planted it. Test-only.
import { createHash } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX = "0123456789abcdef";

function fake(seed: string, length: number, alphabet = ALNUM): string {
  let out = "";
  for (let block = 0; out.length < length; block++)
    for (const b of createHash("sha256").update(`${seed}:${block}`).digest()) {
      if (out.length >= length) break;
      out += alphabet[b % alphabet.length];
    }
  return out;
}

export interface Plant {
  /** what kind of secret, in what form */
  format: string;
  /** the value that must never be stored or exported */
  secret: string;
  /** the secret in its context, as it is planted into a free-text field */
  text: string;
}

/** One of each format, with values of their own for this tag. */
export function plantedCorpus(tag: string): Plant[] {
  const s = (format: string, n: number, alphabet = ALNUM) => fake(`${tag}:${format}`, n, alphabet);
  const pemLine = s("pem", 64, ALNUM + "+/");
  const plants: Plant[] = [
    { format: "aws access key id", secret: `AKIA${s("akia", 16, UPPER)}`, text: "" },
    { format: "aws secret access key (ini)", secret: s("aws-secret", 40, ALNUM + "/+"), text: "" },
    { format: "github classic token", secret: `ghp_${s("ghp", 36)}`, text: "" },
    { format: "github fine-grained token", secret: `github_pat_${s("ghpat", 82, ALNUM + "_")}`, text: "" },
    { format: "gitlab token", secret: `glpat-${s("glpat", 20)}`, text: "" },
    { format: "slack bot token", secret: `xoxb-${s("slack1", 12, "0123456789")}-${s("slack2", 13, "0123456789")}-${s("slack3", 24)}`, text: "" },
    { format: "stripe live key", secret: `sk_live_${s("stripe", 24)}`, text: "" },
    { format: "openai project key", secret: `sk-proj-${s("openai", 48, ALNUM + "_-")}`, text: "" },
    { format: "anthropic key", secret: `sk-ant-api03-${s("anthropic", 93, ALNUM + "_-")}`, text: "" },
    { format: "npm token", secret: `npm_${s("npm", 36)}`, text: "" },
    { format: "gcp api key", secret: `AIza${s("gcp", 35, ALNUM + "_-")}`, text: "" },
    { format: "sendgrid key", secret: `SG.${s("sg1", 22, ALNUM + "_-")}.${s("sg2", 43, ALNUM + "_-")}`, text: "" },
    { format: "jwt", secret: `eyJhbGciOiJIUzI1NiJ9.eyJ${s("jwt1", 40, ALNUM + "_-")}.${s("jwt2", 43, ALNUM + "_-")}`, text: "" },
    { format: "gatehouse agent token", secret: `gat_${s("gat", 32)}`, text: "" },
    { format: "pem private key", secret: pemLine, text: "" },
    { format: "postgres url password", secret: s("pgpass", 20), text: "" },
    { format: "https basic-auth password", secret: s("basic", 18), text: "" },
    { format: "KEY=value (env)", secret: s("env", 22), text: "" },
    { format: "--flag=value", secret: s("flag", 24), text: "" },
    { format: "yaml key: value", secret: s("yaml", 20), text: "" },
    { format: 'json "client_secret"', secret: s("json", 32, HEX), text: "" },
    { format: "authorization bearer", secret: s("bearer", 40, ALNUM + "._-"), text: "" },
  ];
  const ctx: Record<string, (v: string) => string> = {
    "aws access key id": (v) => `export AWS_ACCESS_KEY_ID=${v}`,
    "aws secret access key (ini)": (v) => `aws_secret_access_key = ${v}`,
    "github classic token": (v) => `git clone https://x-access-token:${v}@github.com/acme/payments.git`,
    "github fine-grained token": (v) => `GH_TOKEN=${v} gh pr list`,
    "gitlab token": (v) => `curl --header "PRIVATE-TOKEN: ${v}" https://gitlab.example.com/api/v4/projects`,
    "slack bot token": (v) => `slack token ${v} posted to #deploys`,
    "stripe live key": (v) => `Stripe::api_key = '${v}'`,
    "openai project key": (v) => `OPENAI_API_KEY=${v}`,
    "anthropic key": (v) => `ANTHROPIC_API_KEY="${v}"`,
    "npm token": (v) => `//registry.npmjs.org/:_authToken=${v}`,
    "gcp api key": (v) => `maps key ${v}`,
    "sendgrid key": (v) => `sendgrid: ${v}`,
    jwt: (v) => `Cookie: session=${v}`,
    "gatehouse agent token": (v) => `export GATEHOUSE_TOKEN=${v}`,
    "pem private key": (v) => `-----BEGIN RSA PRIVATE KEY-----\n${v}\n${s("pem2", 64, ALNUM + "+/")}\n-----END RSA PRIVATE KEY-----`,
    "postgres url password": (v) => `DATABASE_URL=postgres://app:${v}@db.internal:5432/payments`,
    "https basic-auth password": (v) => `https://deploy:${v}@artifacts.example.com/repo`,
    "KEY=value (env)": (v) => `DB_PASSWORD=${v}`,
    "--flag=value": (v) => `mysql --password=${v} -h db`,
    "yaml key: value": (v) => `smtp_password: ${v}`,
    'json "client_secret"': (v) => `{"client_secret": "${v}"}`,
    "authorization bearer": (v) => `Authorization: Bearer ${v}`,
  };
  for (const p of plants) p.text = ctx[p.format](p.secret);
  return plants;
}

/** A JSON payload carrying secrets under keys that name them, whatever the values look like. */
export function secretKeyedPayload(tag: string): { value: Record<string, unknown>; secrets: string[] } {
  const v = (k: string) => fake(`${tag}:key:${k}`, 18);
  const value = {
    env: { DB_PASSWORD: v("db"), STRIPE_API_KEY: v("stripe"), "x-auth-token": v("hdr") },
    config: { password: v("pw"), apiKey: v("apikey"), client_secret: v("cs") },
    headers: [{ name: "X-Api-Token", token: v("tok") }],
  };
  return { value, secrets: [v("db"), v("stripe"), v("hdr"), v("pw"), v("apikey"), v("cs"), v("tok")] };
}

/**
 * Splits plants into texts of at most `max` characters (a field's limit), each holding whole
 * plants, so that every plant lands in some field.
 */
export function packPlants(plants: Plant[], max: number, sep = "\n"): string[] {
  const out: string[] = [];
  let cur = "";
  for (const p of plants) {
    if (p.text.length > max) continue;
    const next = cur ? cur + sep + p.text : p.text;
    if (next.length > max) {
      out.push(cur);
      cur = p.text;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}
