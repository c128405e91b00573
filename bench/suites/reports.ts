// `npm run bench -- reports`: parsing CI reports (issue 22: a 2 MB report under 100 ms) and how
// long the route's yielding parser holds the event loop on a 15 MB JUnit report (issue 16).
// Inputs are built from the report corpus (lib/changes/reports/fixtures) scaled up to size.
import os from "node:os";
import type { BenchContext } from "../run";
import { corpusFile } from "@/lib/changes/reports/corpus";
import { parseReport, parseReportYielding, type ReportFormat } from "@/lib/changes/reports";

const MB = 1024 * 1024;

export function sarifOf(bytes: number): string {
  const log = JSON.parse(corpusFile("codeql-extensions.sarif.json"));
  const base = log.runs[0].results as unknown[];
  const results: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = structuredClone(base[i % base.length]) as { locations: { physicalLocation: { region: { startLine: number } } }[] };
    r.locations[0].physicalLocation.region.startLine = i + 1;
    results.push(r);
    size += JSON.stringify(r).length;
  }
  log.runs[0].results = results;
  return JSON.stringify(log);
}

export function junitOf(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const failed = i % 10 === 0;
    const tc = `<testcase classname="com.acme.orders.Suite${i % 40}" name="case ${i} keeps the ledger balanced" time="0.01" file="src/test/Suite${i % 40}.java">${
      failed
        ? `<failure message="expected: &lt;3&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n\tat com.acme.orders.Suite${i % 40}.test(Suite${i % 40}.java:${i})]]></failure>`
        : ""
    }<system-out>step ${i} done</system-out></testcase>\n`;
    parts.push(tc);
    size += tc.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="all">\n${parts.join("")}</testsuite></testsuites>`;
}

export function cyclonedxJsonOf(bytes: number): string {
  const bom = JSON.parse(corpusFile("vex-1.5.json"));
  const comps: unknown[] = [];
  const vulns: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const ref = `pkg:npm/pkg-${i}@1.0.${i}`;
    const c = {
      type: "library",
      "bom-ref": ref,
      name: `pkg-${i}`,
      version: `1.0.${i}`,
      purl: ref,
      components: [{ type: "library", "bom-ref": `${ref}/inner`, name: `inner-${i}`, version: "0.1.0" }],
    };
    const v = structuredClone(bom.vulnerabilities[i % bom.vulnerabilities.length]);
    v.affects = [{ ref }];
    comps.push(c);
    vulns.push(v);
    size += JSON.stringify(c).length + JSON.stringify(v).length;
  }
  return JSON.stringify({ ...bom, components: comps, vulnerabilities: vulns });
}

export function cyclonedxXmlOf(bytes: number): string {
  const comps: string[] = [];
  const vulns: string[] = [];
  let size = 0;
  const states = ["not_affected", "exploitable", "false_positive", "in_triage", "resolved"];
  for (let i = 0; size < bytes; i++) {
    const ref = `pkg:npm/pkg-${i}@1.0.${i}`;
    const c = `<component type="library" bom-ref="${ref}"><name>pkg-${i}</name><version>1.0.${i}</version><purl>${ref}</purl><components><component type="library" bom-ref="${ref}/inner"><name>inner-${i}</name><version>0.1.0</version></component></components></component>\n`;
    const v = `<vulnerability><id>CVE-2024-${10000 + i}</id><ratings><rating><score>7.5</score><severity>high</severity><method>CVSSv31</method></rating></ratings><description>Denial of service in pkg-${i}</description><analysis><state>${states[i % states.length]}</state><justification>code_not_reachable</justification><detail>Not called.</detail></analysis><affects><target><ref>${ref}</ref></target></affects></vulnerability>\n`;
    comps.push(c);
    vulns.push(v);
    size += c.length + v.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><component type="application" bom-ref="app"><name>app</name></component></metadata><components>${comps.join("")}</components><vulnerabilities>${vulns.join("")}</vulnerabilities></bom>`;
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export default async function reportsBench(ctx: BenchContext): Promise<string> {
  const runs = ctx.quick ? 5 : 20;
  const inputs: [string, ReportFormat, string][] = [
    ["SARIF 2.1.0 (CodeQL shape)", "sarif", sarifOf(2 * MB)],
    ["JUnit XML (Surefire shape)", "junit", junitOf(2 * MB)],
    ["CycloneDX 1.5 JSON + VEX", "cyclonedx", cyclonedxJsonOf(2 * MB)],
    ["CycloneDX 1.6 XML + VEX", "cyclonedx", cyclonedxXmlOf(2 * MB)],
  ];
  const rows: string[] = [];
  for (const [name, format, content] of inputs) {
    for (let i = 0; i < 3; i++) parseReport(format, content); // warm up
    const times: number[] = [];
    const cpu: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      const r = parseReport(format, content);
      times.push(performance.now() - t);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
      findings = r.counts.open + r.counts.suppressed + r.counts.dismissed + r.counts.absent;
    }
    const line = `| ${name} | ${(content.length / MB).toFixed(2)} MB | ${findings.toLocaleString("en")} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${pct(cpu, 50).toFixed(1)} | ${pct(times, 95) < 100 ? "met" : "**not met**"} |`;
    ctx.log(line);
    rows.push(line);
  }

  // The route's driver on a 15 MB JUnit report: total time, and the longest the event loop
  // was held (what a decision arriving meanwhile waits at most), against parsing in one go.
  const big = junitOf(15 * MB);
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const measure = async (label: string, fn: () => Promise<unknown>) => {
    await new Promise((r) => setTimeout(r, 50));
    last = performance.now();
    longest = 0;
    const t = performance.now();
    await fn();
    const total = performance.now() - t;
    await new Promise((r) => setTimeout(r, 20));
    const line = `| ${label} | ${(big.length / MB).toFixed(1)} MB | ${total.toFixed(0)} ms | ${longest.toFixed(0)} ms |`;
    ctx.log(line);
    return line;
  };
  const stall = [
    await measure("in one go (parseReport)", async () => parseReport("junit", big)),
    await measure("yielding (parseReportYielding, the route's)", () => parseReportYielding("junit", big)),
  ];
  clearInterval(tick);

  const load = os.loadavg()[0].toFixed(1);
  return `## CI report parsing — \`npm run bench -- reports\`

Load average when measured: ${load} on ${os.cpus().length} cores (wall times stretch with it; the CPU
column is this process's own CPU time).

Each report is built from the corpus in \`lib/changes/reports/fixtures\` scaled up to about 2 MB, parsed
${runs} times after 3 warm-up runs (parser only: no HTTP, no database). Target (issue 22): under 100 ms.

| report | size | findings | p50 ms | p95 ms | CPU ms (p50) | p95 < 100 ms |
|---|---|---|---|---|---|---|
${rows.join("\n")}

Event-loop hold while a 15 MB JUnit report is read (issue 16 measured 3.7 s of blocking before):
the longest gap between ticks of a 1 ms interval timer while the report is read.

| driver | size | total | longest event-loop delay |
|---|---|---|---|
${stall.join("\n")}
`;
}
