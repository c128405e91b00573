// CycloneDX JSON SBOM (1.4–1.6) → findings for known vulnerabilities (SCA). Components are
// counted; each vulnerability × affected component is a finding with the worst rating. Pure.
import { z } from "zod";
import { clip, MAX_FINDINGS, ReportError, type Finding, type FindingSeverity, type ParsedReport } from "./types";

const component = z.object({ "bom-ref": z.string().optional(), name: z.string(), version: z.string().optional(), purl: z.string().optional(), type: z.string().optional() }).loose();
const vulnerability = z
  .object({
    id: z.string().optional(),
    "bom-ref": z.string().optional(),
    source: z.object({ name: z.string().optional(), url: z.string().optional() }).loose().optional(),
    ratings: z.array(z.object({ severity: z.string().optional(), score: z.number().optional(), method: z.string().optional() }).loose()).optional(),
    description: z.string().optional(),
    detail: z.string().optional(),
    affects: z.array(z.object({ ref: z.string() }).loose()).optional(),
  })
  .loose();
export const cyclonedxSchema = z
  .object({
    bomFormat: z.literal("CycloneDX"),
    specVersion: z.string(),
    metadata: z.object({ component: component.partial().optional(), tools: z.unknown().optional() }).loose().optional(),
    components: z.array(component).optional(),
    vulnerabilities: z.array(vulnerability).optional(),
  })
  .loose();

const RANK: FindingSeverity[] = ["info", "low", "medium", "high", "critical"];

function severityOf(ratings: { severity?: string; score?: number }[] | undefined): FindingSeverity {
  let best: FindingSeverity = "info";
  for (const r of ratings ?? []) {
    let s: FindingSeverity | undefined;
    const v = r.severity?.toLowerCase();
    if (v === "critical" || v === "high" || v === "medium" || v === "low" || v === "info") s = v;
    else if (v === "none") s = "info";
    else if (typeof r.score === "number") s = r.score >= 9 ? "critical" : r.score >= 7 ? "high" : r.score >= 4 ? "medium" : r.score > 0 ? "low" : "info";
    if (s && RANK.indexOf(s) > RANK.indexOf(best)) best = s;
  }
  // a vulnerability without a usable rating is not "info": treat it as medium until rated
  return (ratings?.length ?? 0) === 0 ? "medium" : best;
}

export function parseCyclonedx(content: string): ParsedReport {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new ReportError("The CycloneDX report is not valid JSON (only the JSON encoding is accepted).");
  }
  const parsed = cyclonedxSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ReportError(`The CycloneDX report is not a CycloneDX BOM: ${i.path.map(String).join(".") || "(root)"}: ${i.message}.`);
  }
  const bom = parsed.data;
  const byRef = new Map<string, z.infer<typeof component>>();
  for (const c of bom.components ?? []) if (c["bom-ref"]) byRef.set(c["bom-ref"], c);
  const findings: Finding[] = [];
  const counts: Record<string, number> = {};
  for (const v of bom.vulnerabilities ?? []) {
    const severity = severityOf(v.ratings);
    counts[severity] = (counts[severity] ?? 0) + 1;
    const affects = v.affects?.length ? v.affects : [{ ref: "" }];
    for (const a of affects) {
      if (findings.length >= MAX_FINDINGS) break;
      const c = byRef.get(a.ref);
      const what = c ? `${c.name}${c.version ? "@" + c.version : ""}` : a.ref || "unknown component";
      findings.push({
        ruleId: v.id ?? v["bom-ref"] ?? null,
        severity,
        message: clip(`${v.id ?? "vulnerability"} in ${what}${v.description ? ": " + v.description : ""}`),
        path: c?.purl ?? (a.ref || null),
        line: null,
      });
    }
  }
  return {
    format: "cyclonedx",
    findings,
    summary: {
      specVersion: bom.specVersion,
      subject: bom.metadata?.component?.name ?? null,
      components: bom.components?.length ?? 0,
      vulnerabilities: bom.vulnerabilities?.length ?? 0,
      bySeverity: counts,
    },
  };
}
