import { beforeAll, describe, it } from "vitest";
import { loadShellParser } from "./parser";
import { expectReading, type ExpectedAction } from "@/lib/testing/shell";

// What the wrappers of wrappers.ts (sudo, env, timeout, nice, flock, xargs, find, sh -c, eval,
// ssh …) read a line as: the commands they run, in which directory, and what those do. Each case
// runs on both readers (the plain fast path and tree-sitter alone). Written against the StrykerJS
// survivors of wrappers.ts (QUALITY.md, part `shell-programs-wrappers`).

type Expected = ExpectedAction;

beforeAll(() => loadShellParser());

describe("wrappers: the command they run", () => {
  it.each([
    [
      "sudo rm x",
      ["sudo rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "doas rm x",
      ["doas rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "doas rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "run0 rm x",
      ["run0 rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "run0 rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo -u root cat .env",
      ["sudo -u root cat .env", "cat .env"],
      [
        { type: "privilege.escalate", command: "sudo -u root cat .env" },
        { command: "cat .env", type: "file.read", resource: ".env" },
      ],
    ],
    [
      "sudo -u root -g g -- rm x",
      ["sudo -u root -g g -- rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -u root -g g -- rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --user=root rm x",
      ["sudo --user=root rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --user=root rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --user root rm x",
      ["sudo --user root rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --user root rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["sudo -s", ["sudo -s"], [{ type: "privilege.escalate", command: "sudo -s" }]],
    ["sudo -i", ["sudo -i"], [{ type: "privilege.escalate", command: "sudo -i" }]],
    [
      "sudo -s rm x",
      ["sudo -s rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -s rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo -E rm x",
      ["sudo -E rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -E rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo -D / rm -rf etc",
      ["sudo -D / rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo -D / rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo --chdir=/ rm -rf etc",
      ["sudo --chdir=/ rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo --chdir=/ rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo --chdir / rm -rf etc",
      ["sudo --chdir / rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo --chdir / rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo -D $D rm a",
      ["sudo -D $D rm a", "rm a"],
      [
        { type: "privilege.escalate", command: "sudo -D $D rm a" },
        {
          command: "rm a",
          type: "file.delete",
          resource: "a",
          unsure: "relative to an unknown directory",
        },
      ],
    ],
    ["env", ["env"], [{ type: "env.dump", command: "env" }]],
    ["env -i", ["env -i"], [{ type: "env.dump", command: "env -i" }]],
    ["env -u HOME", ["env -u HOME"], [{ type: "env.dump", command: "env -u HOME" }]],
    ["env A=1", ["env A=1"], [{ type: "env.dump", command: "env A=1" }]],
    ["env A=1 rm x", ["env A=1 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -u HOME rm x", ["env -u HOME rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env --unset HOME rm x", ["env --unset HOME rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -i A=1 rm x", ["env -i A=1 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -C / rm -rf etc", ["env -C / rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env --chdir / rm -rf etc", ["env --chdir / rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env --chdir=/ rm -rf etc", ["env --chdir=/ rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env -C sub rm a", ["env -C sub rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "sub/a" }]],
    [
      "env -C $D rm a",
      ["env -C $D rm a", "rm a"],
      [
        {
          command: "rm a",
          type: "file.delete",
          resource: "a",
          unsure: "relative to an unknown directory",
        },
      ],
    ],
    ["env -Csub rm a", ["env -Csub rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "sub/a" }]],
    ["env -S 'rm a'", ["env -S rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    [
      "env --split-string 'rm a b'",
      ["env --split-string rm a b", "rm a b"],
      [
        { command: "rm a b", type: "file.delete", resource: "a" },
        { command: "rm a b", type: "file.delete", resource: "b" },
      ],
    ],
    ["env -C / -S 'rm -rf etc'", ["env -C / -S rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env 1A=x", ["env 1A=x", "1A=x"], [{ command: "1A=x", type: "shell.exec" }]],
    ["timeout 5 rm x", ["timeout 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout -s KILL 5 rm x", ["timeout -s KILL 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout --signal KILL 5 rm x", ["timeout --signal KILL 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout --signal=KILL 5 rm x", ["timeout --signal=KILL 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout -k 1 5 rm x", ["timeout -k 1 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout --foreground 5 rm x", ["timeout --foreground 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nohup rm x", ["nohup rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["time rm x", ["time rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["time -p rm x", ["time -p rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "time -o f rm x",
      ["time -o f rm x", "rm x"],
      [
        { command: "> f", type: "file.write", resource: "f" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "time --output f rm x",
      ["time --output f rm x", "rm x"],
      [
        { command: "> f", type: "file.write", resource: "f" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["time -f %e rm x", ["time -f %e rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["builtin cd /", ["builtin cd /", "cd /"], [{ type: "shell.exec", command: "cd /" }]],
    ["exec rm x", ["exec rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["exec -a foo rm -rf /", ["exec -a foo rm -rf /", "rm -rf /"], [{ command: "rm -rf /", type: "file.delete", resource: "/" }]],
    ["exec 3>f", ["exec"], [{ command: "> f", type: "file.write", resource: "f" }]],
    ["unbuffer rm x", ["unbuffer rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["setsid rm x", ["setsid rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["chronic rm x", ["chronic rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["caffeinate -t 5 rm x", ["caffeinate -t 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["stdbuf -o0 rm x", ["stdbuf -o0 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["stdbuf -o 0 rm x", ["stdbuf -o 0 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice -c 3 rm x", ["ionice -c 3 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice -n 7 rm x", ["ionice -n 7 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice rm x", ["nice rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice -n 5 rm x", ["nice -n 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice --adjustment 5 rm x", ["nice --adjustment 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice --adjustment=5 rm x", ["nice --adjustment=5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice -5 rm x", ["nice -5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock /tmp/l rm x", ["flock /tmp/l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock -w 5 /tmp/l rm x", ["flock -w 5 /tmp/l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock -E 3 /tmp/l rm x", ["flock -E 3 /tmp/l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock --timeout 5 /tmp/l rm x", ["flock --timeout 5 /tmp/l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock /tmp/l -c 'rm -rf /'", ["flock /tmp/l -c rm -rf /", "rm -rf /"], [{ command: "rm -rf /", type: "file.delete", resource: "/" }]],
    ["flock /tmp/l --command 'rm a'", ["flock /tmp/l --command rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    [
      'flock /tmp/l -c "$C"',
      ["flock /tmp/l -c $C"],
      [
        {
          type: "shell.exec",
          command: 'flock /tmp/l -c "$C"',
          unsure: "flock -c runs an expansion",
        },
      ],
      "flock -c runs an expansion",
    ],
    ["flock -c", ["flock -c"], []],
    ["command rm x", ["command rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["command -p rm x", ["command -p rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["command -v rm", ["command -v rm"], [{ type: "shell.exec", command: "command -v rm" }]],
    ["command -V rm", ["command -V rm"], [{ type: "shell.exec", command: "command -V rm" }]],
    ["watch ls", ["watch ls", "ls"], [{ command: "ls", type: "shell.exec" }]],
    ["watch -n 1 'rm a'", ["watch -n 1 rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch --interval 1 rm a", ["watch --interval 1 rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch -q 1 rm a", ["watch -q 1 rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch -x rm a", ["watch -x rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch --exec rm a", ["watch --exec rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch -d rm a", ["watch -d rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    [
      "watch rm $X",
      ["watch rm $X"],
      [
        {
          type: "shell.exec",
          command: "watch rm $X",
          unsure: "watch runs an expansion",
        },
      ],
      "watch runs an expansion",
    ],
    [
      "xargs rm",
      ["xargs rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    ["xargs", ["xargs", "echo {xargs}"], [{ command: "echo {xargs}", type: "shell.exec" }]],
    [
      "xargs -0 rm",
      ["xargs -0 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -I {} rm {}",
      ["xargs -I {} rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -I{} rm {}",
      ["xargs -I{} rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -n 1 rm",
      ["xargs -n 1 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -a list rm",
      ["xargs -a list rm", "rm {xargs}"],
      [
        { command: "< list", type: "file.read", resource: "list" },
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs --arg-file list rm",
      ["xargs --arg-file list rm", "rm {xargs}"],
      [
        { command: "< list", type: "file.read", resource: "list" },
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs --arg-file=list rm",
      ["xargs --arg-file=list rm", "rm {xargs}"],
      [
        { command: "< list", type: "file.read", resource: "list" },
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    ["xargs -a", ["xargs -a", "echo {xargs}"], [{ command: "echo {xargs}", type: "shell.exec" }]],
    [
      "xargs --max-args 1 rm",
      ["xargs --max-args 1 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs --delimiter , rm",
      ["xargs --delimiter , rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -P 4 -L 1 rm",
      ["xargs -P 4 -L 1 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "find . -delete",
      ["find . -delete"],
      [
        {
          type: "file.delete",
          resource: ".",
          command: "find . -delete",
          unsure: "find -delete removes the files it finds",
        },
      ],
    ],
    [
      "find a b -name x -delete",
      ["find a b -name x -delete"],
      [
        {
          type: "file.delete",
          resource: "a",
          command: "find a b -name x -delete",
          unsure: "find -delete removes the files it finds",
        },
        {
          type: "file.delete",
          resource: "b",
          command: "find a b -name x -delete",
          unsure: "find -delete removes the files it finds",
        },
      ],
    ],
    [
      "find -delete",
      ["find -delete"],
      [
        {
          type: "file.delete",
          resource: ".",
          command: "find -delete",
          unsure: "find -delete removes the files it finds",
        },
      ],
    ],
    ["find . -name .env -exec cat {} ;", ["find . -name .env -exec cat {}", "cat .env"], [{ command: "cat .env", type: "file.read", resource: ".env" }]],
    [
      "find . -name '*.env' -exec cat {} +",
      ["find . -name *.env -exec cat {} +", "cat *.env"],
      [
        {
          command: "cat *.env",
          type: "file.read",
          resource: "*.env",
          unsure: "the file name is a glob",
        },
        {
          type: "secret.read",
          command: "find . -name '*.env' -exec cat {} +",
          resource: ".env",
        },
      ],
    ],
    [
      "find . -name a -name b -exec cat {} ;",
      ["find . -name a -name b -exec cat {}", "cat {}"],
      [
        {
          command: "cat {}",
          type: "file.read",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "find . -execdir rm {} ;",
      ["find . -execdir rm {}", "rm {}"],
      [
        {
          command: "rm {}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "find . -ok rm {} ;",
      ["find . -ok rm {}", "rm {}"],
      [
        {
          command: "rm {}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "find . -okdir rm {} ;",
      ["find . -okdir rm {}", "rm {}"],
      [
        {
          command: "rm {}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "find . -fprint out",
      ["find . -fprint out"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { type: "shell.exec", command: "find . -fprint out" },
      ],
    ],
    [
      "find . -fprintf out x",
      ["find . -fprintf out x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { type: "shell.exec", command: "find . -fprintf out x" },
      ],
    ],
    [
      "find . -fls out",
      ["find . -fls out"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { type: "shell.exec", command: "find . -fls out" },
      ],
    ],
    ["find . -name x", ["find . -name x"], [{ type: "shell.exec", command: "find . -name x" }]],
    ["find", ["find"], [{ type: "shell.exec", command: "find" }]],
    [
      "find . -type f -exec rm -f {} ;",
      ["find . -type f -exec rm -f {}", "rm -f {}"],
      [
        {
          command: "rm -f {}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    ["find . -iname .ENV -exec cat {} ;", ["find . -iname .ENV -exec cat {}", "cat .ENV"], [{ command: "cat .ENV", type: "file.read", resource: ".ENV" }]],
    ["find . -path ./a -exec cat {} ;", ["find . -path ./a -exec cat {}", "cat ./a"], [{ command: "cat ./a", type: "file.read", resource: "a" }]],
    ["sh -c 'rm a'", ["sh -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -c 'rm a'", ["bash -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["zsh -c 'rm a'", ["zsh -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["dash -c 'rm a'", ["dash -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["ksh -c 'rm a'", ["ksh -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["fish -c 'rm a'", ["fish -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -lc 'rm a'", ["bash -lc rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -xc 'rm a'", ["bash -xc rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -c -x 'rm -rf /'", ["bash -c -x rm -rf /", "rm -rf /"], [{ command: "rm -rf /", type: "file.delete", resource: "/" }]],
    ["bash -c -- 'rm a'", ["bash -c -- rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -o posix -c 'rm a'", ["bash -o posix -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash +o posix -c 'rm a'", ["bash +o posix -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash -O extglob -c 'rm a'", ["bash -O extglob -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash --rcfile f -c 'rm a'", ["bash --rcfile f -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash --init-file f -c 'rm a'", ["bash --init-file f -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["bash --norc -c 'rm a'", ["bash --norc -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    [
      'bash -c "$C"',
      ["bash -c $C"],
      [
        {
          type: "shell.exec",
          command: 'bash -c "$C"',
          unsure: "bash -c runs an expansion",
        },
      ],
      "bash -c runs an expansion",
    ],
    ["bash -c", ["bash -c"], []],
    [
      "bash s.sh",
      ["bash s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash s.sh" },
      ],
    ],
    [
      "bash -x s.sh",
      ["bash -x s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash -x s.sh" },
      ],
    ],
    [
      "bash -o posix s.sh",
      ["bash -o posix s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash -o posix s.sh" },
      ],
    ],
    [
      "bash -- s.sh",
      ["bash -- s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash -- s.sh" },
      ],
    ],
    [
      "bash -",
      ["bash -"],
      [
        {
          type: "shell.exec",
          command: "bash -",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "bash -s",
      ["bash -s"],
      [
        {
          type: "shell.exec",
          command: "bash -s",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "bash",
      ["bash"],
      [
        {
          type: "shell.exec",
          command: "bash",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "bash +x s.sh",
      ["bash +x s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash +x s.sh" },
      ],
    ],
    ["busybox rm a", ["busybox rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["busybox sh -c 'rm a'", ["busybox sh -c rm a", "sh -c rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["eval 'rm a'", ["eval rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["eval rm a", ["eval rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ['eval "$C"', ["eval $C", "$C"], [{ type: "shell.exec", command: "$C", unsure: "dynamic command name" }], "eval of an expansion"],
    ["eval", ["eval"], []],
    [
      "ssh h",
      ["ssh h"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h",
          upload: false,
        },
      ],
    ],
    [
      "ssh h ls",
      ["ssh h ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "ssh u@h ls",
      ["ssh u@h ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh u@h ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "ssh -p 22 h ls",
      ["ssh -p 22 h ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh -p 22 h ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "ssh -i k -o A=b h ls",
      ["ssh -i k -o A=b h ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh -i k -o A=b h ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "ssh h -- rm a",
      ["ssh h -- rm a", "rm a"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h -- rm a",
          upload: true,
        },
        {
          command: "rm a",
          type: "file.delete",
          resource: "a",
          unsure: "relative to an unknown directory",
        },
      ],
    ],
    [
      "ssh h -p 22 ls",
      ["ssh h -p 22 ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h -p 22 ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      'ssh h "$C"',
      ["ssh h $C", "$C"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h $C",
          upload: true,
        },
        { type: "shell.exec", command: "$C", unsure: "dynamic command name" },
      ],
      "ssh runs an expansion remotely",
    ],
    ["ssh", ["ssh"], [{ command: "ssh", type: "shell.exec" }]],
    ["ssh -p 22", ["ssh -p 22"], [{ command: "ssh -p 22", type: "shell.exec" }]],
    [
      "xargs -i rm {}",
      ["xargs -i rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -iX rm X",
      ["xargs -iX rm X", "rm X {xargs}"],
      [
        {
          command: "rm X {xargs}",
          type: "file.delete",
          resource: "X",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm X {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs --replace rm {}",
      ["xargs --replace rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs --replace=X rm X",
      ["xargs --replace=X rm X", "rm X {xargs}"],
      [
        {
          command: "rm X {xargs}",
          type: "file.delete",
          resource: "X",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm X {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -I X rm aXb c",
      ["xargs -I X rm aXb c", "rm aXb c {xargs}"],
      [
        {
          command: "rm aXb c {xargs}",
          type: "file.delete",
          resource: "aXb",
          unsure: "the file name is an expansion",
        },
        { command: "rm aXb c {xargs}", type: "file.delete", resource: "c" },
        {
          command: "rm aXb c {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    ["xargs -I", ["xargs -I", "echo {xargs}"], [{ command: "echo {xargs}", type: "shell.exec" }]],
  ] as [string, string[], Expected[], string?][])("%j", expectReading);
});

// Option clusters as getopt reads them: the first letter that takes a value takes the rest of the
// word, or the next word when it is the cluster's last letter. Before, only a two-character
// option took the next word: `ionice -tc 3 curl …`, `flock -nw 5 F curl …`, `timeout -vs KILL 5
// …`, `xargs -0n 1 …`, `watch -tn 1 …` ran a program named `3`, `F`, `5`, `1` (gated) instead of the command
// (an endpoint outside the scope is denied), and `ssh -vp 22 host` connected to `22`.
describe("wrappers: option clusters", () => {
  it.each([
    ["watch -tn 1 rm a", ["watch -tn 1 rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["watch -tq 2 rm a", ["watch -tq 2 rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    [
      "watch -tx rm $X",
      ["watch -tx rm $X", "rm $X"],
      [
        {
          command: "rm $X",
          type: "file.delete",
          resource: "$X",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "watch -nx1 rm $X",
      ["watch -nx1 rm $X"],
      [
        {
          type: "shell.exec",
          command: "watch -nx1 rm $X",
          unsure: "watch runs an expansion",
        },
      ],
      "watch runs an expansion",
    ],
    [
      "sudo -Au root rm x",
      ["sudo -Au root rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -Au root rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo -uroot rm x",
      ["sudo -uroot rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -uroot rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["timeout -vs KILL 5 rm x", ["timeout -vs KILL 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice -tc 3 rm x", ["ionice -tc 3 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock -nw 5 l rm x", ["flock -nw 5 l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice -n5 rm x", ["nice -n5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "ssh -vp 22 host ls",
      ["ssh -vp 22 host ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://host",
          command: "ssh -vp 22 host ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "ssh -p22 host ls",
      ["ssh -p22 host ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://host",
          command: "ssh -p22 host ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    [
      "xargs -0n 1 rm",
      ["xargs -0n 1 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -0I {} rm {}",
      ["xargs -0I {} rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -0a list rm",
      ["xargs -0a list rm", "rm {xargs}"],
      [
        { command: "< list", type: "file.read", resource: "list" },
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -alist rm",
      ["xargs -alist rm", "rm {xargs}"],
      [
        { command: "< list", type: "file.read", resource: "list" },
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -n1 rm",
      ["xargs -n1 rm", "rm {xargs}"],
      [
        {
          command: "rm {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    ["xargs -0 -a", ["xargs -0 -a", "echo {xargs}"], [{ command: "echo {xargs}", type: "shell.exec" }]],
  ] as [string, string[], Expected[], string?][])("%j", expectReading);
});

describe("wrappers: survivors of the 2026-12-05 10:49 run", () => {
  it.each([
    // skipOptions: a program with no long options (ssh) reads none as taking a value
    [
      "ssh '--Stryker was here' h ls",
      ["ssh --Stryker was here h ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh --Stryker was here h ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    // `--` ends the options: what follows is the command, even `-s`
    [
      "sudo -- -s",
      ["sudo -- -s", "-s"],
      [
        { type: "privilege.escalate", command: "sudo -- -s" },
        { command: "-s", type: "shell.exec" },
      ],
    ],
    // `-` is no option: the command's name
    ["nohup - rm x", ["nohup - rm x", "- rm x"], [{ command: "- rm x", type: "shell.exec" }]],
    // sudo's long options that take a value
    [
      "sudo --group wheel rm x",
      ["sudo --group wheel rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --group wheel rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --host h rm x",
      ["sudo --host h rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --host h rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --prompt p rm x",
      ["sudo --prompt p rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --prompt p rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --role r rm x",
      ["sudo --role r rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --role r rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --type t rm x",
      ["sudo --type t rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --type t rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --other-user u rm x",
      ["sudo --other-user u rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --other-user u rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --command-timeout 5 rm x",
      ["sudo --command-timeout 5 rm x", "rm x"],
      [
        {
          type: "privilege.escalate",
          command: "sudo --command-timeout 5 rm x",
        },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    // sudo -D/--chdir: only before the command, only the option itself, a value with `=` in it
    [
      "sudo rm a --chdir=sub",
      ["sudo rm a --chdir=sub", "rm a --chdir=sub"],
      [
        { type: "privilege.escalate", command: "sudo rm a --chdir=sub" },
        { command: "rm a --chdir=sub", type: "file.delete", resource: "a" },
      ],
    ],
    [
      "sudo --preserve-env=A-D rm a",
      ["sudo --preserve-env=A-D rm a", "rm a"],
      [
        { type: "privilege.escalate", command: "sudo --preserve-env=A-D rm a" },
        { command: "rm a", type: "file.delete", resource: "a" },
      ],
    ],
    [
      "sudo --chdir=/a=b rm x",
      ["sudo --chdir=/a=b rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --chdir=/a=b rm x" },
        { command: "rm x", type: "file.delete", resource: "/a=b/x" },
      ],
    ],
    // env -S runs its string one level deeper: seven levels are too deep
    [
      "env -S env -S env -S env -S env -S env -S env -S rm x",
      [
        "env -S env -S env -S env -S env -S env -S env -S rm x",
        "env -S env -S env -S env -S env -S env -S rm x",
        "env -S env -S env -S env -S env -S rm x",
        "env -S env -S env -S env -S rm x",
        "env -S env -S env -S rm x",
        "env -S env -S rm x",
        "env -S rm x",
      ],
      [
        {
          type: "shell.exec",
          command: "env -S env -S env -S env -S env -S env -S env -S rm x",
          unsure: "nested deeper than 6 levels",
        },
      ],
      "nested deeper than 6 levels",
    ],
    // env -Cdir in a cluster: a short option only (`--xC…` is a long one), after other letters too
    ["env --xCsub rm a", ["env --xCsub rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["env -iCsub rm a", ["env -iCsub rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "sub/a" }]],
    ["timeout --kill-after 5 10 rm x", ["timeout --kill-after 5 10 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // a program with no option values (setsid -w waits): no letter takes the next word
    ["setsid -w rm x", ["setsid -w rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["time --format %e rm x", ["time --format %e rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock --wait 5 l rm x", ["flock --wait 5 l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock --conflict-exit-code 3 l rm x", ["flock --conflict-exit-code 3 l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // flock -c with no lock file before it still runs the string
    ["flock -c 'rm x'", ["flock -c rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // -v/-V is a lookup for `command` only, and only among its options
    ["time -v rm x", ["time -v rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["command rm -v x", ["command rm -v x", "rm -v x"], [{ command: "rm -v x", type: "file.delete", resource: "x" }]],
    // watch: options only, no command; a long option ending in n (the value letter of -n)
    ["watch -t", ["watch -t"], []],
    ["watch -n 1", ["watch -n 1"], []],
    ["watch --version rm x", ["watch --version rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // a three-letter long option (--b: --beep)
    ["watch --b rm x", ["watch --b rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // --exec runs argv (one word `a b`), not a shell string; --chgexit's x is not -x
    ["watch --exec rm 'a b'", ["watch --exec rm a b", "rm a b"], [{ command: "rm a b", type: "file.delete", resource: "a b" }]],
    [
      "watch --chgexit rm 'a b'",
      ["watch --chgexit rm a b", "rm a b"],
      [
        { command: "rm a b", type: "file.delete", resource: "a" },
        { command: "rm a b", type: "file.delete", resource: "b" },
      ],
    ],
    ["watch --equexit 3 rm x", ["watch --equexit 3 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["watch -n1 rm x", ["watch -n1 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["watch - rm x", ["watch - rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // an expansion among the options is no expansion in the command
    ["watch -n $N rm x", ["watch -n $N rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // xargs: a long option with `-i` inside is not -i (--no-run-if-empty after -I F)
    [
      "xargs -I F --no-run-if-empty rm F",
      ["xargs -I F --no-run-if-empty rm F", "rm F {xargs}"],
      [
        {
          command: "rm F {xargs}",
          type: "file.delete",
          resource: "F",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm F {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    // -E's value `--eof` is no long option
    [
      "xargs -E--eof rm x",
      ["xargs -E--eof rm x", "rm x {xargs}"],
      [
        { command: "rm x {xargs}", type: "file.delete", resource: "x" },
        {
          command: "rm x {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs - rm x",
      ["xargs - rm x", "rm x {xargs}"],
      [
        { command: "rm x {xargs}", type: "file.delete", resource: "x" },
        {
          command: "rm x {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    // sh -c: only before the operand; a whole word of letters; -c in a cluster with letters after it
    [
      "bash x.sh -c y",
      ["bash x.sh -c y"],
      [
        { command: "< x.sh", type: "file.read", resource: "x.sh" },
        { type: "shell.exec", command: "bash x.sh -c y" },
      ],
    ],
    [
      "bash --rcfile x s.sh",
      ["bash --rcfile x s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash --rcfile x s.sh" },
      ],
    ],
    [
      "sh -c1 s.sh",
      ["sh -c1 s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "sh -c1 s.sh" },
      ],
    ],
    ["bash -ce 'rm x'", ["bash -ce rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // ssh: a user name of more than one character
    [
      "ssh git@github.com ls",
      ["ssh git@github.com ls", "ls"],
      [
        {
          type: "network.request",
          endpoint: "ssh://github.com",
          command: "ssh git@github.com ls",
          upload: true,
        },
        { command: "ls", type: "shell.exec" },
      ],
    ],
    // ssh runs its remote command one level deeper
    [
      "ssh h ssh h ssh h ssh h ssh h ssh h ssh h rm x",
      [
        "ssh h ssh h ssh h ssh h ssh h ssh h ssh h rm x",
        "ssh h ssh h ssh h ssh h ssh h ssh h rm x",
        "ssh h ssh h ssh h ssh h ssh h rm x",
        "ssh h ssh h ssh h ssh h rm x",
        "ssh h ssh h ssh h rm x",
        "ssh h ssh h rm x",
        "ssh h rm x",
      ],
      [
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h ssh h ssh h ssh h ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h ssh h ssh h ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h ssh h ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h ssh h rm x",
          upload: true,
        },
        {
          type: "network.request",
          endpoint: "ssh://h",
          command: "ssh h rm x",
          upload: true,
        },
      ],
      "nested deeper than 6 levels",
    ],
    // find: a starting point with `-` inside; -name/-path/-wholename exactly
    [
      "find a-b -delete",
      ["find a-b -delete"],
      [
        {
          type: "file.delete",
          resource: "a-b",
          command: "find a-b -delete",
          unsure: "find -delete removes the files it finds",
        },
      ],
    ],
    [
      "find /a-path -name .env -exec cat {} \\;",
      ["find /a-path -name .env -exec cat {} ;", "cat .env"],
      [{ command: "cat .env", type: "file.read", resource: ".env" }],
    ],
    [
      "find . -names x -name .env -exec cat {} \\;",
      ["find . -names x -name .env -exec cat {} ;", "cat .env"],
      [{ command: "cat .env", type: "file.read", resource: ".env" }],
    ],
    [
      "find . -wholename ./.env -exec cat {} \\;",
      ["find . -wholename ./.env -exec cat {} ;", "cat ./.env"],
      [{ command: "cat ./.env", type: "file.read", resource: ".env" }],
    ],
    // -exec … ; ends at the `;`
    [
      "find . -exec rm {} \\; -delete",
      ["find . -exec rm {} ; -delete", "rm {}"],
      [
        {
          command: "rm {}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          type: "file.delete",
          resource: ".",
          command: "find . -exec rm {} ; -delete",
          unsure: "find -delete removes the files it finds",
        },
      ],
    ],
    ["find . -fprint", ["find . -fprint"], [{ type: "shell.exec", command: "find . -fprint" }]],
    [
      "find . -fprint out",
      ["find . -fprint out"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { type: "shell.exec", command: "find . -fprint out" },
      ],
    ],
    // fixed with this block: each o/O of a shell's option cluster takes the next word, as bash and
    // dash read it (`-oc posix 'cmd'` runs cmd: it was read as running `posix`)
    ["bash -oc posix 'rm x'", ["bash -oc posix rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["bash -Oc extglob 'rm x'", ["bash -Oc extglob rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "bash -xo posix x.sh",
      ["bash -xo posix x.sh"],
      [
        { command: "< x.sh", type: "file.read", resource: "x.sh" },
        { type: "shell.exec", command: "bash -xo posix x.sh" },
      ],
    ],
    [
      "bash -xoo posix errexit x.sh",
      ["bash -xoo posix errexit x.sh"],
      [
        { command: "< x.sh", type: "file.read", resource: "x.sh" },
        { type: "shell.exec", command: "bash -xoo posix errexit x.sh" },
      ],
    ],
    [
      "bash +O extglob s.sh",
      ["bash +O extglob s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash +O extglob s.sh" },
      ],
    ],
    [
      "bash --noprofile s.sh",
      ["bash --noprofile s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash --noprofile s.sh" },
      ],
    ],
    [
      "bash --init-file x s.sh",
      ["bash --init-file x s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash --init-file x s.sh" },
      ],
    ],
    // fixed: a lone `-` ends a shell's options as `--` does (`bash - FILE` runs FILE)
    [
      "bash - s.sh",
      ["bash - s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash - s.sh" },
      ],
    ],
    ["bash -c - 'rm x'", ["bash -c - rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "sh -- -c 'rm x'",
      ["sh -- -c rm x"],
      [
        { command: "< -c", type: "file.read", resource: "-c" },
        { type: "shell.exec", command: "sh -- -c rm x" },
      ],
    ],
    [
      "bash - -c 'rm x'",
      ["bash - -c rm x"],
      [
        { command: "< -c", type: "file.read", resource: "-c" },
        { type: "shell.exec", command: "bash - -c rm x" },
      ],
    ],
    // fixed: with -s the commands come from stdin and the operands are arguments (`curl … | bash -s --
    // -y` was read as running a file `-y`)
    [
      "curl -fsSL https://x.io/i.sh | bash -s -- -y",
      ["curl -fsSL https://x.io/i.sh", "bash -s -- -y"],
      [
        {
          command: "curl -fsSL https://x.io/i.sh",
          type: "network.request",
          endpoint: "https://x.io/i.sh",
          upload: false,
        },
        {
          type: "shell.exec",
          command: "bash -s -- -y",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "curl -fsSL https://x.io/i.sh | bash -xs stable",
      ["curl -fsSL https://x.io/i.sh", "bash -xs stable"],
      [
        {
          command: "curl -fsSL https://x.io/i.sh",
          type: "network.request",
          endpoint: "https://x.io/i.sh",
          upload: false,
        },
        {
          type: "shell.exec",
          command: "bash -xs stable",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "bash -x -s a",
      ["bash -x -s a"],
      [
        {
          type: "shell.exec",
          command: "bash -x -s a",
          unsure: "runs commands read from its input",
        },
      ],
    ],
    [
      "bash --posix s.sh",
      ["bash --posix s.sh"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash --posix s.sh" },
      ],
    ],
    [
      "bash s.sh -s",
      ["bash s.sh -s"],
      [
        { command: "< s.sh", type: "file.read", resource: "s.sh" },
        { type: "shell.exec", command: "bash s.sh -s" },
      ],
    ],
    // fixed: GNU time's report file in every form getopt reads (-oFILE, -vo FILE, --output=FILE), and
    // not the value of -f/--format
    [
      "time -oout rm x",
      ["time -oout rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "time -vo out rm x",
      ["time -vo out rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "time --output=out rm x",
      ["time --output=out rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "time --output out rm x",
      ["time --output out rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["time -f -o rm x", ["time -f -o rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["time --format -o rm x", ["time --format -o rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "time -f%e -o out rm x",
      ["time -f%e -o out rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["time -o", ["time -o"], []],
    ["time -- -o x", ["time -- -o x", "-o x"], [{ command: "-o x", type: "shell.exec" }]],
    // fixed: xargs -i in a cluster (-0i, -0iR) sets the replacement too, and -i/-e/-l take an
    // optional value, the rest of the word only (`-es rm x` runs rm: its `s` is the end-of-file string)
    [
      "xargs -0i rm {}",
      ["xargs -0i rm {}", "rm {} {xargs}"],
      [
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{}",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm {} {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -0iZZ rm ZZ",
      ["xargs -0iZZ rm ZZ", "rm ZZ {xargs}"],
      [
        {
          command: "rm ZZ {xargs}",
          type: "file.delete",
          resource: "ZZ",
          unsure: "the file name is an expansion",
        },
        {
          command: "rm ZZ {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -es rm x",
      ["xargs -es rm x", "rm x {xargs}"],
      [
        { command: "rm x {xargs}", type: "file.delete", resource: "x" },
        {
          command: "rm x {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    [
      "xargs -ln rm x",
      ["xargs -ln rm x", "rm x {xargs}"],
      [
        { command: "rm x {xargs}", type: "file.delete", resource: "x" },
        {
          command: "rm x {xargs}",
          type: "file.delete",
          resource: "{xargs}",
          unsure: "the file name is an expansion",
        },
      ],
    ],
    // fixed: a long option by a prefix, as getopt_long reads it, takes its value (`timeout --sig KILL 5
    // rm x` was read as running `5`, `sudo --us root rm x` as running `root`)
    [
      "sudo --us root rm x",
      ["sudo --us root rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --us root rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["timeout --sig KILL 5 rm x", ["timeout --sig KILL 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["timeout --k 1 5 rm x", ["timeout --k 1 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["nice --adj 5 rm x", ["nice --adj 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["flock --w 5 l rm x", ["flock --w 5 l rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["time --f %e rm x", ["time --f %e rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "time --out f rm x",
      ["time --out f rm x", "rm x"],
      [
        { command: "> f", type: "file.write", resource: "f" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "time --out=f rm x",
      ["time --out=f rm x", "rm x"],
      [
        { command: "> f", type: "file.write", resource: "f" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["watch --int 5 rm x", ["watch --int 5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["watch --in=5 rm x", ["watch --in=5 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["watch --eq 3 rm x", ["watch --eq 3 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["watch --ex rm 'a b'", ["watch --ex rm a b", "rm a b"], [{ command: "rm a b", type: "file.delete", resource: "a b" }]],
    ["env --uns HOME rm x", ["env --uns HOME rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env --ch / rm -rf etc", ["env --ch / rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env --ch=/ rm -rf etc", ["env --ch=/ rm -rf etc", "rm -rf etc"], [{ command: "rm -rf etc", type: "file.delete", resource: "/etc" }]],
    ["env --sp 'rm a'", ["env --sp rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    // fixed: value options that were missing: sudo -R/--chroot and --close-from, stdbuf --input and
    // --error, ionice's long options and -P/-u
    [
      "sudo -R / rm x",
      ["sudo -R / rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo -R / rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --chroot / rm x",
      ["sudo --chroot / rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --chroot / rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    [
      "sudo --close-from 3 rm x",
      ["sudo --close-from 3 rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --close-from 3 rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    ["stdbuf --input L rm x", ["stdbuf --input L rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["stdbuf --error 0 rm x", ["stdbuf --error 0 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice --class 3 rm x", ["ionice --class 3 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice --classdata 7 rm x", ["ionice --classdata 7 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice -P 1 rm x", ["ionice -P 1 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["ionice -u 1 rm x", ["ionice -u 1 rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // fixed: env -S/-C/-u in a cluster or with the value in the word (`env -S'rm a' b`,
    // `--split-string='rm a'` were read as dumping the environment; -Cdir was an unknown directory)
    [
      "env -S'rm a' b",
      ["env -Srm a b", "rm a b"],
      [
        { command: "rm a b", type: "file.delete", resource: "a" },
        { command: "rm a b", type: "file.delete", resource: "b" },
      ],
    ],
    ["env --split-string='rm a'", ["env --split-string=rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["env -iS 'rm a'", ["env -iS rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["env -uHOME rm x", ["env -uHOME rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -iu HOME rm x", ["env -iu HOME rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    [
      "env -C$D rm a",
      ["env -C$D rm a", "rm a"],
      [
        {
          command: "rm a",
          type: "file.delete",
          resource: "a",
          unsure: "relative to an unknown directory",
        },
      ],
    ],
    // still: `-`, `--`, a long option with no value, the environment alone
    ["env - rm x", ["env - rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -- rm x", ["env -- rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env --ignore-environment rm x", ["env --ignore-environment rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    ["env -0", ["env -0"], [{ type: "env.dump", command: "env -0" }]],
    // fixed: sudo's directory in every form getopt reads (-D/ was read as the current directory)
    [
      "sudo -D/ rm -rf etc",
      ["sudo -D/ rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo -D/ rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo -ED / rm -rf etc",
      ["sudo -ED / rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo -ED / rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo --chd / rm -rf etc",
      ["sudo --chd / rm -rf etc", "rm -rf etc"],
      [
        { type: "privilege.escalate", command: "sudo --chd / rm -rf etc" },
        { command: "rm -rf etc", type: "file.delete", resource: "/etc" },
      ],
    ],
    [
      "sudo -D / -D /tmp rm a",
      ["sudo -D / -D /tmp rm a", "rm a"],
      [
        { type: "privilege.escalate", command: "sudo -D / -D /tmp rm a" },
        { command: "rm a", type: "file.delete", resource: "/tmp/a" },
      ],
    ],
    ["sudo -D", ["sudo -D"], [{ type: "privilege.escalate", command: "sudo -D" }]],
    [
      "time -o out -o out2 rm x",
      ["time -o out -o out2 rm x", "rm x"],
      [
        { command: "> out", type: "file.write", resource: "out" },
        { command: "> out2", type: "file.write", resource: "out2" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    // a long option with no value that shares its first letter with one that takes a value
    [
      "sudo --preserve-env rm x",
      ["sudo --preserve-env rm x", "rm x"],
      [
        { type: "privilege.escalate", command: "sudo --preserve-env rm x" },
        { command: "rm x", type: "file.delete", resource: "x" },
      ],
    ],
    // watch and env read `--` as the end of the options, not as a prefix of every long option
    ["watch -- rm x", ["watch -- rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // env -C's value in the word, whatever it spells
    ["env -Cch rm a", ["env -Cch rm a", "rm a"], [{ command: "rm a", type: "file.delete", resource: "ch/a" }]],
    // a program with no long options of its own (setsid) reads none as taking a value
    ["setsid --S rm x", ["setsid --S rm x", "rm x"], [{ command: "rm x", type: "file.delete", resource: "x" }]],
    // `bash -- -` opens a file named `-`: commands from an unknown input, as stdin is
    ["bash -- -", ["bash -- -"], [{ type: "shell.exec", command: "bash -- -", unsure: "runs commands read from its input" }]],
  ] as [string, string[], Expected[], string?][])("%j", expectReading);
});
