import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// Options are built per request so configuration set at server start (secret, OIDC) applies.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, { params: await ctx.params });
}

export { handler as GET, handler as POST };
