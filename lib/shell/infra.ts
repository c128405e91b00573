import type { Run } from "./analyse";
import { handledEmitter } from "./emit";
import { fileAction } from "./files";
import type { DerivedAction, ShellContext, Word } from "./types";

/**
 * Infrastructure and deploy tools → `infra.change` / `deploy` with the environment when an
 * argument names one; their secret commands → `secret.read`; read-only commands stay
 * `shell.exec`. Access control changes → `iam.change`.
 */
const ENV_WORDS: Record<string, string> = {
  prod: "prod",
  production: "production",
  prd: "prod",
  live: "production",
  staging: "staging",
  stage: "staging",
  stg: "staging",
  dev: "dev",
  development: "development",
  test: "test",
  qa: "test",
  preview: "preview",
};

/** The environment an argument names (`--context prod-eu`, `-var env=production`, `--prod`). */
export function environmentOf(a: string[]): string | undefined {
  if (a.includes("--prod") || a.includes("--production")) return "production";
  for (const t of a) {
    for (const tok of t.toLowerCase().split(/[^a-z0-9]+/)) {
      const e = ENV_WORDS[tok];
      if (e) return e;
    }
  }
  return undefined;
}

const valueArgs = (a: string[], names: string[]) => {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i];
    const eq = t.indexOf("=");
    const name = eq > 0 && t.startsWith("-") ? t.slice(0, eq) : t;
    if (names.includes(name)) out.push(eq > 0 && t.startsWith("-") ? t.slice(eq + 1) : (a[i + 1] ?? ""));
  }
  return out;
};

/** Options of these tools that take a value as the next word (so that word is not a sub-command). */
const VALUE_OPTS = new Set([
  "--context",
  "--namespace",
  "-n",
  "--cluster",
  "--kubeconfig",
  "--user",
  "-s",
  "--server",
  "--kube-context",
  "-f",
  "--values",
  "--set",
  "--version",
  "--profile",
  "--region",
  "--output",
  "--query",
  "--endpoint-url",
  "--project",
  "--configuration",
  "--account",
  "--format",
  "--subscription",
  "-g",
  "--resource-group",
  "-H",
  "--host",
  "--token",
  "--scope",
  "-a",
  "--app",
  "-c",
  "--config",
  "--stage",
  "--env",
  "-e",
  "--environment",
  "--target",
  "--stack",
  "--cwd",
  "-i",
  "--inventory",
  "-l",
  "--limit",
  "--extra-vars",
]);
/** The indexes of the positional words: not options, nor the values of `VALUE_OPTS`. */
const positionals = (a: string[]) => {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!a[i].startsWith("-")) out.push(i);
    else if (VALUE_OPTS.has(a[i])) i++;
  }
  return out;
};

function envExtra(a: string[], names: string[]): Partial<DerivedAction> {
  const e = environmentOf(valueArgs(a, names));
  return e ? { environment: e } : {};
}

/** The programs infraCommand handles (its switch's cases; lib/shell/programs.test.ts keeps the two equal). */
export const INFRA_PROGRAMS: ReadonlySet<string> = new Set([
  "terraform",
  "tofu",
  "terragrunt",
  "pulumi",
  "kubectl",
  "oc",
  "k",
  "helm",
  "aws",
  "gcloud",
  "az",
  "docker",
  "podman",
  "vercel",
  "netlify",
  "fly",
  "flyctl",
  "serverless",
  "sls",
  "wrangler",
  "firebase",
  "railway",
  "heroku",
  "eb",
  "ansible-playbook",
]);

// Sub-commands known only to read (or to change local files at most: `terraform fmt`, `helm
// repo add`); any other sub-command of these tools reads as infra.change, never as a read.
const TERRAFORM_READS =
  /^(plan|show|validate|fmt|init|get|version|providers|graph|state|workspace|test|login|logout|metadata|modules|help|-help|--help|-version|--version|-v)$/;
const PULUMI_READS = /^(preview|stack|config|whoami|version|about|logs|plugin|login|logout|help|schema|console|org|new|install|gen-completion)$/;
const KUBECTL_READS =
  /^(get|describe|logs|top|explain|api-resources|api-versions|version|cluster-info|config|diff|auth|wait|events|completion|kustomize|options|plugin|help)$/;
const HELM_READS =
  /^(list|ls|get|status|history|show|inspect|search|template|lint|version|env|repo|dependency|dep|pull|fetch|package|verify|plugin|completion|create|help)$/;
const GCLOUD_READ_VERB = /^((list|describe|get)(-[a-z-]+)?|info|version|help|read|tail)$/;
const AZ_READ_VERB = /^((list|show|get)(-[a-z-]+)?|exists|check-name|version|find|help|wait|query|login|logout|download)$/;

export function infraCommand(run: Run, prog: string, args: Word[], text: string, ctx: ShellContext): boolean {
  if (!INFRA_PROGRAMS.has(prog)) return false; // before anything is allocated: most commands are none of these
  const base: Omit<DerivedAction, "type"> = { tool: "Bash", command: text, source: text };
  const a = args.map((w) => w.text);
  const at = positionals(a);
  const words = at.map((i) => a[i]);
  const emit = handledEmitter(run, base);
  switch (prog) {
    case "terraform":
    case "tofu":
    case "terragrunt": {
      const sub = words[0];
      const e = envExtra(a, ["-var", "-var-file", "-chdir", "--var", "--var-file", "-state"]);
      if (sub === "state" && /^(rm|mv|push|replace-provider)$/.test(words[1] ?? "")) return emit("infra.change", e);
      if (sub === "state" && words[1] === "pull") return emit("secret.read");
      if (sub === "output" || sub === "console") return emit("secret.read", e);
      if (sub === "workspace" && /^(new|delete)$/.test(words[1] ?? "")) return emit("infra.change", e);
      // a read only by a sub-command known to read: apply, destroy, import, taint, refresh and any
      // other may change something
      return emit(sub === undefined || TERRAFORM_READS.test(sub) ? "infra.read" : "infra.change", e);
    }
    case "pulumi": {
      const sub = words[0];
      const e = envExtra(a, ["--stack", "-s"]);
      if (sub === "config" && a.includes("--show-secrets")) return emit("secret.read");
      if (sub === "stack" && a.includes("--show-secrets")) return emit("secret.read");
      // up, update, destroy, import, refresh, cancel, watch and any other sub-command not known to read
      return emit(sub === undefined || PULUMI_READS.test(sub) ? "infra.read" : "infra.change", e);
    }
    case "kubectl":
    case "oc":
    case "k": {
      const sub = words[0];
      const e = envExtra(a, ["--context", "--namespace", "-n", "--cluster", "--kubeconfig"]);
      const secret = words.slice(1, 3).some((t) => /^secrets?$/.test(t) || t.startsWith("secret/") || t.startsWith("secrets/"));
      if (secret && sub === "create") return emit("secret.write", e);
      if (secret) return emit("secret.read", e);
      if (sub === "config" && (a.includes("--raw") || a.includes("--flatten"))) return emit("secret.read", e);
      // roles and bindings written: iam.change
      if (/^(create|apply|patch|edit|replace)$/.test(sub ?? "") && /rolebinding|clusterrole|serviceaccount|\brole\b/.test(a.join(" ")))
        return emit("iam.change", e);
      if (sub === "auth" && words[1] === "reconcile") return emit("iam.change", e);
      // delete, exec, scale, `certificate approve`, `proxy` and any sub-command not known to read
      // may change something
      return emit(sub === undefined || KUBECTL_READS.test(sub) ? "infra.read" : "infra.change", e);
    }
    case "helm": {
      const sub = words[0];
      const e = envExtra(a, ["--kube-context", "--namespace", "-n", "-f", "--values"]);
      if (/^(install|upgrade|uninstall|delete|rollback)$/.test(sub ?? "")) return emit("deploy", e);
      if (sub === "get" && words[1] === "values") return emit("secret.read", e);
      return emit(sub === undefined || HELM_READS.test(sub) ? "infra.read" : "infra.change", e);
    }
    case "aws": {
      const [svc, op] = words;
      const e = envExtra(a, ["--profile", "--region", "--stage", "--environment"]);
      if (
        (svc === "secretsmanager" && /^get-|^batch-get/.test(op ?? "")) ||
        (svc === "ssm" && /^get-parameter/.test(op ?? "")) ||
        (svc === "kms" && op === "decrypt") ||
        (svc === "configure" && /^(get|export-credentials)$/.test(op ?? "")) ||
        (svc === "sts" && /^(get-session-token|assume-role|get-federation-token)$/.test(op ?? "")) ||
        (svc === "ecr" && op === "get-login-password")
      )
        return emit("secret.read", e);
      if (svc === "iam" || svc === "organizations" || (svc === "sso-admin" && !/^(list|describe|get)/.test(op ?? "")))
        return emit(/^(list|get|describe)/.test(op ?? "") ? "infra.read" : "iam.change", e);
      if (svc === "s3" && /^(cp|mv|sync)$/.test(op ?? "")) {
        // the positionals after the service and the operation (`aws s3 cp cp s3://b/k` reads `cp`)
        const ops = at.slice(2).map((i) => args[i]);
        const isS3 = (w: Word) => w.text.startsWith("s3://");
        const dest = ops[ops.length - 1];
        for (const s of ops.slice(0, -1)) if (!isS3(s)) fileAction(run, "file.read", s, base, ctx);
        if (dest && !isS3(dest)) fileAction(run, "file.write", dest, base, ctx);
        return emit("network.request", { endpoint: ops.find(isS3)?.text ?? "s3://", upload: dest ? isS3(dest) : false, ...e });
      }
      if (/^(list|describe|get|head|ls|wait)/.test(op ?? "") || svc === "sts") return emit("infra.read", e);
      if (/deploy/.test(op ?? "") || svc === "deploy") return emit("deploy", e);
      return emit("infra.change", e);
    }
    case "gcloud": {
      const e = envExtra(a, ["--project", "--configuration", "--region"]);
      const j = words.join(" ");
      // print-access-token also under `auth application-default`
      if (/\bsecrets versions access\b|\bprint-(access|identity)-token\b|\bsql users\b/.test(j)) return emit("secret.read", e);
      if (/\badd-iam-policy-binding\b|\bremove-iam-policy-binding\b|\bset-iam-policy\b|^iam\b/.test(j) && !/\b(list|describe|get-iam-policy)\b/.test(j))
        return emit("iam.change", e);
      if (/\bdeploy\b/.test(j)) return emit("deploy", e);
      if (/\b(create|delete|update|set|patch|resize|start|stop|reset|ssh|scp)\b/.test(j)) return emit("infra.change", e);
      // a read only by a read verb (or no command at all: gcloud's help); any other verb
      // (`compute instances add-metadata`, `attach-disk`, `container clusters upgrade`) may change something
      if (words.length === 0 || words.some((w) => GCLOUD_READ_VERB.test(w))) return emit("infra.read", e);
      return emit("infra.change", e);
    }
    case "az": {
      const e = envExtra(a, ["--subscription", "--resource-group", "-g", "--name", "-n"]);
      const j = words.join(" ");
      if (/\bkeyvault secret (show|download|list-versions)\b|\baccount get-access-token\b/.test(j)) return emit("secret.read", e);
      if (/\brole assignment\b|\bad\b/.test(j) && !/\b(list|show)\b/.test(j)) return emit("iam.change", e);
      if (/\bdeploy|deployment\b/.test(j)) return emit("deploy", e);
      if (/\b(create|delete|update|set|start|stop|restart)\b/.test(j)) return emit("infra.change", e);
      // as gcloud: a read only by a read verb (`vm run-command invoke` runs a script on the machine)
      if (words.length === 0 || words.some((w) => AZ_READ_VERB.test(w))) return emit("infra.read", e);
      return emit("infra.change", e);
    }
    case "docker":
    case "podman": {
      const sub = words[0];
      if (sub === "push") return emit("artifact.publish", { resource: words[1] });
      // the same push in its management-command form: `docker image push IMG`, `docker manifest push LIST`, `docker plugin push P`
      if (/^(image|manifest|plugin)$/.test(sub ?? "") && words[1] === "push") return emit("artifact.publish", { resource: words[2] });
      if (sub === "login") return emit("secret.write");
      if (sub === "compose" && /^(push)$/.test(words[1] ?? "")) return emit("artifact.publish");
      return emit("shell.exec");
    }
    case "vercel":
    case "netlify":
    case "fly":
    case "flyctl":
    case "serverless":
    case "sls":
    case "wrangler":
    case "firebase":
    case "railway":
    case "heroku":
    case "eb": {
      const sub = words[0];
      if ((prog === "vercel" || prog === "netlify" || prog === "railway") && sub === "env")
        return emit(words[1] === "pull" || words[1] === "ls" || words[1] === "list" ? "secret.read" : "secret.write");
      // fly/heroku `secrets`, wrangler `secret` (put, delete, bulk, list)
      if (/^(secrets?|config)$/.test(sub ?? "") && (prog === "fly" || prog === "flyctl" || prog === "heroku" || prog === "wrangler"))
        return emit(/^(set|put|unset|delete|bulk|import)$/.test(words[1] ?? "") ? "secret.write" : "secret.read");
      const deploys = sub === undefined ? prog === "vercel" : /^(deploy|publish|up|release|promote|rollback)$/.test(sub);
      if (!deploys) return emit("shell.exec");
      const e = envExtra(a, ["--stage", "-s", "--env", "-e", "--environment", "--target", "-a", "--app", "--project", "-c", "--config", "--alias"]);
      const fallback = prog === "vercel" || prog === "netlify" ? { environment: "preview" } : {};
      return emit("deploy", { ...fallback, ...e, ...(a.includes("--prod") ? { environment: "production" } : {}) });
    }
    case "ansible-playbook":
      return emit("infra.change", envExtra(a, ["-i", "--inventory", "-l", "--limit", "-e", "--extra-vars"]));
  }
  return false;
}
