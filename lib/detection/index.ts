// The detector registry: every detector has the same interface, so a new one is one entry here.
import type { DetectionContext, DetectionEvent, Detector, ViolationHit } from "./types";
import { forbiddenAttemptDetector, persistenceDetector, scopeViolationDetector } from "./denials";
import { secretExposureDetector, secretHandlingDetector } from "./secrets";
import { exfiltrationDetector } from "./exfiltration";
import { credentialMisuseDetector, shadowAgentDetector, suspendedActivityDetector } from "./identity";
import { instructionDriftDetector } from "./drift";
import { gateOverrideDetector } from "./gates";

export * from "./types";

export const DETECTORS: Detector[] = [
  scopeViolationDetector,
  forbiddenAttemptDetector,
  persistenceDetector,
  secretExposureDetector,
  secretHandlingDetector,
  exfiltrationDetector,
  shadowAgentDetector,
  credentialMisuseDetector,
  suspendedActivityDetector,
  instructionDriftDetector,
  gateOverrideDetector,
];

/** Runs every detector over seq-sorted events; one failing detector never hides the others' hits. */
export function runDetectors(events: DetectionEvent[], ctx: DetectionContext, detectors: Detector[] = DETECTORS): ViolationHit[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const hits: ViolationHit[] = [];
  for (const d of detectors) {
    try {
      hits.push(...d.run(sorted, ctx));
    } catch (err) {
      console.error(`[gatehouse] detector ${d.kind} failed:`, err instanceof Error ? err.message : String(err));
    }
  }
  return hits;
}
