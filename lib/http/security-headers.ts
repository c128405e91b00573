// The security headers of every answer, pages and API alike: next.config.ts's headers() sends
// them on everything Next serves, and both API adapters (lib/http/api.ts) and the dispatcher's
// own refusals (lib/server/dispatch.ts) send them on what they answer. One definition.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};
