import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

// one definition for pages and both API adapters (lib/http/security-headers.ts)
const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
// as scripts/test.mjs reads it
const ci = !!process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets several builds (parallel e2e runs, benchmarks) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships WASM + data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (a step of `npm test`), not again by every build.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    authInterrupts: true,
    // Turbopack's build cache (~110 MB, written at the end of every build) only pays off on a
    // rebuild; CI builds once, on a fresh clone: writing it there costs ~25 s of CPU for nothing.
    turbopackFileSystemCacheForBuild: !ci,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
