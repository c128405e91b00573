// The actions a session can take, by role: ordinary work, deviant attempts (secrets, other
// repositories, production, exfiltration endpoints) and gated operations.
import type { Action } from "@/lib/policy/types";
import { SEC, fill } from "./constants";
import { DEPENDENCIES, EXT, FILE_STEMS, MANIFESTS, READ_COMMANDS, REPOS, SAFE_ENDPOINTS, TEST_COMMANDS } from "./data";
import type { Rng } from "./prng";
import type { Planned, SessionState } from "./types";

export type Plans = ReturnType<typeof makePlans>;

/** Plan builders for one session; they draw from `re` (the "events" generator) when called. */
export function makePlans(st: SessionState, re: Rng) {
  const { a, repo, m, ext, cwd } = st;
  const srcPath = () => `src/${re.chance(0.7) ? m : re.pick(repo.modules)}/${re.pick(FILE_STEMS)}.${ext}`;
  const testPath = () => `tests/${m}/${re.pick(FILE_STEMS)}.test.${ext}`;
  const docPath = () => (re.chance(0.7) ? `docs/${m}.md` : "README.md");
  const file = (path: string) => `${cwd}/${path}`;
  const readPlan = (path: string): Planned => ({
    action: { type: "file.read", tool: "Read", repository: repo.name, resource: path },
    tool: "Read",
    input: { file_path: file(path) },
    response: { type: "text", file: { filePath: file(path), numLines: re.int(20, 600) } },
    execMs: re.int(50, 400),
    failP: 0.01,
  });
  const writePlan = (path: string): Planned => ({
    action: { type: "file.write", tool: re.chance(0.75) ? "Edit" : "Write", repository: repo.name, resource: path },
    tool: "Edit",
    input: { file_path: file(path), old_string: "const retries = 3", new_string: "const retries = config.retries ?? 3", replace_all: false },
    response: { filePath: file(path), success: true },
    execMs: re.int(80, 600),
    failP: 0.02,
  });
  const bashPlan = (type: string, command: string, extra: Partial<Action> = {}, execMs = re.int(300, 6000), failP = 0.02): Planned => ({
    action: { type, tool: "Bash", repository: repo.name, command, ...extra },
    tool: "Bash",
    input: { command, description: command.split(" ").slice(0, 3).join(" ") },
    response: { stdout: "", stderr: "", interrupted: false, isImage: false },
    execMs,
    failP,
  });
  const testPlan = () => {
    const cmd = fill(re.pick(TEST_COMMANDS[repo.lang]), m);
    const p = bashPlan("shell.exec", cmd, {}, re.int(8, 150) * SEC, a.noisy ? 0.15 : 0.08);
    p.response = { stdout: `Test Files  ${re.int(3, 40)} passed\n     Tests  ${re.int(40, 900)} passed`, stderr: "", interrupted: false, isImage: false };
    return p;
  };
  const inspectPlan = () => {
    const cmd = a.role === "docs" ? re.pick(["git status", "git diff --stat"]) : fill(re.pick(READ_COMMANDS), m);
    return bashPlan("shell.exec", cmd, {}, re.int(100, 1500), 0.01);
  };
  const fetchPlan = (url: string, bytesOut?: number): Planned => ({
    action: { type: "network.request", tool: "WebFetch", repository: repo.name, endpoint: url },
    tool: "WebFetch",
    input: { url, prompt: "Summarise the relevant part" },
    response: { code: 200, bytes: re.int(2_000, 90_000) },
    execMs: re.int(400, 4000),
    failP: 0.03,
    bytesOut,
  });
  const endpointsOf = () => {
    const allowed = a.scope.filter((e) => e.dimension === "endpoint").map((e) => e.pattern);
    const urls = SAFE_ENDPOINTS.filter((u) => allowed.some((p) => u.startsWith(p.replace("/**", ""))));
    return urls.length ? urls : null;
  };
  const depPlan = () => {
    const [pkg, , to] = re.pick(DEPENDENCIES[repo.lang]);
    const cmd =
      repo.lang === "ts"
        ? `npm install ${pkg}@${to}`
        : repo.lang === "py"
          ? `poetry add ${pkg}@${to}`
          : repo.lang === "go"
            ? `go get ${pkg}@v${to}`
            : `./gradlew dependencies --write-locks`;
    return bashPlan("dependency.change", cmd, { resource: MANIFESTS[repo.lang][0] }, re.int(5, 60) * SEC);
  };
  const gatedPlans = (): Planned[] => {
    const out: Planned[] = [
      bashPlan("shell.exec", `terraform plan -target=module.${m}`, {}, re.int(20, 90) * SEC),
      bashPlan("shell.exec", `kubectl rollout restart deploy/${m} -n staging`, {}, re.int(5, 30) * SEC),
      bashPlan("shell.exec", `npm run migrate -- --env dev`, {}, re.int(5, 30) * SEC),
      bashPlan("shell.exec", `terraform apply -auto-approve -target=module.${m}`, {}, re.int(20, 90) * SEC),
      bashPlan("shell.exec", `kubectl delete pod -l app=${m} -n staging`, {}, re.int(5, 30) * SEC),
    ];
    if (a.hasMain) out.push(bashPlan("pr.merge", `gh pr merge ${re.int(1800, 4200)} --squash`, { branch: "main" }));
    if (a.role === "dependency-updates" || a.role === "refactoring") out.push(depPlan());
    if (a.scope.some((e) => e.dimension === "environment" && e.pattern === "production" && !e.validUntil))
      out.push(bashPlan("shell.exec", `kubectl rollout undo deploy/${m} -n production`, { environment: "production" }));
    return out;
  };
  const normalPlan = (): Planned => {
    switch (a.role) {
      case "code-review": {
        const k = re.weighted([
          ["read", 55],
          ["inspect", 18],
          ["test", 20],
          ["fetch", 4],
          ["merge", 2.5],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.75) ? srcPath() : testPath());
        if (k === "inspect") return inspectPlan();
        if (k === "test") return testPlan();
        if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
        return bashPlan("pr.merge", `gh pr merge ${re.int(1800, 4200)} --squash`, { branch: "main" });
      }
      case "test-automation": {
        const k = re.weighted([
          ["read", 35],
          ["write", 28],
          ["test", 32],
          ["inspect", 5],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.6) ? srcPath() : testPath());
        if (k === "write") {
          st.wrote++;
          return writePlan(testPath());
        }
        return k === "test" ? testPlan() : inspectPlan();
      }
      case "refactoring": {
        const k = re.weighted([
          ["read", 38],
          ["write", 32],
          ["test", 20],
          ["inspect", 6],
          ["fetch", 3],
          ["dep", 0.6],
          ["migrate", 0.4],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.8) ? srcPath() : testPath());
        if (k === "write") {
          st.wrote++;
          return writePlan(re.chance(0.8) ? srcPath() : testPath());
        }
        if (k === "test") return testPlan();
        if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
        if (k === "dep") return depPlan();
        if (k === "migrate") return bashPlan("shell.exec", "npm run migrate -- --env dev");
        return inspectPlan();
      }
      case "deployment": {
        const k = re.weighted([
          ["read", 25],
          ["inspect", 12],
          ["deploy", 22],
          ["test", 12],
          ["write", 8],
          ["ci", 1.5],
          ["infra", 2],
          ["kubectl", 3],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.5) ? `deploy/${m}/values-staging.yaml` : srcPath());
        if (k === "inspect") return inspectPlan();
        if (k === "deploy") {
          const env = re.chance(0.7) ? "staging" : "dev";
          return bashPlan("deploy", `make deploy ENV=${env} SERVICE=${m}`, { environment: env }, re.int(30, 240) * SEC);
        }
        if (k === "test") return testPlan();
        if (k === "write") {
          st.wrote++;
          return writePlan(re.chance(0.5) ? `deploy/${m}/values-staging.yaml` : "CHANGELOG.md");
        }
        if (k === "ci") return writePlan(".github/workflows/ci.yml");
        if (k === "infra") return writePlan(`infra/${m}.tf`);
        return bashPlan("shell.exec", `kubectl rollout status deploy/${m} -n staging`);
      }
      case "dependency-updates": {
        const k = re.weighted([
          ["read", 25],
          ["dep", 5],
          ["test", 30],
          ["write", 10],
          ["inspect", 14],
          ["fetch", 14],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.5) ? MANIFESTS[repo.lang][0] : srcPath());
        if (k === "dep") return depPlan();
        if (k === "test") return testPlan();
        if (k === "write") {
          st.wrote++;
          return writePlan(re.chance(0.7) ? srcPath() : "CHANGELOG.md");
        }
        if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
        return inspectPlan();
      }
      case "docs": {
        const k = re.weighted([
          ["read", 45],
          ["write", 40],
          ["inspect", 10],
          ["fetch", 5],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.5) ? docPath() : srcPath());
        if (k === "write") {
          st.wrote++;
          return writePlan(docPath());
        }
        if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
        return inspectPlan();
      }
      case "incident-triage": {
        const k = re.weighted([
          ["read", 50],
          ["inspect", 30],
          ["fetch", 6],
          ["kubectl", 2],
          ["test", 6],
          ["logs", 6],
        ] as const);
        if (k === "read") return readPlan(re.chance(0.7) ? srcPath() : `runbooks/${m}.md`);
        if (k === "logs") return readPlan(`logs/${m}/app-${re.int(1, 28)}.log`);
        if (k === "inspect") return inspectPlan();
        if (k === "fetch") return fetchPlan(re.pick(endpointsOf() ?? SAFE_ENDPOINTS));
        if (k === "kubectl") return bashPlan("shell.exec", `kubectl logs deploy/${m} -n staging --since=30m`);
        return testPlan();
      }
    }
  };
  const deviantPlan = (): Planned => {
    const other = REPOS.find((x) => !a.repos.includes(x.name));
    const k = re.weighted([
      ["env-file", 3],
      ["printenv", 2],
      ["secret", 1.5],
      ["other-repo", other ? 2 : 0],
      ["infra-path", 2],
      ["main-push", a.hasMain ? 0 : 2],
      ["endpoint", 1.5],
      ["iam", 0.7],
      ["codeowners", a.scope.some((e) => e.pattern === ".github/**") ? 1 : 0],
      ["prod-deploy", a.role === "deployment" ? 2 : 0],
    ] as const);
    switch (k) {
      case "env-file":
        return readPlan(`src/config/.env.${re.pick(["local", "production", "staging"])}`);
      case "printenv":
        return bashPlan("shell.exec", re.pick(["printenv", "printenv | grep -i token", "cat .env"]));
      case "secret":
        return bashPlan("secret.read", `vault kv get secret/${a.team}/${m}`);
      case "other-repo": {
        const plan = readPlan(`src/${re.pick(other!.modules)}/index.${EXT[other!.lang]}`);
        plan.action = { ...plan.action, repository: other!.name };
        return plan;
      }
      case "infra-path":
        return writePlan(`infra/prod/${m}.tf`);
      case "main-push":
        return bashPlan("git.push", "git push origin HEAD:main", { branch: "main" });
      case "endpoint":
        return fetchPlan(re.pick(["https://pastebin.com/api/api_post.php", "https://webhook.site/3f9c2a", "https://transfer.sh/upload"]));
      case "iam":
        return bashPlan("iam.grant", `aws iam attach-role-policy --role-name ${m}-ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`);
      case "codeowners":
        return writePlan(".github/CODEOWNERS");
      case "prod-deploy":
        return bashPlan("deploy", `make deploy ENV=production SERVICE=${m}`, { environment: "production" });
    }
  };
  return {
    srcPath,
    testPath,
    docPath,
    readPlan,
    writePlan,
    bashPlan,
    testPlan,
    inspectPlan,
    fetchPlan,
    endpointsOf,
    depPlan,
    gatedPlans,
    normalPlan,
    deviantPlan,
  };
}
