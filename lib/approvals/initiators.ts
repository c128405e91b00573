import { redactText } from "@/lib/redaction/redact";

/**
 * Who started a request, in one comparable form. Segregation of duties compares these with the
 * approver's email, so every place that stores or compares an initiator goes through here:
 * " Dev@Acme.Test " and "dev@acme.test" are the same person. PURE.
 */
export function normalizeEmail(v: string | null | undefined): string | null {
  if (typeof v !== "string") return null;
  // Secrets are redacted before lower-casing, which would hide them from case-sensitive rules (SG., AIza, eyJ…).
  const t = redactText(v.trim(), { count: 0, rules: {} }).toLowerCase().replaceAll("[redacted:", "[REDACTED:");
  return t.length ? t : null;
}

/** True when `email` started (or joined by a merged repeat) the request: they may not decide it. */
export function isInitiator(req: { initiatedBy: string | null; initiators?: string[] | null }, email: string): boolean {
  const who = normalizeEmail(email);
  if (!who) return false;
  if (normalizeEmail(req.initiatedBy) === who) return true;
  return (req.initiators ?? []).some((i) => normalizeEmail(i) === who);
}
