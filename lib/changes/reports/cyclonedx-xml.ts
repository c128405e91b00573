// CycloneDX XML (namespace http://cyclonedx.org/schema/bom/<version>) → the JSON shape of the
// same BOM (the parts cyclonedx.ts reads), so both encodings are read by one reader. The
// specification version comes from the namespace; lists are unwrapped from their container
// elements (<components><component/>…, <ratings><rating/>…, <affects><target/>…,
// <analysis><responses><response/>…). Parsed with saxes (xml.ts), in chunks. Pure.
import type { Steps } from "./run";
import { ReportError } from "./types";
import { readXml } from "./xml";

type Obj = Record<string, unknown>;

const NS = "http://cyclonedx.org/schema/bom/";
// elements that are always lists, as "parent.child"
const LISTS = new Set(["components.component", "vulnerabilities.vulnerability", "ratings.rating", "affects.target", "versions.version", "responses.response"]);

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
/** Text of a leaf element (a string, or {"#text"} when it has attributes). */
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : isObj(v) && typeof v["#text"] === "string" ? v["#text"] : undefined);
const unwrap = (container: unknown, item: string): unknown[] => {
  const v = isObj(container) ? container[item] : undefined;
  return Array.isArray(v) ? v : [];
};

function component(c: unknown): Obj | unknown {
  if (!isObj(c)) return c;
  return { "bom-ref": text(c["@_bom-ref"]), name: text(c.name), version: text(c.version), purl: text(c.purl), components: unwrap(c.components, "component") };
}

function vulnerability(v: unknown): unknown {
  if (!isObj(v)) return v;
  const a = isObj(v.analysis) ? v.analysis : undefined;
  return {
    id: text(v.id),
    "bom-ref": text(v["@_bom-ref"]),
    description: text(v.description),
    detail: text(v.detail),
    ratings: unwrap(v.ratings, "rating").map((r) => (isObj(r) ? { severity: text(r.severity), score: text(r.score) } : r)),
    analysis: a ? { state: text(a.state), justification: text(a.justification), detail: text(a.detail), response: unwrap(a.responses, "response").map(text) } : undefined,
    affects: unwrap(v.affects, "target").map((t) =>
      isObj(t) ? { ref: text(t.ref), versions: unwrap(t.versions, "version").map((x) => (isObj(x) ? { status: text(x.status) } : x)) } : t,
    ),
  };
}

export function* readCyclonedxXml(content: string): Steps<Obj> {
  const doc = yield* readXml(content, "CycloneDX", { isArray: (name, parent) => LISTS.has(`${parent}.${name}`) });
  const bom = doc.bom === "" ? {} : doc.bom; // an empty <bom/>
  if (!isObj(bom)) throw new ReportError("The CycloneDX report is not a CycloneDX BOM: the root element is not <bom>.");
  const ns = typeof bom["@_xmlns"] === "string" ? bom["@_xmlns"] : "";
  if (!ns.startsWith(NS)) throw new ReportError(`The CycloneDX report is not a CycloneDX BOM: <bom> is not in the ${NS}<version> namespace.`);
  // Components nest to any depth: convert them level by level, not recursively.
  const components = unwrap(bom.components, "component").map(component);
  const queue = [...components];
  while (queue.length) {
    const c = queue.pop();
    if (isObj(c) && Array.isArray(c.components)) {
      const kids = c.components.map(component);
      c.components = kids;
      for (const k of kids) queue.push(k);
    }
  }
  const meta = isObj(bom.metadata) ? bom.metadata : {};
  return {
    bomFormat: "CycloneDX",
    specVersion: ns.slice(NS.length),
    metadata: { component: component(meta.component) },
    components,
    vulnerabilities: unwrap(bom.vulnerabilities, "vulnerability").map(vulnerability),
  };
}
