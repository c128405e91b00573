"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select, Textarea } from "@/components/ui/input";
import { useServerAction } from "@/components/settings/use-action";
import { createAgentAction, updateAgentAction } from "@/lib/registry/actions";
import { ScopeEditor, type ScopeRow } from "./scope-editor";
import { FormError } from "@/components/ui/form-error";

export interface AgentFormValues {
  id?: string;
  shadowId?: string;
  slug: string;
  name: string;
  kind: string;
  role: string;
  description: string;
  team: string; // team id
  sponsor: string; // person id
  model: string;
  toolchainVersion: string;
  reviewPeriodDays: string;
  scope: ScopeRow[];
}

interface Props {
  initial: AgentFormValues;
  teams: { id: string; name: string }[];
  people: { id: string; email: string; name: string }[];
  roles: string[];
  kinds: { value: string; label: string }[];
}

// datetime-local (UTC by the editor's convention) ↔ ISO
const toIso = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : null);

export function AgentForm({ initial, teams, people, roles, kinds }: Props) {
  const router = useRouter();
  const [v, setV] = useState(initial);
  const editing = !!initial.id;
  const { run, pending, error, fieldErrors } = useServerAction(editing ? updateAgentAction : createAgentAction);
  const set = (k: keyof AgentFormValues) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const field = (k: keyof AgentFormValues, label: string, el: React.ReactNode) => (
    <div className="space-y-1">
      <Label htmlFor={`a-${k}`}>{label}</Label>
      {el}
      <FieldError messages={fieldErrors?.[k]} />
    </div>
  );
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const payload = {
          ...(editing ? { id: initial.id } : { shadowId: initial.shadowId }),
          slug: v.slug,
          name: v.name,
          kind: v.kind,
          role: v.role,
          description: v.description,
          team: v.team,
          sponsor: v.sponsor,
          model: v.model,
          toolchainVersion: v.toolchainVersion,
          reviewPeriodDays: v.reviewPeriodDays,
          scope: v.scope
            .filter((r) => r.pattern.trim())
            .map((r) => ({ dimension: r.dimension, pattern: r.pattern.trim(), validFrom: toIso(r.validFrom), validUntil: toIso(r.validUntil) })),
        };
        run(payload as never, (data) => router.push(`/agents/${(data as { slug: string }).slug}`));
      }}
    >
      <div className="grid gap-4 md:grid-cols-2">
        {field("name", "Name", <Input id="a-name" required value={v.name} onChange={set("name")} />)}
        {field(
          "slug",
          "Slug",
          <Input
            id="a-slug"
            required
            value={v.slug}
            onChange={set("slug")}
            pattern="[a-z0-9][a-z0-9\-]*"
            title="Lower-case letters, digits and hyphens, starting with a letter or digit"
          />,
        )}
        {field(
          "kind",
          "Kind",
          <Select id="a-kind" value={v.kind} onChange={set("kind")}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </Select>,
        )}
        {field(
          "role",
          "Purpose / role",
          <>
            <Input id="a-role" required list="a-roles" value={v.role} onChange={set("role")} placeholder="code-review" />
            <datalist id="a-roles">
              {[...new Set(["code-review", "test-automation", "refactoring", "deployment", ...roles])].map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </>,
        )}
        {field(
          "team",
          "Owning team (required)",
          <Select id="a-team" required value={v.team} onChange={set("team")}>
            <option value="">Choose a team…</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>,
        )}
        {field(
          "sponsor",
          "Human sponsor (required)",
          <Select id="a-sponsor" required value={v.sponsor} onChange={set("sponsor")}>
            <option value="">Choose a person…</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </Select>,
        )}
        {field("model", "Model (pinned)", <Input id="a-model" required value={v.model} onChange={set("model")} placeholder="claude-sonnet-4-5-20250929" />)}
        {field(
          "toolchainVersion",
          "Toolchain version (pinned)",
          <Input id="a-toolchainVersion" required value={v.toolchainVersion} onChange={set("toolchainVersion")} placeholder="claude-code 2.0.14" />,
        )}
        {field(
          "reviewPeriodDays",
          "Access review period (days, blank = instance default)",
          <Input id="a-reviewPeriodDays" type="number" min={1} value={v.reviewPeriodDays} onChange={set("reviewPeriodDays")} />,
        )}
      </div>
      {field("description", "Description", <Textarea id="a-description" value={v.description} onChange={set("description")} />)}
      <ScopeEditor rows={v.scope} onChange={(scope) => setV({ ...v, scope })} errors={fieldErrors} />
      <FormError error={error} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Register agent"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
