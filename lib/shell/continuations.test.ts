import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { joinLineContinuations } from "./continuations";
import { decideCommand, loadCorpus } from "./corpus/corpus";
import { loadShellParser } from "./parser";

const BS_NL = "\\\n";

/** What bash prints running `script`, and its exit status (line numbers in messages removed). */
function bash(script: string) {
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script], { encoding: "utf8", env: { ...process.env, LANG: "C" } });
  if (r.error) throw r.error;
  return { out: r.stdout, err: r.stderr.replace(/line \d+: /g, ""), status: r.status };
}

describe("joinLineContinuations", () => {
  it.each([
    ["r\\\nm -rf /", "rm -rf /", false],
    ["cat .e\\\nnv", "cat .env", false],
    ['echo "a\\\nb"', 'echo "ab"', false],
    ["echo `echo a\\\nb`", "echo `echo ab`", false],
    ["x=1; echo ${x\\\n}", "x=1; echo ${x}", false],
    // literal: single quotes, $'…', comments, an escaped backslash
    ["echo 'a\\\nb'", "echo 'a\\\nb'", false],
    ["echo $'a\\\nb'", "echo $'a\\\nb'", false],
    ["echo $'a\\'\\\nb'", "echo $'a\\'\\\nb'", false],
    ["# note \\\nrm -rf /", "# note \\\nrm -rf /", false],
    ["ls # note \\\nrm -rf /", "ls # note \\\nrm -rf /", false],
    ["echo a\\\\\nrm x", "echo a\\\\\nrm x", false],
    // `#` inside a word, or after a join inside a word, is not a comment
    ["echo a#b\\\nc", "echo a#bc", false],
    ["echo a\\\n#b\\\nc", "echo a#bc", false],
    // single quotes inside $( ) inside double quotes are quotes
    ["echo \"$(echo 'a\\\nb')\"", "echo \"$(echo 'a\\\nb')\"", false],
    ['echo "$(r\\\nm x)"', 'echo "$(rm x)"', false],
    // here-documents: quoted bodies are literal, unquoted ones are joined (and end on the joined line)
    ["cat <<'EOF'\na\\\nb\nEOF\nr\\\nm x", "cat <<'EOF'\na\\\nb\nEOF\nrm x", false],
    ["cat <<EOF\na\\\nb\nEOF\nr\\\nm x", "cat <<EOF\nab\nEOF\nrm x", false],
    ["cat <<EOF\nE\\\nOF\nr\\\nm x", "cat <<EOF\nEOF\nrm x", false],
    ['cat <<"E"OF\n$(r\\\nm y)\nEOF\nls', 'cat <<"E"OF\n$(r\\\nm y)\nEOF\nls', false],
    // lost track: unterminated quote or substitution
    ["echo 'a\\\nb", "echo 'a\\\nb", true],
    ['echo "$(case x in x) r\\\nm ;; esac)"', 'echo "$(case x in x) rm ;; esac)"', true],
  ])("%j → %j", (src, text, unsure) => {
    expect(joinLineContinuations(src)).toEqual({ text, unsure });
  });

  it("the hand-written cases mean to bash what their joined text means", () => {
    for (const script of [
      'printf "<%s>" r\\\nm .e\\\nnv "a\\\nb" \'c\\\nd\' $\'e\\\nf\' # x \\\nprintf "[%s]" g\\\nh',
      "cat <<EOF\na\\\nb\nE\\\nOF\nprintf '<%s>' z\\\nz",
      "cat <<'EOF'\na\\\nb\nEOF\nprintf '<%s>' z\\\nz",
      'printf "<%s>" "$(printf "%s" \'p\\\nq\' r\\\ns)" `printf "%s" t\\\nu`',
    ]) {
      const joined = joinLineContinuations(script);
      expect(joined.unsure).toBe(false);
      expect(bash(joined.text), JSON.stringify(script)).toEqual(bash(script));
    }
  });

  it("agrees with bash on generated lines (differential, bash is the oracle)", () => {
    // fragments that put a backslash-newline in each context bash treats differently
    const fragment = fc.constantFrom(
      "ab",
      `a${BS_NL}b`,
      `'x${BS_NL}y'`,
      `"x${BS_NL}y"`,
      `$'x${BS_NL}y'`,
      `$'x\\'${BS_NL}y'`,
      `x\\\\\nprintf '<%s>' `,
      `# c ${BS_NL}printf '[%s]' `,
      `a#b${BS_NL}c`,
      `"$(printf %s 'p${BS_NL}q' r${BS_NL}s)"`,
      `\`printf %s t${BS_NL}u\``,
      `\${HOME${BS_NL}}`,
      `"\\"${BS_NL}"`,
      `\\'${BS_NL}x`,
      ` ${BS_NL} `,
    );
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 6 }), (parts) => {
        const script = `printf '<%s>' ${parts.join(" ")}`;
        const joined = joinLineContinuations(script);
        expect(joined.unsure).toBe(false);
        expect(bash(joined.text), JSON.stringify(script)).toEqual(bash(script));
      }),
      { numRuns: 150 },
    );
  });
});

describe("line continuations at the gate", () => {
  beforeAll(() => loadShellParser());

  it("reads the joined command, on both readers", () => {
    for (const plain of [true, false]) {
      expect(analyseCommand("r\\\nm -rf /", { plain }).actions.map((a) => [a.type, a.command])).toEqual([["file.delete", "rm -rf /"]]);
      expect(analyseCommand("cat .e\\\nnv", { plain }).actions.map((a) => [a.type, a.resource])).toEqual([["file.read", ".env"]]);
      expect(analyseCommand("bash -c 'cu\\\nrl https://x.example'", { plain }).actions.some((a) => a.type === "network.request")).toBe(true);
    }
  });

  it("a continuation it cannot place is unanalysable (gated), not read as something milder", () => {
    const a = analyseCommand('echo "$(case x in x) r\\\nm -rf / ;; esac)"');
    expect(a.unanalysable).toBe("a line continuation the reader cannot place");
  });

  it("a backslash-newline inside any unquoted word of a real command decides as the command does", () => {
    const corpus = loadCorpus().map((c) => c.command);
    // only the command's leading run of plain word characters: no quote, comment or here-document
    // can be in play there, so bash reads the split command exactly as the original
    const cases = corpus.map((c) => ({ c, plainPrefix: /^[A-Za-z0-9_./:,=@%+~ -]*/.exec(c)![0].length })).filter((x) => x.plainPrefix >= 2);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), ({ c, plainPrefix }, k) => {
        const at = 1 + (k % (plainPrefix - 1));
        const split = c.slice(0, at) + BS_NL + c.slice(at);
        const whole = decideCommand(c);
        const parts = decideCommand(split);
        expect(parts.decision, `${JSON.stringify(split)}: ${parts.reason}`).toBe(whole.decision);
        expect(parts.actions.map((x) => x.action.type)).toEqual(whole.actions.map((x) => x.action.type));
      }),
      { numRuns: 300 },
    );
  });
});
