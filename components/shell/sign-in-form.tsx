"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Card, CardContent } from "@/components/ui/card";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  AccountDisabled: "This account is disabled. Ask an admin to re-enable it.",
  TooManyAttempts: "Too many failed attempts from here. Wait a little and try again — each further failure makes the wait longer.",
  NoEmail: "Your identity provider did not share an email address.",
  NoSubject: "Your identity provider did not say who you are (no subject).",
  SubjectMismatch:
    "This email belongs to a Gatehouse person who signs in with a different account at your identity provider. Ask an admin to unlink their single sign-on in Settings → People if the account was replaced.",
  EmailNotVerified: "Your identity provider has not verified your email address, so Gatehouse cannot sign you in with it.",
  SessionRequired: "Sign in to continue.",
};

export function SignInForm(props: { initialError?: string; callbackUrl: string; ssoName?: string; demo: boolean }) {
  const [error, setError] = useState(props.initialError ? (MESSAGES[props.initialError] ?? "Sign-in failed.") : "");
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError("");
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(MESSAGES[res?.error ?? ""] ?? "Sign-in failed.");
      return;
    }
    window.location.assign(props.callbackUrl);
  }

  return (
    <Card>
      <CardContent className="space-y-4 p-6">
        <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "signin-error" : undefined}>
          <div className="space-y-1">
            <Label htmlFor="email">Email</Label>
            <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div className="space-y-1">
            <Label htmlFor="password">Password</Label>
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {error ? (
            <p id="signin-error" role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        {props.ssoName ? (
          <Button variant="outline" className="w-full" onClick={() => signIn("oidc", { callbackUrl: props.callbackUrl })}>
            Sign in with {props.ssoName}
          </Button>
        ) : null}
        {props.demo ? (
          <p className="text-xs text-muted-foreground">
            Demo instance: sign in as <code>admin@acme.test</code>, <code>security@acme.test</code>, <code>approver@acme.test</code>,{" "}
            <code>manager@acme.test</code> or <code>viewer@acme.test</code> with the password <code>gatehouse-demo</code>.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
