"use client";
import { useState } from "react";
import { createPersonAction, updatePersonAction } from "@/lib/people/actions";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
import { useServerAction } from "./use-action";
import { fmtDateTime } from "@/lib/ui/time";
import { FormError } from "@/components/ui/form-error";

export function CreatePersonForm({ teams }: { teams: { id: string; name: string }[] }) {
  const { run, pending, error, fieldErrors } = useServerAction(createPersonAction);
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <form
      className="grid gap-3 rounded-lg border border-border p-4 md:grid-cols-6"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        setGenerated(null);
        run(new FormData(form), (d) => {
          form.reset();
          setGenerated(d.generatedPassword ?? null);
        });
      }}
    >
      <div className="space-y-1 md:col-span-2">
        <Label htmlFor="p-email">Email</Label>
        <Input id="p-email" name="email" type="email" required />
        <FieldError messages={fieldErrors?.email} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="p-name">Name</Label>
        <Input id="p-name" name="name" required />
        <FieldError messages={fieldErrors?.name} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="p-role">Role</Label>
        <Select id="p-role" name="role" defaultValue="viewer" className="w-full">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="p-team">Team</Label>
        <Select id="p-team" name="teamId" defaultValue="" className="w-full">
          <option value="">None</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="p-password">Password (optional)</Label>
        <Input id="p-password" name="password" type="password" autoComplete="new-password" placeholder="generated if empty" />
        <FieldError messages={fieldErrors?.password} />
      </div>
      <div className="flex items-center gap-3 md:col-span-6">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add person"}
        </Button>
        <FormError error={error} />
        {generated ? (
          <p role="status" className="text-sm">
            Generated password (shown once): <code data-testid="generated-password">{generated}</code>
          </p>
        ) : null}
      </div>
    </form>
  );
}

interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  teamName: string | null;
  lastLoginAt: string | null;
  ssoLinked: boolean;
}

export function PeopleTable({ people, meId }: { people: PersonRow[]; meId: string }) {
  const { run, pending, error } = useServerAction(updatePersonAction);
  return (
    <div className="space-y-2">
      <FormError error={error} />
      <Table>
        <THead>
          <tr>
            <TH>Person</TH>
            <TH>Team</TH>
            <TH>Role</TH>
            <TH>Status</TH>
            <TH>Last sign-in</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {people.map((p) => (
            <TR key={p.id} data-testid={`person-${p.email}`}>
              <TD>
                <div className="font-medium">{p.name}</div>
                <div className="text-xs text-muted-foreground">
                  {p.email}
                  {p.ssoLinked ? (
                    <Badge tone="neutral" className="ml-2" title="Signs in through single sign-on: bound to one identity at the provider">
                      SSO
                    </Badge>
                  ) : null}
                </div>
              </TD>
              <TD>{p.teamName ?? "—"}</TD>
              <TD>
                <Select
                  aria-label={`Role of ${p.email}`}
                  defaultValue={p.role}
                  disabled={pending || p.id === meId}
                  onChange={(e) => run({ id: p.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </Select>
              </TD>
              <TD>{p.disabled ? <Badge tone="bad">Disabled</Badge> : <Badge tone="good">Active</Badge>}</TD>
              <TD className="text-xs">{fmtDateTime(p.lastLoginAt, "never")}</TD>
              <TD>
                <div className="flex justify-end gap-2">
                  {p.ssoLinked && p.id !== meId ? (
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={pending}
                      aria-label={`Unlink single sign-on of ${p.email}`}
                      onClick={() => run({ id: p.id, unlinkSso: true })}
                    >
                      Unlink SSO
                    </Button>
                  ) : null}
                  {p.id === meId ? null : (
                    <Button variant="outline" size="sm" disabled={pending} onClick={() => run({ id: p.id, disabled: !p.disabled })}>
                      {p.disabled ? "Enable" : "Disable"}
                    </Button>
                  )}
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
