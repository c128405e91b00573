"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { testGithubStatusAction } from "@/lib/changes/actions";
import { useServerAction } from "./use-action";

/** Queues a pending gatehouse/compliance status on a chosen commit (the delivery shows below). */
export function GithubTestPost({ disabled }: { disabled: boolean }) {
  const [repository, setRepository] = useState("");
  const [sha, setSha] = useState("");
  const { run, pending, result, error, fieldErrors } = useServerAction(testGithubStatusAction);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label="Test post a commit status"
      onSubmit={(e) => {
        e.preventDefault();
        run({ repository, sha });
      }}
    >
      <label className="grid gap-1 text-sm">
        Repository
        <Input
          name="repository"
          placeholder="owner/name"
          value={repository}
          onChange={(e) => setRepository(e.target.value)}
          aria-invalid={!!fieldErrors?.repository}
          className="w-56"
        />
      </label>
      <label className="grid gap-1 text-sm">
        Commit sha
        <Input
          name="sha"
          placeholder="40 hex characters"
          value={sha}
          onChange={(e) => setSha(e.target.value)}
          aria-invalid={!!fieldErrors?.sha}
          className="w-80 font-mono"
        />
      </label>
      <Button type="submit" disabled={disabled || pending}>
        {pending ? "Queuing…" : "Test post"}
      </Button>
      <p role="status" className="w-full text-sm">
        {error ? (
          <span className="text-red-700 dark:text-red-300">{[error, ...Object.values(fieldErrors ?? {}).flat()].join(" ")}</span>
        ) : result?.ok ? (
          "Queued: a pending status will be posted within seconds."
        ) : null}
      </p>
    </form>
  );
}
