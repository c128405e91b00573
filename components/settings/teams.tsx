"use client";
import { createTeamAction } from "@/lib/people/actions";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { useServerAction } from "./use-action";

export function CreateTeamForm() {
  const { run, pending, error, fieldErrors } = useServerAction(createTeamAction);
  return (
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg border border-border p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        run(new FormData(form), () => form.reset());
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="team-slug">Slug</Label>
        <Input id="team-slug" name="slug" required placeholder="payments" aria-invalid={!!fieldErrors?.slug} />
        <FieldError messages={fieldErrors?.slug} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="team-name">Name</Label>
        <Input id="team-name" name="name" required placeholder="Payments" aria-invalid={!!fieldErrors?.name} />
        <FieldError messages={fieldErrors?.name} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create team"}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
