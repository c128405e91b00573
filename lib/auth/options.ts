import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { TokenSet } from "openid-client";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { authenticatePassword, createUserSession, revokeUserSession, signInSsoUser, type SsoClaims } from "./people";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const db = await getDb();
        // the address server.ts's dispatcher resolved (the socket, or a trusted proxy's
        // X-Forwarded-For); never the client's own X-Forwarded-For
        const ip = (req?.headers?.[CLIENT_ADDRESS_HEADER] as string | undefined) ?? null;
        // throws an Error whose message is the code the sign-in page explains
        const user = await authenticatePassword(db, credentials?.email ?? "", credentials?.password ?? "", ip);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  const e = env();
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      // The code is exchanged with openid-client's OIDC callback: the ID token's signature, issuer,
      // audience and expiry are verified.
      idToken: true,
      checks: ["pkce", "state"],
      userinfo: {
        // With the code flow a conforming provider returns the email and profile claims from
        // the UserInfo endpoint, not in the ID token (OIDC Core 5.4); next-auth's `idToken: true`
        // alone reads only the ID token and would see no email. openid-client checks that the
        // UserInfo subject is the ID token's.
        async request({ tokens, client }) {
          const set = tokens as TokenSet; // next-auth hands over openid-client's TokenSet
          const fromIdToken = set.claims();
          if (!set.access_token || !client.issuer.metadata.userinfo_endpoint) return fromIdToken;
          return { ...fromIdToken, ...(await client.userinfo(set)), sub: fromIdToken.sub };
        },
      },
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub };
      },
    });
  }
  return list;
}

export function ssoProviderName(): string | undefined {
  const e = env();
  return e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? e.OIDC_NAME : undefined;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: providers(),
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === "oidc") {
          const r = await signInSsoUser(await getDb(), (profile ?? {}) as SsoClaims);
          if (!r.ok) return `/signin?error=${r.error}`;
          // the session belongs to the Gatehouse person, not to the provider's subject
          user.id = r.user.id;
        }
        return true;
      },
      async jwt({ token, user, trigger }) {
        // A new server-side session at every sign-in (session rotation); the JWT carries its id.
        if (user && (trigger === "signIn" || trigger === "signUp")) {
          const db = await getDb();
          token.sid = await createUserSession(db, user.id, SESSION_MAX_AGE_SECONDS);
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, sid: token.sid as string | undefined };
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await revokeUserSession(await getDb(), token.sid as string);
      },
    },
  };
}
