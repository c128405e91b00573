import { parseArgs } from "node:util";
import { z } from "zod";
import { auditActor, operatorActor } from "@/lib/auth/actor";
import { openDatabase, type DbHandle } from "@/lib/db";
import { DataDirLockedError } from "@/db/lock";
import { env } from "@/lib/env";
import { ROLES } from "@/lib/auth/permissions";
import { INTEGRATION_SCOPES } from "@/lib/auth/tokens";
import { upsertUser } from "@/lib/auth/people";
import { generatePassword } from "@/lib/auth/password";
import { createIntegrationToken } from "@/lib/people/queries";
import { audited } from "@/lib/audit/audited";
import { extraCommands } from "./commands";

const USAGE = `Gatehouse operator CLI

  user create --email E --role R [--name N] [--password P]
      Create or update a person; prints the password when it generated one.
      Roles: ${ROLES.join(", ")}
  token create --name N --scopes s1,s2 [--ttl-seconds T]
      Create an integration token; printed alone on the last line.
      Scopes: ${INTEGRATION_SCOPES.join(", ")}
${extraCommands.map((c) => `  ${c.usage}`).join("\n")}
Runs against DATABASE_URL, or the embedded database in GATEHOUSE_DATA_DIR (not while a server holds it).`;

class UsageError extends Error {}

async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const e = env();
  const h = await openDatabase({ url: e.DATABASE_URL, dataDir: e.GATEHOUSE_DATA_DIR, poolMax: 2 });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

function parse<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const r = schema.safeParse(values);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return r.data;
}

async function main(argv: string[]): Promise<number> {
  const [group, verb, ...rest] = argv;
  const key = `${group ?? ""} ${verb ?? ""}`.trim();
  if (!group || group === "help" || group === "--help") {
    console.log(USAGE);
    return 0;
  }
  if (key === "user create") {
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
    });
    const input = parse(
      z.object({
        email: z.string().email(),
        role: z.enum(ROLES),
        name: z.string().min(1).optional(),
        password: z.string().min(12, "at least 12 characters").optional(),
      }),
      values,
    );
    const password = input.password ?? generatePassword();
    // the person and its audit event in one transaction, by the operator at the host (as the
    // tokens this CLI creates are)
    const { user, created } = await withDb((h) =>
      audited(h.db, async (tx) => {
        const r = await upsertUser(tx, { ...input, password });
        const event = {
          ...auditActor(operatorActor("cli")),
          type: r.created ? "person.create" : "person.update",
          resource: `person:${r.user.email}`,
          payload: { role: r.user.role, via: "cli" },
        };
        return { result: r, events: [event] };
      }),
    );
    console.log(`${created ? "Created" : "Updated"} ${user.email} (${user.role}).`);
    if (!input.password) console.log(`Password: ${password}`);
    return 0;
  }
  if (key === "token create") {
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: "string" }, scopes: { type: "string" }, "ttl-seconds": { type: "string" } },
    });
    const input = parse(
      z.object({
        name: z.string().min(1),
        scopes: z
          .string()
          .transform((s) =>
            s
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean),
          )
          .pipe(z.array(z.enum(INTEGRATION_SCOPES)).min(1)),
        "ttl-seconds": z.coerce.number().int().min(60).optional(),
      }),
      values,
    );
    const res = await withDb((h) =>
      createIntegrationToken(h.db, { name: input.name, scopes: input.scopes, ttlSeconds: input["ttl-seconds"] }, operatorActor("cli")),
    );
    console.log(
      `Created integration token "${input.name}" (${res.prefix}…) with scopes ${input.scopes.join(",")}${res.expiresAt ? `, expires ${res.expiresAt.toISOString()}` : ""}. It is shown only now:`,
    );
    console.log(res.token);
    return 0;
  }
  const extra = extraCommands.find((c) => c.name === key);
  if (extra) return extra.run(rest, withDb);
  // one-word commands (`hook --url …`) take everything after their name
  const single = extraCommands.find((c) => c.name === group);
  if (single) return single.run(verb === undefined ? rest : [verb, ...rest], withDb);
  throw new UsageError(`Unknown command "${key}".\n\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) console.error(err.message);
    else if (err instanceof DataDirLockedError) console.error(err.message);
    else console.error("Error:", err instanceof Error ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
