// CycloneDX 1.4–1.7 SBOM / VEX, JSON or XML → findings for known vulnerabilities (SCA).
// Each vulnerability × affected component is one finding with the worst rating; a VEX verdict
// (`analysis.state` not_affected, false_positive, resolved) keeps the finding but dismissed,
// with its justification. Components are counted at every depth. Pure.
import { clip, ReportError, type ParsedReport } from "./types";
import { findingsOfBom, requireSupportedVersion, type CdxBom, type CdxComponent, type CdxVulnerability } from "./cyclonedx-model";
import { readCyclonedxXml } from "./cyclonedx-xml";
import { runSync, type Steps } from "./run";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown, n = 2000): string | null => (typeof v === "string" && v !== "" ? clip(v, n) : typeof v === "number" ? String(v) : null);
const num = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

function arrayAt(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ReportError(`The CycloneDX report is not a CycloneDX BOM: ${where} is not a list.`);
  return v;
}

/** Components and their nested components, without recursion (depth is the client's choice). */
function readComponents(list: unknown, where: string): CdxComponent[] {
  const top: CdxComponent[] = [];
  const stack: { raw: unknown; into: CdxComponent[]; where: string }[] = arrayAt(list, where)
    .map((raw, i) => ({ raw, into: top, where: `${where}.${i}` }))
    .reverse();
  while (stack.length) {
    const { raw, into, where: at } = stack.pop()!;
    if (!isObj(raw)) throw new ReportError(`The CycloneDX report is not a CycloneDX BOM: ${at} is not a component.`);
    const c = readComponent(raw);
    into.push(c);
    const kids = arrayAt(raw.components, `${at}.components`);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ raw: kids[i], into: c.children, where: `${at}.components.${i}` });
  }
  return top;
}

function readComponent(raw: Obj): CdxComponent {
  return { ref: str(raw["bom-ref"]), name: str(raw.name, 500) ?? "unnamed", version: str(raw.version, 200), purl: str(raw.purl), children: [] };
}

function readVulnerability(raw: unknown, where: string): CdxVulnerability {
  if (!isObj(raw)) throw new ReportError(`The CycloneDX report is not a CycloneDX BOM: ${where} is not a vulnerability.`);
  const a = isObj(raw.analysis) ? raw.analysis : null;
  return {
    id: str(raw.id, 500),
    ref: str(raw["bom-ref"], 500),
    ratings: arrayAt(raw.ratings, `${where}.ratings`)
      .filter(isObj)
      .map((r) => ({ severity: str(r.severity, 50), score: num(r.score) })),
    description: str(raw.description) ?? str(raw.detail),
    analysis: a
      ? {
          state: str(a.state, 100),
          justification: str(a.justification, 200),
          detail: str(a.detail, 1500),
          responses: arrayAt(a.response, `${where}.analysis.response`)
            .map((x) => str(x, 100))
            .filter((x): x is string => x !== null),
        }
      : null,
    affects: arrayAt(raw.affects, `${where}.affects`)
      .filter(isObj)
      .map((t) => ({
        ref: str(t.ref) ?? "",
        versions: arrayAt(t.versions, `${where}.affects.versions`)
          .filter(isObj)
          .map((x) => ({ status: str(x.status, 50) ?? "affected" })),
      })),
  };
}

/** A BOM in the JSON shape (the XML reader produces the same shape) → the model. */
export function readBom(doc: unknown, encoding: "json" | "xml"): CdxBom {
  if (!isObj(doc) || (encoding === "json" && doc.bomFormat !== "CycloneDX")) {
    throw new ReportError('The CycloneDX report is not a CycloneDX BOM: bomFormat is not "CycloneDX".');
  }
  const specVersion = str(doc.specVersion, 20);
  if (!specVersion) throw new ReportError("The CycloneDX report is not a CycloneDX BOM: specVersion is missing.");
  requireSupportedVersion(specVersion, encoding);
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  return {
    encoding,
    specVersion,
    subject: isObj(meta.component) ? readComponent(meta.component) : null,
    components: readComponents(doc.components, "components"),
    vulnerabilities: arrayAt(doc.vulnerabilities, "vulnerabilities").map((v, i) => readVulnerability(v, `vulnerabilities.${i}`)),
  };
}

export function parseCyclonedx(content: string): ParsedReport {
  return runSync(cyclonedxSteps(content));
}

export function* cyclonedxSteps(content: string): Steps<ParsedReport> {
  // XML documents start with "<" (after an optional byte-order mark and whitespace)
  const head = content.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("<")) return findingsOfBom(readBom(yield* readCyclonedxXml(content), "xml"));
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new ReportError("The CycloneDX report is neither JSON nor XML.");
  }
  return findingsOfBom(readBom(raw, "json"));
}
