import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

// one definition for pages and both API adapters (lib/http/security-headers.ts)
const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets several builds (parallel e2e runs, benchmarks) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships WASM + data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (a step of `npm test`), not again by every build.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
