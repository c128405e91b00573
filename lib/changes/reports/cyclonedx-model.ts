// The parts of a CycloneDX BOM that become findings, read the same way from JSON and XML. The
// vocabulary (specification versions, VEX analysis states, severities) is the CycloneDX
// project's own library's. Pure.
import { Vulnerability as VulnEnums } from "@cyclonedx/cyclonedx-library/Enums";
import { SpecVersionDict, Format } from "@cyclonedx/cyclonedx-library/Spec";
import { clip, FindingSink, ReportError, severityFromScore, type FindingSeverity, type FindingStatus, type ParsedReport } from "./types";

export interface CdxComponent {
  ref: string | null;
  name: string;
  version: string | null;
  purl: string | null;
  children: CdxComponent[];
}

export interface CdxVulnerability {
  id: string | null;
  ref: string | null;
  ratings: { severity: string | null; score: number | null }[];
  description: string | null;
  analysis: { state: string | null; justification: string | null; detail: string | null; responses: string[] } | null;
  affects: { ref: string; versions: { status: string | null }[] }[];
}

export interface CdxBom {
  encoding: "json" | "xml";
  specVersion: string;
  subject: CdxComponent | null;
  components: CdxComponent[];
  vulnerabilities: CdxVulnerability[];
}

/** 1.4–1.7: the versions whose specification has vulnerabilities (and so VEX), in both encodings. */
export const ACCEPTED_VERSIONS = Object.entries(SpecVersionDict)
  .filter(([, s]) => s?.supportsVulnerabilities && s.supportsFormat(Format.JSON) && s.supportsFormat(Format.XML))
  .map(([v]) => v)
  .sort();

export function requireSupportedVersion(version: string, encoding: "json" | "xml") {
  const spec = SpecVersionDict[version as keyof typeof SpecVersionDict];
  if (!spec || !ACCEPTED_VERSIONS.includes(version) || !spec.supportsFormat(encoding === "json" ? Format.JSON : Format.XML)) {
    throw new ReportError(
      `CycloneDX ${clip(version, 20)} is not accepted: versions ${ACCEPTED_VERSIONS.join(", ")} are read, in JSON or XML (earlier versions have no vulnerabilities).`,
    );
  }
}

// VEX verdicts that say "this is not an open problem here" (CycloneDX 1.4+ analysis.state).
const DISMISSED = new Set<string>([VulnEnums.AnalysisState.NotAffected, VulnEnums.AnalysisState.FalsePositive, VulnEnums.AnalysisState.Resolved, VulnEnums.AnalysisState.ResolvedWithPedigree]);
const RANK: FindingSeverity[] = ["info", "low", "medium", "high", "critical"];
const SEVERITIES = new Set<string>(Object.values(VulnEnums.Severity));

function severityOf(ratings: CdxVulnerability["ratings"]): FindingSeverity {
  let best: FindingSeverity | undefined;
  for (const r of ratings) {
    const v = r.severity?.toLowerCase();
    let s: FindingSeverity | undefined;
    if (v && SEVERITIES.has(v) && v !== "unknown") s = v === "none" ? "info" : (v as FindingSeverity);
    else if (r.score !== null && Number.isFinite(r.score)) s = severityFromScore(r.score);
    if (s && (!best || RANK.indexOf(s) > RANK.indexOf(best))) best = s;
  }
  // a vulnerability without a usable rating is not "info": medium until someone rates it
  return best ?? "medium";
}

function verdict(v: CdxVulnerability, target: CdxVulnerability["affects"][number]): { status: FindingStatus; justification: string | null } {
  const a = v.analysis;
  if (a?.state && DISMISSED.has(a.state)) {
    const why = [a.state + (a.justification ? `: ${a.justification}` : ""), a.responses.length ? `response: ${a.responses.join(", ")}` : "", a.detail ?? ""];
    return { status: "dismissed", justification: clip(why.filter(Boolean).join(" — "), 2000) };
  }
  // affects[].versions with only "unaffected" entries: the supplier says these versions are not affected
  if (target.versions.length && target.versions.every((x) => x.status === VulnEnums.AffectStatus.Unaffected)) {
    return { status: "dismissed", justification: "unaffected: every listed version of the target is unaffected" };
  }
  return { status: "open", justification: null };
}

/** Vulnerabilities × affected components → findings; every component counted, nested ones too. */
export function findingsOfBom(bom: CdxBom): ParsedReport {
  const byRef = new Map<string, CdxComponent>();
  let components = 0;
  const stack = [...bom.components];
  if (bom.subject?.ref) byRef.set(bom.subject.ref, bom.subject);
  while (stack.length) {
    const c = stack.pop()!;
    components++;
    if (c.ref && !byRef.has(c.ref)) byRef.set(c.ref, c);
    for (const child of c.children) stack.push(child);
  }
  const sink = new FindingSink();
  const bySeverity: Record<string, number> = {};
  const byState: Record<string, number> = {};
  for (const v of bom.vulnerabilities) {
    const severity = severityOf(v.ratings);
    const state = v.analysis?.state ?? "none";
    byState[state] = (byState[state] ?? 0) + 1;
    const targets = v.affects.length ? v.affects : [{ ref: "", versions: [] }];
    let open = false;
    for (const t of targets) {
      // a BOM-Link ("urn:cdx:<serial>/<version>#<bom-ref>") names a component of another BOM
      const hash = t.ref.startsWith("urn:cdx:") ? t.ref.indexOf("#") : -1;
      const c = byRef.get(t.ref) ?? (hash > 0 ? byRef.get(t.ref.slice(hash + 1)) : undefined);
      const what = c ? `${c.name}${c.version ? "@" + c.version : ""}` : t.ref || "unknown component";
      const { status, justification } = verdict(v, t);
      if (status === "open") open = true;
      sink.add({
        ruleId: v.id ? clip(v.id, 500) : v.ref ? clip(v.ref, 500) : null,
        severity,
        message: clip(`${v.id ?? "vulnerability"} in ${what}${v.description ? ": " + v.description : ""}`),
        path: clip(c?.purl ?? (t.ref || ""), 2000) || null,
        line: null,
        status,
        justification,
      });
    }
    if (open) bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
  }
  return {
    format: "cyclonedx",
    findings: sink.findings(),
    counts: sink.counts,
    summary: {
      specVersion: bom.specVersion,
      encoding: bom.encoding,
      subject: bom.subject?.name ?? null,
      components,
      top_level_components: bom.components.length,
      vulnerabilities: bom.vulnerabilities.length,
      bySeverity,
      by_analysis_state: byState,
      ...sink.counts,
    },
  };
}
