import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { ssoProviderName } from "@/lib/auth/options";
import { demoEnabled } from "@/lib/env";
import { SignInForm } from "@/components/shell/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await getCurrentUser()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <h1 className="text-2xl font-bold">Gatehouse</h1>
          <p className="text-sm text-muted-foreground">Governance for AI coding agents</p>
        </div>
        <SignInForm initialError={error} callbackUrl={callbackUrl?.startsWith("/") ? callbackUrl : "/"} ssoName={ssoProviderName()} demo={demoEnabled()} />
      </div>
    </main>
  );
}
