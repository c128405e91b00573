import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getActivePolicy, getPolicyVersion, listPolicyVersions, simulatorAgents } from "@/lib/policy/store";
import { policyToYaml } from "@/lib/policy/yaml";
import type { PolicyDocument } from "@/lib/policy/types";
import { RulesTable } from "@/components/policies/rules-table";
// lazy: the editor's YAML tooling loads only on the Edit tab (components/policies/lazy-editor.tsx)
import { LazyPolicyEditor as PolicyEditor } from "@/components/policies/lazy-editor";
import { Simulator } from "@/components/policies/simulator";
import { MigrationNotice } from "@/components/policies/migration-notice";
import { VersionList } from "@/components/policies/versions";
import { cn } from "@/lib/ui/cn";

export const metadata: Metadata = { title: "Policies" };

const TABS = [
  { id: "rules", label: "Rules" },
  { id: "simulate", label: "Simulate" },
  { id: "versions", label: "Versions" },
  { id: "edit", label: "Edit" },
] as const;

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("dashboard:view");
  const sp = await searchParams;
  const canEdit = can(user.role, "policies:edit");
  const tab = TABS.find((t) => t.id === sp.tab)?.id ?? "rules";
  const db = await getDb();
  const active = await getActivePolicy(db);
  const wanted = typeof sp.version === "string" ? Number(sp.version) : undefined;
  const shown = wanted && wanted !== active.version ? await getPolicyVersion(db, wanted) : undefined;
  const doc = (shown?.document as PolicyDocument | undefined) ?? active.compiled.document;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Policies</h1>
        <p className="text-sm text-muted-foreground">
          Active policy: version {active.version} · {active.compiled.ruleCount} rules · default tier <strong>{active.compiled.defaultTier}</strong> · approvals
          expire after {Math.round(active.approvalTtlSeconds / 60)} min
        </p>
      </div>
      <MigrationNotice changes={active.compiled.migration} />
      <nav aria-label="Policies" className="flex gap-2 border-b border-border pb-2">
        {TABS.filter((t) => t.id !== "edit" || canEdit).map((t) => (
          <Link
            key={t.id}
            href={`/policies?tab=${t.id}`}
            aria-current={tab === t.id ? "page" : undefined}
            className={cn("rounded-md px-3 py-1.5 text-sm hover:bg-muted", tab === t.id && "bg-muted font-medium")}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "rules" ? (
        <div className="space-y-2">
          {shown ? (
            <p role="status" className="text-sm">
              Viewing version {shown.version} (not active).{" "}
              <Link className="underline" href="/policies">
                Back to the active version
              </Link>
            </p>
          ) : null}
          <RulesTable document={doc} />
        </div>
      ) : null}
      {tab === "simulate" ? <Simulator agents={await simulatorAgents(db)} /> : null}
      {tab === "versions" ? (
        <VersionList versions={(await listPolicyVersions(db)).map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }))} active={active.version} />
      ) : null}
      {tab === "edit" && canEdit ? <PolicyEditor initialYaml={policyToYaml(active.compiled.document)} version={active.version} /> : null}
    </div>
  );
}
