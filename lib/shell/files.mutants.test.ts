import { beforeAll, describe, expect, it } from "vitest";
import { sedActs } from "./files";
import { loadShellParser } from "./parser";
import { expectReading, type ExpectedAction } from "@/lib/testing/shell";

// What the file utilities of files.ts read a line as: which operands they read, write or delete,
// which option values they skip or act on, and the sed scripts that cannot be read as reading
// (commands, r/w files). Each case runs on both readers (the plain fast path and tree-sitter
// alone). Written against the StrykerJS survivors of files.ts (QUALITY.md, part
// `shell-programs-files`).

type Expected = ExpectedAction;

beforeAll(() => loadShellParser());

describe("file utilities: the files they read, write and delete", () => {
  it.each([
    [
      "cat a b",
      ["cat a b"],
      [
        { command: "cat a b", type: "file.read", resource: "a" },
        { command: "cat a b", type: "file.read", resource: "b" },
      ],
    ],
    ["cat", ["cat"], [{ command: "cat", type: "shell.exec" }]],
    ["cat -n a", ["cat -n a"], [{ command: "cat -n a", type: "file.read", resource: "a" }]],
    ["cat -- -a", ["cat -- -a"], [{ command: "cat -- -a", type: "file.read", resource: "-a" }]],
    ["cat - a", ["cat - a"], [{ command: "cat - a", type: "file.read", resource: "a" }]],
    ["tac a", ["tac a"], [{ command: "tac a", type: "file.read", resource: "a" }]],
    ["nl -b a x", ["nl -b a x"], [{ command: "nl -b a x", type: "file.read", resource: "x" }]],
    ["nl -ba x", ["nl -ba x"], [{ command: "nl -ba x", type: "file.read", resource: "x" }]],
    ["head -n 5 a", ["head -n 5 a"], [{ command: "head -n 5 a", type: "file.read", resource: "a" }]],
    ["head -n5 a", ["head -n5 a"], [{ command: "head -n5 a", type: "file.read", resource: "a" }]],
    ["head --lines 5 a", ["head --lines 5 a"], [{ command: "head --lines 5 a", type: "file.read", resource: "a" }]],
    ["head --lines=5 a", ["head --lines=5 a"], [{ command: "head --lines=5 a", type: "file.read", resource: "a" }]],
    ["head -c 3 a", ["head -c 3 a"], [{ command: "head -c 3 a", type: "file.read", resource: "a" }]],
    ["tail -n 5 a", ["tail -n 5 a"], [{ command: "tail -n 5 a", type: "file.read", resource: "a" }]],
    ["tail -s 1 a", ["tail -s 1 a"], [{ command: "tail -s 1 a", type: "file.read", resource: "a" }]],
    ["tail -f a", ["tail -f a"], [{ command: "tail -f a", type: "file.read", resource: "a" }]],
    ["less -x 4 a", ["less -x 4 a"], [{ command: "less -x 4 a", type: "file.read", resource: "a" }]],
    ["more a", ["more a"], [{ command: "more a", type: "file.read", resource: "a" }]],
    ["bat -l rs a", ["bat -l rs a"], [{ command: "bat -l rs a", type: "file.read", resource: "a" }]],
    ["bat --language rs a", ["bat --language rs a"], [{ command: "bat --language rs a", type: "file.read", resource: "a" }]],
    ["bat --line-range 1:3 a", ["bat --line-range 1:3 a"], [{ command: "bat --line-range 1:3 a", type: "file.read", resource: "a" }]],
    ["wc -l a", ["wc -l a"], [{ command: "wc -l a", type: "file.read", resource: "a" }]],
    ["sort a", ["sort a"], [{ command: "sort a", type: "file.read", resource: "a" }]],
    ["sort -k 2 a", ["sort -k 2 a"], [{ command: "sort -k 2 a", type: "file.read", resource: "a" }]],
    ["sort -t , -k 2 a", ["sort -t , -k 2 a"], [{ command: "sort -t , -k 2 a", type: "file.read", resource: "a" }]],
    [
      "sort -o out a",
      ["sort -o out a"],
      [
        { command: "sort -o out a", type: "file.write", resource: "out" },
        { command: "sort -o out a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "sort -oout a",
      ["sort -oout a"],
      [
        { command: "sort -oout a", type: "file.write", resource: "out" },
        { command: "sort -oout a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "sort --output=out a",
      ["sort --output=out a"],
      [
        { command: "sort --output=out a", type: "file.write", resource: "out" },
        { command: "sort --output=out a", type: "file.read", resource: "a" },
      ],
    ],
    ["sort --key 2 a", ["sort --key 2 a"], [{ command: "sort --key 2 a", type: "file.read", resource: "a" }]],
    ["uniq -f 1 a", ["uniq -f 1 a"], [{ command: "uniq -f 1 a", type: "file.read", resource: "a" }]],
    [
      "uniq a b",
      ["uniq a b"],
      [
        { command: "uniq a b", type: "file.write", resource: "b" },
        { command: "uniq a b", type: "file.read", resource: "a" },
      ],
    ],
    ["uniq a -", ["uniq a -"], [{ command: "uniq a -", type: "file.read", resource: "a" }]],
    ["uniq -c a", ["uniq -c a"], [{ command: "uniq -c a", type: "file.read", resource: "a" }]],
    ["cut -d , -f 1 a", ["cut -d , -f 1 a"], [{ command: "cut -d , -f 1 a", type: "file.read", resource: "a" }]],
    [
      "paste -d , a b",
      ["paste -d , a b"],
      [
        { command: "paste -d , a b", type: "file.read", resource: "a" },
        { command: "paste -d , a b", type: "file.read", resource: "b" },
      ],
    ],
    ["fold -w 80 a", ["fold -w 80 a"], [{ command: "fold -w 80 a", type: "file.read", resource: "a" }]],
    ["fmt -w 80 a", ["fmt -w 80 a"], [{ command: "fmt -w 80 a", type: "file.read", resource: "a" }]],
    ["column -t -s , a", ["column -t -s , a"], [{ command: "column -t -s , a", type: "file.read", resource: "a" }]],
    ["strings -n 8 a", ["strings -n 8 a"], [{ command: "strings -n 8 a", type: "file.read", resource: "a" }]],
    ["file -m magic a", ["file -m magic a"], [{ command: "file -m magic a", type: "file.read", resource: "a" }]],
    ["stat -c %s a", ["stat -c %s a"], [{ command: "stat -c %s a", type: "file.read", resource: "a" }]],
    ["md5sum a", ["md5sum a"], [{ command: "md5sum a", type: "file.read", resource: "a" }]],
    ["sha256sum a", ["sha256sum a"], [{ command: "sha256sum a", type: "file.read", resource: "a" }]],
    ["shasum -a 256 a", ["shasum -a 256 a"], [{ command: "shasum -a 256 a", type: "file.read", resource: "a" }]],
    ["base64 -w 0 a", ["base64 -w 0 a"], [{ command: "base64 -w 0 a", type: "file.read", resource: "a" }]],
    ["xxd a", ["xxd a"], [{ command: "xxd a", type: "file.read", resource: "a" }]],
    [
      "xxd a b",
      ["xxd a b"],
      [
        { command: "xxd a b", type: "file.write", resource: "b" },
        { command: "xxd a b", type: "file.read", resource: "a" },
      ],
    ],
    [
      "xxd -r a b",
      ["xxd -r a b"],
      [
        { command: "xxd -r a b", type: "file.write", resource: "b" },
        { command: "xxd -r a b", type: "file.read", resource: "a" },
      ],
    ],
    ["xxd -l 16 a", ["xxd -l 16 a"], [{ command: "xxd -l 16 a", type: "file.read", resource: "a" }]],
    ["od -A x a", ["od -A x a"], [{ command: "od -A x a", type: "file.read", resource: "a" }]],
    ["hexdump -n 16 a", ["hexdump -n 16 a"], [{ command: "hexdump -n 16 a", type: "file.read", resource: "a" }]],
    [
      "diff a b",
      ["diff a b"],
      [
        { command: "diff a b", type: "file.read", resource: "a" },
        { command: "diff a b", type: "file.read", resource: "b" },
      ],
    ],
    [
      "diff -U 3 a b",
      ["diff -U 3 a b"],
      [
        { command: "diff -U 3 a b", type: "file.read", resource: "a" },
        { command: "diff -U 3 a b", type: "file.read", resource: "b" },
      ],
    ],
    [
      "diff --label x a b",
      ["diff --label x a b"],
      [
        { command: "diff --label x a b", type: "file.read", resource: "a" },
        { command: "diff --label x a b", type: "file.read", resource: "b" },
      ],
    ],
    [
      "cmp a b",
      ["cmp a b"],
      [
        { command: "cmp a b", type: "file.read", resource: "a" },
        { command: "cmp a b", type: "file.read", resource: "b" },
      ],
    ],
    [
      "comm a b",
      ["comm a b"],
      [
        { command: "comm a b", type: "file.read", resource: "a" },
        { command: "comm a b", type: "file.read", resource: "b" },
      ],
    ],
    ["iconv -f utf8 -t ascii a", ["iconv -f utf8 -t ascii a"], [{ command: "iconv -f utf8 -t ascii a", type: "file.read", resource: "a" }]],
    [
      "iconv -f utf8 -t ascii -o out a",
      ["iconv -f utf8 -t ascii -o out a"],
      [
        { command: "iconv -f utf8 -t ascii -o out a", type: "file.write", resource: "out" },
        { command: "iconv -f utf8 -t ascii -o out a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "iconv --output=out a",
      ["iconv --output=out a"],
      [
        { command: "iconv --output=out a", type: "file.write", resource: "out" },
        { command: "iconv --output=out a", type: "file.read", resource: "a" },
      ],
    ],
    ["iconv --from-code utf8 a", ["iconv --from-code utf8 a"], [{ command: "iconv --from-code utf8 a", type: "file.read", resource: "a" }]],
    ["zcat a.gz", ["zcat a.gz"], [{ command: "zcat a.gz", type: "file.read", resource: "a.gz" }]],
    [
      "source ./x.sh",
      ["source ./x.sh"],
      [
        { command: "source ./x.sh", type: "shell.exec" },
        { command: "source ./x.sh", type: "file.read", resource: "x.sh" },
      ],
    ],
    [
      ". ./x.sh",
      [". ./x.sh"],
      [
        { command: ". ./x.sh", type: "shell.exec" },
        { command: ". ./x.sh", type: "file.read", resource: "x.sh" },
      ],
    ],
    ["source", ["source"], [{ command: "source", type: "shell.exec" }]],
    ["readlink a", ["readlink a"], [{ command: "readlink a", type: "file.read", resource: "a" }]],
    ["realpath a", ["realpath a"], [{ command: "realpath a", type: "file.read", resource: "a" }]],
    ["grep x a", ["grep x a"], [{ command: "grep x a", type: "file.read", resource: "a" }]],
    ["grep x", ["grep x"], [{ command: "grep x", type: "shell.exec" }]],
    [
      "grep -r x",
      ["grep -r x"],
      [
        { command: "grep -r x", type: "file.read", resource: "." },
        { command: "grep -r x", type: "shell.exec" },
      ],
    ],
    [
      "grep -R x",
      ["grep -R x"],
      [
        { command: "grep -R x", type: "file.read", resource: "." },
        { command: "grep -R x", type: "shell.exec" },
      ],
    ],
    [
      "grep --recursive x",
      ["grep --recursive x"],
      [
        { command: "grep --recursive x", type: "file.read", resource: "." },
        { command: "grep --recursive x", type: "shell.exec" },
      ],
    ],
    ["grep -rn x src", ["grep -rn x src"], [{ command: "grep -rn x src", type: "file.read", resource: "src" }]],
    ["grep -e x a", ["grep -e x a"], [{ command: "grep -e x a", type: "file.read", resource: "a" }]],
    [
      "grep -f pats a",
      ["grep -f pats a"],
      [
        { command: "grep -f pats a", type: "file.read", resource: "pats" },
        { command: "grep -f pats a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "grep --file=pats a",
      ["grep --file=pats a"],
      [
        { command: "grep --file=pats a", type: "file.read", resource: "pats" },
        { command: "grep --file=pats a", type: "file.read", resource: "a" },
      ],
    ],
    ["grep --regexp x a", ["grep --regexp x a"], [{ command: "grep --regexp x a", type: "file.read", resource: "a" }]],
    ["grep -A 2 x a", ["grep -A 2 x a"], [{ command: "grep -A 2 x a", type: "file.read", resource: "a" }]],
    ["grep -m 1 x a", ["grep -m 1 x a"], [{ command: "grep -m 1 x a", type: "file.read", resource: "a" }]],
    ["grep --include '*.ts' x a", ["grep --include *.ts x a"], [{ command: "grep --include *.ts x a", type: "file.read", resource: "a" }]],
    ["egrep x a", ["egrep x a"], [{ command: "egrep x a", type: "file.read", resource: "a" }]],
    ["fgrep x a", ["fgrep x a"], [{ command: "fgrep x a", type: "file.read", resource: "a" }]],
    [
      "rg x",
      ["rg x"],
      [
        { command: "rg x", type: "file.read", resource: "." },
        { command: "rg x", type: "shell.exec" },
      ],
    ],
    ["rg x src", ["rg x src"], [{ command: "rg x src", type: "file.read", resource: "src" }]],
    ["rg -g '*.ts' x src", ["rg -g *.ts x src"], [{ command: "rg -g *.ts x src", type: "file.read", resource: "src" }]],
    ["rg -e x src", ["rg -e x src"], [{ command: "rg -e x src", type: "file.read", resource: "src" }]],
    [
      "rg --glob '*.ts' x",
      ["rg --glob *.ts x"],
      [
        { command: "rg --glob *.ts x", type: "file.read", resource: "." },
        { command: "rg --glob *.ts x", type: "shell.exec" },
      ],
    ],
    ["ag x src", ["ag x src"], [{ command: "ag x src", type: "file.read", resource: "src" }]],
    [
      "ag x",
      ["ag x"],
      [
        { command: "ag x", type: "file.read", resource: "." },
        { command: "ag x", type: "shell.exec" },
      ],
    ],
    [
      "ack x",
      ["ack x"],
      [
        { command: "ack x", type: "file.read", resource: "." },
        { command: "ack x", type: "shell.exec" },
      ],
    ],
    ["sed -n p a", ["sed -n p a"], [{ command: "sed -n p a", type: "file.read", resource: "a" }]],
    ["sed -n '1,40p' a", ["sed -n 1,40p a"], [{ command: "sed -n 1,40p a", type: "file.read", resource: "a" }]],
    [
      "sed -i 's/foo/bar/' a",
      ["sed -i s/foo/bar/ a"],
      [
        { command: "sed -i s/foo/bar/ a", type: "file.write", resource: "a" },
        { command: "sed -i s/foo/bar/ a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "sed -i.bak 's/foo/bar/' a",
      ["sed -i.bak s/foo/bar/ a"],
      [
        { command: "sed -i.bak s/foo/bar/ a", type: "file.write", resource: "a" },
        { command: "sed -i.bak s/foo/bar/ a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "sed --in-place 's/foo/bar/' a",
      ["sed --in-place s/foo/bar/ a"],
      [
        { command: "sed --in-place s/foo/bar/ a", type: "file.write", resource: "a" },
        { command: "sed --in-place s/foo/bar/ a", type: "file.read", resource: "a" },
      ],
    ],
    ["sed -e p a", ["sed -e p a"], [{ command: "sed -e p a", type: "file.read", resource: "a" }]],
    [
      "sed -e p -e '1e rm' a",
      ["sed -e p -e 1e rm a"],
      [{ command: "sed -e p -e 1e rm a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    ["sed -ne 's/x/y/p' a", ["sed -ne s/x/y/p a"], [{ command: "sed -ne s/x/y/p a", type: "file.read", resource: "a" }]],
    ["sed -e1d a", ["sed -e1d a"], [{ command: "sed -e1d a", type: "file.read", resource: "a" }]],
    ["sed --expression=p a", ["sed --expression=p a"], [{ command: "sed --expression=p a", type: "file.read", resource: "a" }]],
    [
      "sed --expression='1w x' a",
      ["sed --expression=1w x a"],
      [{ command: "sed --expression=1w x a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    [
      "sed -f s.sed a",
      ["sed -f s.sed a"],
      [
        { command: "sed -f s.sed a", type: "file.read", resource: "s.sed" },
        { command: "sed -f s.sed a", type: "file.read", resource: "a" },
      ],
      "sed reads its script from a file",
    ],
    [
      "sed --file=s.sed a",
      ["sed --file=s.sed a"],
      [
        { command: "sed --file=s.sed a", type: "file.read", resource: "s.sed" },
        { command: "sed --file=s.sed a", type: "file.read", resource: "a" },
      ],
      "sed reads its script from a file",
    ],
    ['sed "$S" a', ["sed $S a"], [{ command: "sed $S a", type: "file.read", resource: "a" }], "sed script is an expansion"],
    [
      "sed -n '1e rm -rf ~' a",
      ["sed -n 1e rm -rf ~ a"],
      [{ command: "sed -n 1e rm -rf ~ a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    [
      "sed '1r .env' a",
      ["sed 1r .env a"],
      [
        { command: "sed 1r .env a", type: "file.read", resource: "a" },
        { type: "secret.read", command: "sed '1r .env' a", resource: ".env" },
      ],
      "sed script runs commands or reads or writes files",
    ],
    ["sed '1R x' a", ["sed 1R x a"], [{ command: "sed 1R x a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    [
      "sed 's/a/b/w /etc/x' a",
      ["sed s/a/b/w /etc/x a"],
      [{ command: "sed s/a/b/w /etc/x a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    [
      "sed 's/a/b/e' a",
      ["sed s/a/b/e a"],
      [{ command: "sed s/a/b/e a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    ["sed 's/a/b/gI' a", ["sed s/a/b/gI a"], [{ command: "sed s/a/b/gI a", type: "file.read", resource: "a" }]],
    ["sed 's/a/b/2p' a", ["sed s/a/b/2p a"], [{ command: "sed s/a/b/2p a", type: "file.read", resource: "a" }]],
    [
      "sed -E 's#/usr/(bin)#\\1#g; /^$/d' a",
      ["sed -E s#/usr/(bin)#\\1#g; /^$/d a"],
      [{ command: "sed -E s#/usr/(bin)#\\1#g; /^$/d a", type: "file.read", resource: "a" }],
    ],
    ["sed '/start/,/end/{s/a/b/;p}' a", ["sed /start/,/end/{s/a/b/;p} a"], [{ command: "sed /start/,/end/{s/a/b/;p} a", type: "file.read", resource: "a" }]],
    ["sed '\\,x,d' a", ["sed \\,x,d a"], [{ command: "sed \\,x,d a", type: "file.read", resource: "a" }]],
    ["sed '\\,x' a", ["sed \\,x a"], [{ command: "sed \\,x a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed '/x' a", ["sed /x a"], [{ command: "sed /x a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed 's/x' a", ["sed s/x a"], [{ command: "sed s/x a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed 's/x/y' a", ["sed s/x/y a"], [{ command: "sed s/x/y a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed 's' a", ["sed s a"], [{ command: "sed s a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    [
      "sed 's\\x\\y\\' a",
      ["sed s\\x\\y\\ a"],
      [{ command: "sed s\\x\\y\\ a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    ["sed '$a foo; e rm' a", ["sed $a foo; e rm a"], [{ command: "sed $a foo; e rm a", type: "file.read", resource: "a" }]],
    ["sed '1i\\' a", ["sed 1i\\ a"], [{ command: "sed 1i\\ a", type: "file.read", resource: "a" }]],
    ["sed '# e rm' a", ["sed # e rm a"], [{ command: "sed # e rm a", type: "file.read", resource: "a" }]],
    ["sed 'y/abc/xyz/' a", ["sed y/abc/xyz/ a"], [{ command: "sed y/abc/xyz/ a", type: "file.read", resource: "a" }]],
    ["sed '/x/I d' a", ["sed /x/I d a"], [{ command: "sed /x/I d a", type: "file.read", resource: "a" }]],
    ["sed '/x/M,/y/ d' a", ["sed /x/M,/y/ d a"], [{ command: "sed /x/M,/y/ d a", type: "file.read", resource: "a" }]],
    ["sed -n '/re/{p;q}' a", ["sed -n /re/{p;q} a"], [{ command: "sed -n /re/{p;q} a", type: "file.read", resource: "a" }]],
    ["sed ':a;N;$!ba;s/\\n/ /g' a", ["sed :a;N;$!ba;s/\\n/ /g a"], [{ command: "sed :a;N;$!ba;s/\\n/ /g a", type: "file.read", resource: "a" }]],
    [
      "sed 'bx;e rm' a",
      ["sed bx;e rm a"],
      [{ command: "sed bx;e rm a", type: "file.read", resource: "a" }],
      "sed script runs commands or reads or writes files",
    ],
    ["sed 't;e rm' a", ["sed t;e rm a"], [{ command: "sed t;e rm a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed 1d a", ["sed 1d a"], [{ command: "sed 1d a", type: "file.read", resource: "a" }]],
    ["sed -n 'l 5' a", ["sed -n l 5 a"], [{ command: "sed -n l 5 a", type: "file.read", resource: "a" }]],
    ["sed 'W out' a", ["sed W out a"], [{ command: "sed W out a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed 'v' a", ["sed v a"], [{ command: "sed v a", type: "file.read", resource: "a" }], "sed script runs commands or reads or writes files"],
    ["sed '1~2d;0,/x/d;3,+2d;$=' a", ["sed 1~2d;0,/x/d;3,+2d;$= a"], [{ command: "sed 1~2d;0,/x/d;3,+2d;$= a", type: "file.read", resource: "a" }]],
    ["sed 'F;z;x;h;H;g;G;n;N;P;D;Q' a", ["sed F;z;x;h;H;g;G;n;N;P;D;Q a"], [{ command: "sed F;z;x;h;H;g;G;n;N;P;D;Q a", type: "file.read", resource: "a" }]],
    ["awk '{print $1}' a", ["awk {print $1} a"], [{ command: "awk {print $1} a", type: "file.read", resource: "a" }]],
    ["awk -F , '{print $1}' a", ["awk -F , {print $1} a"], [{ command: "awk -F , {print $1} a", type: "file.read", resource: "a" }]],
    [
      "awk -f prog.awk a",
      ["awk -f prog.awk a"],
      [
        { command: "awk -f prog.awk a", type: "file.read", resource: "prog.awk" },
        { command: "awk -f prog.awk a", type: "file.read", resource: "a" },
      ],
      "awk reads its program from a file",
    ],
    [
      "awk '{system(\"rm a\")}' a",
      ['awk {system("rm a")} a'],
      [{ command: 'awk {system("rm a")} a', type: "file.read", resource: "a" }],
      "awk program runs commands or writes files",
    ],
    [
      "awk '{print > \"out\"}' a",
      ['awk {print > "out"} a'],
      [{ command: 'awk {print > "out"} a', type: "file.read", resource: "a" }],
      "awk program runs commands or writes files",
    ],
    [
      "awk '{getline x < \"f\"}' a",
      ['awk {getline x < "f"} a'],
      [{ command: 'awk {getline x < "f"} a', type: "file.read", resource: "a" }],
      "awk program runs commands or writes files",
    ],
    [
      "awk '{print | \"sh\"}' a",
      ['awk {print | "sh"} a'],
      [{ command: 'awk {print | "sh"} a', type: "file.read", resource: "a" }],
      "awk program runs commands or writes files",
    ],
    ["gawk '{print}' a", ["gawk {print} a"], [{ command: "gawk {print} a", type: "file.read", resource: "a" }]],
    [
      "gawk -i inplace '{print}' a",
      ["gawk -i inplace {print} a"],
      [
        { command: "gawk -i inplace {print} a", type: "file.write", resource: "a" },
        { command: "gawk -i inplace {print} a", type: "file.read", resource: "a" },
      ],
    ],
    ["awk -v x=1 '{print}' a", ["awk -v x=1 {print} a"], [{ command: "awk -v x=1 {print} a", type: "file.read", resource: "a" }]],
    ["jq . a.json", ["jq . a.json"], [{ command: "jq . a.json", type: "file.read", resource: "a.json" }]],
    [
      "jq -f f.jq a.json",
      ["jq -f f.jq a.json"],
      [
        { command: "jq -f f.jq a.json", type: "file.read", resource: "f.jq" },
        { command: "jq -f f.jq a.json", type: "file.read", resource: "a.json" },
      ],
      "jq reads its program from a file",
    ],
    [
      "jq --from-file f.jq a.json",
      ["jq --from-file f.jq a.json"],
      [
        { command: "jq --from-file f.jq a.json", type: "file.read", resource: "f.jq" },
        { command: "jq --from-file f.jq a.json", type: "file.read", resource: "a.json" },
      ],
      "jq reads its program from a file",
    ],
    ["jq --arg k v . a.json", ["jq --arg k v . a.json"], [{ command: "jq --arg k v . a.json", type: "file.read", resource: "a.json" }]],
    ["yq . a.yaml", ["yq . a.yaml"], [{ command: "yq . a.yaml", type: "file.read", resource: "a.yaml" }]],
    ["touch a", ["touch a"], [{ command: "touch a", type: "file.write", resource: "a" }]],
    ["touch -d yesterday a", ["touch -d yesterday a"], [{ command: "touch -d yesterday a", type: "file.write", resource: "a" }]],
    ["touch -r ref a", ["touch -r ref a"], [{ command: "touch -r ref a", type: "file.write", resource: "a" }]],
    ["mkdir -p d", ["mkdir -p d"], [{ command: "mkdir -p d", type: "file.write", resource: "d" }]],
    ["mkdir -m 755 d", ["mkdir -m 755 d"], [{ command: "mkdir -m 755 d", type: "file.write", resource: "d" }]],
    ["mkdir", ["mkdir"], [{ command: "mkdir", type: "shell.exec" }]],
    ["tee a", ["tee a"], [{ command: "tee a", type: "file.write", resource: "a" }]],
    [
      "tee -a a b",
      ["tee -a a b"],
      [
        { command: "tee -a a b", type: "file.write", resource: "a" },
        { command: "tee -a a b", type: "file.write", resource: "b" },
      ],
    ],
    ["truncate -s 0 a", ["truncate -s 0 a"], [{ command: "truncate -s 0 a", type: "file.write", resource: "a" }]],
    ["chmod 644 a", ["chmod 644 a"], [{ command: "chmod 644 a", type: "file.write", resource: "a" }]],
    ["chmod -R u+x d", ["chmod -R u+x d"], [{ command: "chmod -R u+x d", type: "file.write", resource: "d" }]],
    ["chmod --reference=r a", ["chmod --reference=r a"], [{ command: "chmod --reference=r a", type: "file.write", resource: "a" }]],
    ["chmod --reference r a", ["chmod --reference r a"], [{ command: "chmod --reference r a", type: "file.write", resource: "a" }]],
    ["chown u:g a", ["chown u:g a"], [{ command: "chown u:g a", type: "file.write", resource: "a" }]],
    ["chgrp g a", ["chgrp g a"], [{ command: "chgrp g a", type: "file.write", resource: "a" }]],
    ["rm a", ["rm a"], [{ command: "rm a", type: "file.delete", resource: "a" }]],
    ["rm -rf d", ["rm -rf d"], [{ command: "rm -rf d", type: "file.delete", resource: "d" }]],
    ["rm", ["rm"], [{ command: "rm", type: "shell.exec" }]],
    ["rm -- -x", ["rm -- -x"], [{ command: "rm -- -x", type: "file.delete", resource: "-x" }]],
    ["rmdir d", ["rmdir d"], [{ command: "rmdir d", type: "file.delete", resource: "d" }]],
    ["unlink a", ["unlink a"], [{ command: "unlink a", type: "file.delete", resource: "a" }]],
    ["shred -u a", ["shred -u a"], [{ command: "shred -u a", type: "file.delete", resource: "a" }]],
    ["shred -n 3 a", ["shred -n 3 a"], [{ command: "shred -n 3 a", type: "file.delete", resource: "a" }]],
    [
      "cp a b",
      ["cp a b"],
      [
        { command: "cp a b", type: "file.read", resource: "a" },
        { command: "cp a b", type: "file.write", resource: "b" },
      ],
    ],
    [
      "cp a b c/",
      ["cp a b c/"],
      [
        { command: "cp a b c/", type: "file.read", resource: "a" },
        { command: "cp a b c/", type: "file.read", resource: "b" },
        { command: "cp a b c/", type: "file.write", resource: "c" },
      ],
    ],
    [
      "cp -t d a b",
      ["cp -t d a b"],
      [
        { command: "cp -t d a b", type: "file.read", resource: "a" },
        { command: "cp -t d a b", type: "file.read", resource: "b" },
        { command: "cp -t d a b", type: "file.write", resource: "d" },
      ],
    ],
    [
      "cp --target-directory d a b",
      ["cp --target-directory d a b"],
      [
        { command: "cp --target-directory d a b", type: "file.read", resource: "a" },
        { command: "cp --target-directory d a b", type: "file.read", resource: "b" },
        { command: "cp --target-directory d a b", type: "file.write", resource: "d" },
      ],
    ],
    [
      "cp --target-directory=d a b",
      ["cp --target-directory=d a b"],
      [
        { command: "cp --target-directory=d a b", type: "file.read", resource: "a" },
        { command: "cp --target-directory=d a b", type: "file.read", resource: "b" },
        { command: "cp --target-directory=d a b", type: "file.write", resource: "d" },
      ],
    ],
    [
      "cp -r d e",
      ["cp -r d e"],
      [
        { command: "cp -r d e", type: "file.read", resource: "d" },
        { command: "cp -r d e", type: "file.write", resource: "e" },
      ],
    ],
    ["cp a", ["cp a"], [{ command: "cp a", type: "file.write", resource: "a" }]],
    [
      "install -m 755 a /usr/bin/a",
      ["install -m 755 a /usr/bin/a"],
      [
        { command: "install -m 755 a /usr/bin/a", type: "file.read", resource: "a" },
        { command: "install -m 755 a /usr/bin/a", type: "file.write", resource: "/usr/bin/a" },
      ],
    ],
    [
      "install -t d a",
      ["install -t d a"],
      [
        { command: "install -t d a", type: "file.read", resource: "a" },
        { command: "install -t d a", type: "file.write", resource: "d" },
      ],
    ],
    [
      "ln -s a b",
      ["ln -s a b"],
      [
        { command: "ln -s a b", type: "file.read", resource: "a" },
        { command: "ln -s a b", type: "file.write", resource: "b" },
      ],
    ],
    [
      "mv a b",
      ["mv a b"],
      [
        { command: "mv a b", type: "file.read", resource: "a" },
        { command: "mv a b", type: "file.delete", resource: "a" },
        { command: "mv a b", type: "file.write", resource: "b" },
      ],
    ],
    [
      "mv -t d a b",
      ["mv -t d a b"],
      [
        { command: "mv -t d a b", type: "file.read", resource: "a" },
        { command: "mv -t d a b", type: "file.delete", resource: "a" },
        { command: "mv -t d a b", type: "file.read", resource: "b" },
        { command: "mv -t d a b", type: "file.delete", resource: "b" },
        { command: "mv -t d a b", type: "file.write", resource: "d" },
      ],
    ],
    [
      "mv --target-directory=d a",
      ["mv --target-directory=d a"],
      [
        { command: "mv --target-directory=d a", type: "file.read", resource: "a" },
        { command: "mv --target-directory=d a", type: "file.delete", resource: "a" },
        { command: "mv --target-directory=d a", type: "file.write", resource: "d" },
      ],
    ],
    ["mv a", ["mv a"], [{ command: "mv a", type: "file.write", resource: "a" }]],
    ["ls", ["ls"], [{ command: "ls", type: "shell.exec" }]],
    ["ls -la d", ["ls -la d"], [{ command: "ls -la d", type: "shell.exec" }]],
    ["ls -w 80 d", ["ls -w 80 d"], [{ command: "ls -w 80 d", type: "shell.exec" }]],
    ["tree -L 2", ["tree -L 2"], [{ command: "tree -L 2", type: "shell.exec" }]],
    ["du -d 1 d", ["du -d 1 d"], [{ command: "du -d 1 d", type: "shell.exec" }]],
    ["exa", ["exa"], [{ command: "exa", type: "shell.exec" }]],
    ["eza -l", ["eza -l"], [{ command: "eza -l", type: "shell.exec" }]],
    ["cat /proc/self/environ", ["cat /proc/self/environ"], [{ command: "cat /proc/self/environ", type: "env.dump", resource: "/proc/self/environ" }]],
    ["cat /proc/1/environ", ["cat /proc/1/environ"], [{ command: "cat /proc/1/environ", type: "env.dump", resource: "/proc/1/environ" }]],
    ["cat src/*.ts", ["cat src/*.ts"], [{ command: "cat src/*.ts", type: "file.read", resource: "src/*.ts" }]],
    [
      "cat *.env",
      ["cat *.env"],
      [
        { command: "cat *.env", type: "file.read", resource: "*.env", unsure: "the file name is a glob" },
        { type: "secret.read", command: "cat *.env", resource: ".env" },
      ],
    ],
    [
      "cat .env*",
      ["cat .env*"],
      [
        { command: "cat .env*", type: "file.read", resource: ".env*", unsure: "the file name is a glob" },
        { type: "secret.read", command: "cat .env*", resource: ".env" },
      ],
    ],
    ["cat 'src/**/*.test.ts'", ["cat src/**/*.test.ts"], [{ command: "cat src/**/*.test.ts", type: "file.read", resource: "src/**/*.test.ts" }]],
    [
      "cat src/*.pem",
      ["cat src/*.pem"],
      [
        { command: "cat src/*.pem", type: "file.read", resource: "src/*.pem", unsure: "the file name is a glob" },
        { type: "secret.read", command: "cat src/*.pem", resource: ".pem" },
      ],
    ],
    ["cat src/[ab].ts", ["cat src/[ab].ts"], [{ command: "cat src/[ab].ts", type: "file.read", resource: "src/[ab].ts", unsure: "the file name is a glob" }]],
    [
      "cat src/{a,b}.ts",
      ["cat src/{a,b}.ts"],
      [{ command: "cat src/{a,b}.ts", type: "file.read", resource: "src/{a,b}.ts", unsure: "the file name is a glob" }],
    ],
    ["cat ../*.ts", ["cat ../*.ts"], [{ command: "cat ../*.ts", type: "file.read", resource: "../*.ts", unsure: "the file name is a glob" }]],
    ["cat src/*", ["cat src/*"], [{ command: "cat src/*", type: "file.read", resource: "src/*", unsure: "the file name is a glob" }]],
    ["cat $F", ["cat $F"], [{ command: "cat $F", type: "file.read", resource: "$F", unsure: "the file name is an expansion" }]],
    [
      "sort -ok a",
      ["sort -ok a"],
      [
        { command: "sort -ok a", type: "file.write", resource: "k" },
        { command: "sort -ok a", type: "file.read", resource: "a" },
      ],
    ],
    [
      "sort --output out a",
      ["sort --output out a"],
      [
        { command: "sort --output out a", type: "file.write", resource: "out" },
        { command: "sort --output out a", type: "file.read", resource: "a" },
      ],
    ],
    ["sort -rn -k 2 a", ["sort -rn -k 2 a"], [{ command: "sort -rn -k 2 a", type: "file.read", resource: "a" }]],
    ["jq --arg k v . a.json", ["jq --arg k v . a.json"], [{ command: "jq --arg k v . a.json", type: "file.read", resource: "a.json" }]],
    ["jq --argjson k 1 . a.json", ["jq --argjson k 1 . a.json"], [{ command: "jq --argjson k 1 . a.json", type: "file.read", resource: "a.json" }]],
    [
      "jq --slurpfile k .env . a.json",
      ["jq --slurpfile k .env . a.json"],
      [
        { command: "jq --slurpfile k .env . a.json", type: "file.read", resource: ".env" },
        { command: "jq --slurpfile k .env . a.json", type: "file.read", resource: "a.json" },
      ],
    ],
    [
      "jq --rawfile k b.txt . a.json",
      ["jq --rawfile k b.txt . a.json"],
      [
        { command: "jq --rawfile k b.txt . a.json", type: "file.read", resource: "b.txt" },
        { command: "jq --rawfile k b.txt . a.json", type: "file.read", resource: "a.json" },
      ],
    ],
    ["jq --rawfile k", ["jq --rawfile k"], []],
    ["jq -n --arg", ["jq -n --arg"], []],
    ["jq -- . a.json", ["jq -- . a.json"], [{ command: "jq -- . a.json", type: "file.read", resource: "a.json" }]],
    ["jq --indent 2 . a.json", ["jq --indent 2 . a.json"], [{ command: "jq --indent 2 . a.json", type: "file.read", resource: "a.json" }]],
    ["grep -rnA2 x src", ["grep -rnA2 x src"], [{ command: "grep -rnA2 x src", type: "file.read", resource: "src" }]],
    ["tail -fn 5 a", ["tail -fn 5 a"], [{ command: "tail -fn 5 a", type: "file.read", resource: "a" }]],
    ["column -t a", ["column -t a"], [{ command: "column -t a", type: "file.read", resource: "a" }]],
  ] as [string, string[], Expected[], string?][])("%j", expectReading);
});

describe("sedActs: scripts that run commands or read or write files", () => {
  it.each([
    // GNU sed commands that act outside the stream
    ["e rm a", true],
    ["1e rm a", true],
    ["r f", true],
    ["R f", true],
    ["w f", true],
    ["W f", true],
    ["s/a/b/e", true],
    ["s/a/b/w f", true],
    ["s/a/b/gw f", true],
    ["s/a/b/ge", true],
    ["p;e rm", true],
    ["/x/e rm", true],
    ["/x/{e rm\n}", true],
    ["$!e rm", true],
    // unknown commands and broken syntax fail closed
    ["v", true],
    ["k", true],
    ["s/a/b/x", true],
    ["s/a", true],
    ["s/a/b", true],
    ["s", true],
    ["s\na\nb\n", true],
    ["s\\a\\b\\", true],
    ["y/a", true],
    ["/a", true],
    ["\\", true],
    ["\\,a", true],
    ["\\\n", true],
    // the stream only
    ["", false],
    ["p", false],
    ["1,40p", false],
    ["$=", false],
    ["1~2d;0,/x/d;3,+2d", false],
    ["s/a/b/", false],
    ["s/a/b/gpiImM2", false],
    ["s/a\\/e/b/", false],
    ["s|a|b|g", false],
    ["s/a/b/;p", false],
    ["s/a/b/}", false],
    ["{s/a/b/}", false],
    ["y/ab/cd/", false],
    ["/x/Id", false],
    ["/x/M d", false],
    ["\\,x,d", false],
    ["\\,x\\,e,d", false],
    [":a;N;$!ba;s/\\n/ /g", false],
    ["bx;p", false],
    ["tx\np", false],
    ["Tx;p", false],
    ["# e rm\np", false],
    ["$a text; e rm", false],
    ["1i text\\\ne rm", false],
    ["c text", false],
    ["l 5;q 2;Q;F;z;x;h;H;g;G;n;N;P;D;L", false],
  ])("%j → %s", (script, acts) => expect(sedActs(script as string)).toBe(acts));
});

// Options that take a value (FILE_UTILS' short letters and long names), each used once: its value
// is not read as a file or the script operand. Every -f/--file/--from-file is read (`grep -f .env
// -f x` read only x; `rg -f FILE`, `rg --file FILE` read no file at all: both allowed a secret
// read), and a long option's value keeps its own `=` (`--output=a=b`).
type Act = [string, Partial<Expected>?];
describe("file utilities: option values", () => {
  it.each([
    ["cat -s a", [["file.read", { resource: "a" }]]],
    ["head --bytes 3 a", [["file.read", { resource: "a" }]]],
    ["tail --bytes 3 a", [["file.read", { resource: "a" }]]],
    ["tail --lines 5 a", [["file.read", { resource: "a" }]]],
    ["bat --style plain a", [["file.read", { resource: "a" }]]],
    ["bat --theme x a", [["file.read", { resource: "a" }]]],
    ["sort --field-separator , a", [["file.read", { resource: "a" }]]],
    ["base32 -w 0 a", [["file.read", { resource: "a" }]]],
    ["basenc -w 0 a", [["file.read", { resource: "a" }]]],
    [
      "diff --exclude x a b",
      [
        ["file.read", { resource: "a" }],
        ["file.read", { resource: "b" }],
      ],
    ],
    [
      "diff --ignore-matching-lines x a b",
      [
        ["file.read", { resource: "a" }],
        ["file.read", { resource: "b" }],
      ],
    ],
    [
      "cmp -n 5 a b",
      [
        ["file.read", { resource: "a" }],
        ["file.read", { resource: "b" }],
      ],
    ],
    [
      "cmp -i 2 a b",
      [
        ["file.read", { resource: "a" }],
        ["file.read", { resource: "b" }],
      ],
    ],
    ["iconv --to-code ascii a", [["file.read", { resource: "a" }]]],
    ["grep --max-count 1 x a", [["file.read", { resource: "a" }]]],
    ["grep --after-context 2 x a", [["file.read", { resource: "a" }]]],
    ["grep --before-context 2 x a", [["file.read", { resource: "a" }]]],
    ["grep --context 2 x a", [["file.read", { resource: "a" }]]],
    ["grep --exclude x y a", [["file.read", { resource: "a" }]]],
    ["grep --exclude-dir x y a", [["file.read", { resource: "a" }]]],
    ["grep -d skip x a", [["file.read", { resource: "a" }]]],
    ["egrep -m 1 x a", [["file.read", { resource: "a" }]]],
    ["fgrep -m 1 x a", [["file.read", { resource: "a" }]]],
    ["rg --regexp x src", [["file.read", { resource: "src" }]]],
    ["rg --type ts x src", [["file.read", { resource: "src" }]]],
    ["rg --type-not ts x src", [["file.read", { resource: "src" }]]],
    ["rg --max-count 1 x src", [["file.read", { resource: "src" }]]],
    ["rg --after-context 2 x src", [["file.read", { resource: "src" }]]],
    ["rg --before-context 2 x src", [["file.read", { resource: "src" }]]],
    ["rg --context 2 x src", [["file.read", { resource: "src" }]]],
    ["rg --max-columns 80 x src", [["file.read", { resource: "src" }]]],
    ["rg --threads 2 x src", [["file.read", { resource: "src" }]]],
    ["rg --iglob x y src", [["file.read", { resource: "src" }]]],
    ["rg -t ts x src", [["file.read", { resource: "src" }]]],
    ["rg -j 2 x src", [["file.read", { resource: "src" }]]],
    ["ag -G x y src", [["file.read", { resource: "src" }]]],
    ["ack -A 2 x src", [["file.read", { resource: "src" }]]],
    ["yq -I 2 . a.yaml", [["file.read", { resource: "a.yaml" }]]],
    [
      "cp --suffix .bak a b",
      [
        ["file.read", { resource: "a" }],
        ["file.write", { resource: "b" }],
      ],
    ],
    [
      "mv --suffix .bak a b",
      [
        ["file.read", { resource: "a" }],
        ["file.delete", { resource: "a" }],
        ["file.write", { resource: "b" }],
      ],
    ],
    [
      "ln -t d a",
      [
        ["file.read", { resource: "a" }],
        ["file.write", { resource: "d" }],
      ],
    ],
    [
      "ln -S .bak a b",
      [
        ["file.read", { resource: "a" }],
        ["file.write", { resource: "b" }],
      ],
    ],
    ["gawk -v x=1 '{print}' a", [["file.read", { resource: "a" }]], "gawk -v x=1 {print} a"],
    [
      "rg -f .env src",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "src" }],
      ],
    ],
    [
      "rg --file .env src",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "src" }],
      ],
    ],
    [
      "rg --file=.env src",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "src" }],
      ],
    ],
    [
      "grep -f .env -f x a",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "x" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "sort --output=a=b c",
      [
        ["file.write", { resource: "a=b" }],
        ["file.read", { resource: "c" }],
      ],
    ],
    [
      "grep --file=p=q a",
      [
        ["file.read", { resource: "p=q" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    ["head --lines=5 a", [["file.read", { resource: "a" }]]],
    // long options given their value in the next word
    ["wc -w a", [["file.read", { resource: "a" }]]],
    ["grep --regexp x -e y a", [["file.read", { resource: "a" }]]],
    ["rg --regexp x -e y src", [["file.read", { resource: "src" }]]],
    [
      "grep --file pats a",
      [
        ["file.read", { resource: "pats" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    ["sed --expression p -e p a", [["file.read", { resource: "a" }]]],
    [
      "iconv --output out a",
      [
        ["file.write", { resource: "out" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "mv --target-directory d a b",
      [
        ["file.read", { resource: "a" }],
        ["file.delete", { resource: "a" }],
        ["file.read", { resource: "b" }],
        ["file.delete", { resource: "b" }],
        ["file.write", { resource: "d" }],
      ],
    ],
    // an option without its value at the end, the programs each list names, in-place and recursive clusters, globs
    ["grep x a --file", [["file.read", { resource: "a" }]]],
    ["grep x a -f", [["file.read", { resource: "a" }]]],
    ["egrep -e x a", [["file.read", { resource: "a" }]]],
    ["fgrep -e x a", [["file.read", { resource: "a" }]]],
    [
      "egrep -f p a",
      [
        ["file.read", { resource: "p" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "fgrep -f p a",
      [
        ["file.read", { resource: "p" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "sed -ni p a",
      [
        ["file.write", { resource: "a" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    ["grep -nr x", [["file.read", { resource: "." }], ["shell.exec"]]],
    [
      "cat /proc/*/environ",
      [
        ["file.read", { resource: "/proc/*/environ", unsure: "the file name is a glob" }],
        ["secret.read", { resource: "/environ" }],
      ],
    ],
    [
      "cat /proc/$P/environ",
      [
        ["file.read", { resource: "/proc/$P/environ", unsure: "the file name is an expansion" }],
        ["secret.read", { resource: "/environ" }],
      ],
    ],
    ["cat src/*.abcdefghi", [["file.read", { resource: "src/*.abcdefghi", unsure: "the file name is a glob" }]]],
    ["cat src/*.abcdefgh", [["file.read", { resource: "src/*.abcdefgh" }]]],
    ["cat src/*.key", [["file.read", { resource: "src/*.key", unsure: "the file name is a glob" }]]],
    [
      "cat src/*.PEM",
      [
        ["file.read", { resource: "src/*.PEM", unsure: "the file name is a glob" }],
        ["secret.read", { resource: ".pem" }],
      ],
    ],
    ["cat src/.*.ts", [["file.read", { resource: "src/.*.ts", unsure: "the file name is a glob" }]]],
    ["cat env*.ts", [["file.read", { resource: "env*.ts", unsure: "the file name is a glob" }]]],
    ["cat *env.ts", [["file.read", { resource: "*env.ts", unsure: "the file name is a glob" }]]],
    [
      "cat *.env.ts",
      [
        ["file.read", { resource: "*.env.ts", unsure: "the file name is a glob" }],
        ["secret.read", { resource: ".env" }],
      ],
    ],
    ["cat src/aenv*.ts", [["file.read", { resource: "src/aenv*.ts" }]]],
    ["cat src/*.", [["file.read", { resource: "src/*.", unsure: "the file name is a glob" }]]],
    ["sed p a -e", [["file.read", { resource: "a" }]]],
  ] as [string, Act[], string?][])("%s", (line, acts, command = line) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
    );
  });

  it("sed --file s.sed a: the script file is read, the line is unanalysable", () => {
    expectReading(
      "sed --file s.sed a",
      ["sed --file s.sed a"],
      [
        { command: "sed --file s.sed a", type: "file.read", resource: "s.sed" },
        { command: "sed --file s.sed a", type: "file.read", resource: "a" },
      ],
      "sed reads its script from a file",
    );
  });

  it.each([
    ["gawk 'BEGIN{system(\"x\")}' a", 'gawk BEGIN{system("x")} a', [["file.read", { resource: "a" }]], "awk program runs commands or writes files"],
    ["sed -- -f a", "sed -- -f a", [["file.read", { resource: "a" }]], "sed script runs commands or reads or writes files"],
    [
      "sed -nf s.sed a",
      "sed -nf s.sed a",
      [
        ["file.read", { resource: "s.sed" }],
        ["file.read", { resource: "a" }],
      ],
      "sed reads its script from a file",
    ],
    ['sed "$S" a', "sed $S a", [["file.read", { resource: "a" }]], "sed script is an expansion"],
    [
      "awk -f p.awk -f q.awk a",
      "awk -f p.awk -f q.awk a",
      [
        ["file.read", { resource: "p.awk" }],
        ["file.read", { resource: "q.awk" }],
        ["file.read", { resource: "a" }],
      ],
      "awk reads its program from a file",
    ],
    [
      "awk -f .env -f x.awk a",
      "awk -f .env -f x.awk a",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "x.awk" }],
        ["file.read", { resource: "a" }],
        ["secret.read", { resource: ".env" }],
      ],
      "awk reads its program from a file",
    ],
    [
      "jq -f x.jq --from-file y.jq a.json",
      "jq -f x.jq --from-file y.jq a.json",
      [
        ["file.read", { resource: "x.jq" }],
        ["file.read", { resource: "y.jq" }],
        ["file.read", { resource: "a.json" }],
      ],
      "jq reads its program from a file",
    ],
    [
      "gawk -f p.awk a",
      "gawk -f p.awk a",
      [
        ["file.read", { resource: "p.awk" }],
        ["file.read", { resource: "a" }],
      ],
      "awk reads its program from a file",
    ],
    [
      "awk -f p.awk system",
      "awk -f p.awk system",
      [
        ["file.read", { resource: "p.awk" }],
        ["file.read", { resource: "system" }],
      ],
      "awk reads its program from a file",
    ],
  ] as [string, string, Act[], string][])("%s: unanalysable", (line, command, acts, why) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
      why,
    );
  });
});

// 2026-12-05 (second look at files.ts, with the survivors of its run): programs run through an
// option's value, the environment printed by awk, jq and yq programs, files read through option
// values, and programs the analyser cannot see (from a file, or an expansion)
describe("file utilities: programs run, the environment and files read through options", () => {
  it.each([
    [
      "rg --pre ./x.sh pat",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "." }],
        ["shell.exec", {}],
      ],
    ],
    [
      "rg --pre=./x.sh pat src",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "src" }],
      ],
    ],
    [
      "sort --compress-program=./x a",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "sort --compress-program ./x a",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "bat --pager ./x a",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "bat --pager=./x a",
      [
        ["shell.exec", {}],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "diff --from-file=.env src/app.ts",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "src/app.ts" }],
      ],
    ],
    [
      "diff --from-file .env a",
      [
        ["file.read", { resource: ".env" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "diff --to-file=b a",
      [
        ["file.read", { resource: "b" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "wc --files0-from=list",
      [
        ["file.read", { resource: "list" }],
        ["shell.exec", {}],
      ],
    ],
    [
      "wc --files0-from list",
      [
        ["file.read", { resource: "list" }],
        ["shell.exec", {}],
      ],
    ],
    [
      "sort --files0-from=.env",
      [
        ["file.read", { resource: ".env" }],
        ["shell.exec", {}],
      ],
    ],
    [
      "du --files0-from=l",
      [
        ["file.read", { resource: "l" }],
        ["shell.exec", {}],
      ],
    ],
    ["chown --reference=r CODEOWNERS", [["file.write", { resource: "CODEOWNERS" }]]],
    ["chgrp --reference r f", [["file.write", { resource: "f" }]]],
    [
      "awk '{print ENVIRON[\"K\"]}' a",
      [
        ["env.dump", {}],
        ["file.read", { resource: "a" }],
      ],
      'awk {print ENVIRON["K"]} a',
    ],
    [
      "awk 'BEGIN{print ENVIRON[\"K\"]}'",
      [
        ["env.dump", {}],
        ["shell.exec", {}],
      ],
      'awk BEGIN{print ENVIRON["K"]}',
    ],
    [
      "jq env a.json",
      [
        ["env.dump", {}],
        ["file.read", { resource: "a.json" }],
      ],
    ],
    [
      "jq -n '$ENV.K'",
      [
        ["env.dump", {}],
        ["shell.exec", {}],
      ],
      "jq -n $ENV.K",
    ],
    [
      "jq -r '.a | env' a.json",
      [
        ["env.dump", {}],
        ["file.read", { resource: "a.json" }],
      ],
      "jq -r .a | env a.json",
    ],
    ["jq '.env' a.json", [["file.read", { resource: "a.json" }]], "jq .env a.json"],
    ["jq 'has(\"env\")' a.json", [["file.read", { resource: "a.json" }]], 'jq has("env") a.json'],
    ["jq '$env' a.json", [["file.read", { resource: "a.json" }]], "jq $env a.json"],
    ["jq '.environment' a.json", [["file.read", { resource: "a.json" }]], "jq .environment a.json"],
    [
      "yq 'strenv(K)' a.yml",
      [
        ["env.dump", {}],
        ["file.read", { resource: "a.yml" }],
      ],
      "yq strenv(K) a.yml",
    ],
    [
      "yq e 'env(K)' a.yml",
      [
        ["env.dump", {}],
        ["file.read", { resource: "env(K)" }],
        ["file.read", { resource: "a.yml" }],
      ],
      "yq e env(K) a.yml",
    ],
    [
      "yq eval-all 'env(K)' a.yml",
      [
        ["env.dump", {}],
        ["file.read", { resource: "env(K)" }],
        ["file.read", { resource: "a.yml" }],
      ],
      "yq eval-all env(K) a.yml",
    ],
    ["yq x 'env(K)'", [["file.read", { resource: "env(K)" }]], "yq x env(K)"],
  ] as [string, Act[], string?][])("%s", (line, acts, command = line) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
    );
  });

  it.each([
    ['awk "$P" a', "awk $P a", [["file.read", { resource: "a" }]], "awk program is an expansion"],
    ['jq "$F" a.json', "jq $F a.json", [["file.read", { resource: "a.json" }]], "jq program is an expansion"],
    [
      'yq e "$F" a.yml',
      "yq e $F a.yml",
      [
        ["file.read", { resource: "$F", unsure: "the file name is an expansion" }],
        ["file.read", { resource: "a.yml" }],
      ],
      "yq program is an expansion",
    ],
  ] as [string, string, Act[], string][])("%s: unanalysable", (line, command, acts, why) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
      why,
    );
  });
});

// Survivors of the 2026-12-05 run (`shell-programs-files`, 848 mutants, 91.7 %): each case changes
// the reading under one surviving mutant (applied by hand; QUALITY.md names them by line)
describe("survivors of the 2026-12-05 run", () => {
  it.each([
    // a long option of a utility without long options (`spec.long?.includes`)
    ["rm --force a", [["file.delete", { resource: "a" }]]],
    ["tee --append f", [["file.write", { resource: "f" }]]],
    // no program operand at all (`program?.dynamic`, `ops[0]?.text`)
    ["awk", []],
    ["awk -F ,", []],
    ["yq", []],
    // yq's `eval` forms, and only yq's
    ["jq e env", [["file.read", { resource: "env" }]]],
    ["yq xe 'env(K)'", [["file.read", { resource: "env(K)" }]], "yq xe env(K)"],
    ["yq ex 'env(K)'", [["file.read", { resource: "env(K)" }]], "yq ex env(K)"],
    [
      "yq e .a env",
      [
        ["file.read", { resource: ".a" }],
        ["file.read", { resource: "env" }],
      ],
    ],
    // sed -e: the first operand is a file, not a script (`r.txt` would read as the r command)
    ["sed -e p r.txt", [["file.read", { resource: "r.txt" }]]],
    // uniq IN -: standard output, not a file named -
    ["uniq a -", [["file.read", { resource: "a" }]]],
    [
      "uniq a ''",
      [
        ["file.write", { resource: "." }],
        ["file.read", { resource: "a" }],
      ],
      "uniq a ",
    ],
    // --reference drops the mode operand of chmod/chown/chgrp only
    ["grep --reference=x pat a", [["file.read", { resource: "a" }]]],
    // in place: --in-place=SUFFIX, awk -i inplace (not only gawk)
    [
      "sed --in-place=.bak p a",
      [
        ["file.write", { resource: "a" }],
        ["file.read", { resource: "a" }],
      ],
    ],
    [
      "awk -i inplace '{print}' a",
      [
        ["file.write", { resource: "a" }],
        ["file.read", { resource: "a" }],
      ],
      "awk -i inplace {print} a",
    ],
    // the working directory is read only by a recursive grep (or rg, ag, ack) without operands
    ["sort -r", [["shell.exec", {}]]],
    ["grep -i pat", [["shell.exec", {}]]],
    ["grep --exclude-dir=x pat", [["shell.exec", {}]]],
    // cp/mv without operands write nothing
    ["cp", []],
    ["mv", []],
    // /proc/PID/environ exactly
    ["cat x/proc/1/environ", [["file.read", { resource: "x/proc/1/environ" }]]],
    ["cat /proc/1/environx", [["file.read", { resource: "/proc/1/environx" }]]],
    ["cat /proc///environ", [["file.read", { resource: "/proc/environ" }]]],
    // an expanded name is unsure, even when it looks like a plain glob
    ['cat "$D"/a.ts', [["file.read", { resource: "$D/a.ts", unsure: "the file name is an expansion" }]], "cat $D/a.ts"],
    ["cat $D/*.ts", [["file.read", { resource: "$D/*.ts", unsure: "the file name is an expansion" }]]],
    // the secret extensions are whole extensions
    ["cat src/*.keys", [["file.read", { resource: "src/*.keys" }]]],
    ["cat src/*.monkey", [["file.read", { resource: "src/*.monkey" }]]],
    // sed's -e forms are options: not an operand containing `-e`
    [
      "sed p x-e w.txt",
      [
        ["file.read", { resource: "x-e" }],
        ["file.read", { resource: "w.txt" }],
      ],
    ],
    ["sed -ep w.txt", [["file.read", { resource: "w.txt" }]]],
    ["sed p x-ew", [["file.read", { resource: "x-ew" }]]],
    // jq: after `--` every word is an operand
    [
      "jq . -- --arg k v",
      [
        ["file.read", { resource: "--arg" }],
        ["file.read", { resource: "k" }],
        ["file.read", { resource: "v" }],
      ],
    ],
    ["jq . -- a.json", [["file.read", { resource: "a.json" }]]],
    // confirming run (11:44 UTC): `-` is an operand (the pattern, uniq's input), jq's options are jq's only
    ["grep - a", [["file.read", { resource: "a" }]]],
    ["uniq - out", [["file.write", { resource: "out" }]]],
    [
      "cat --arg k v",
      [
        ["file.read", { resource: "k" }],
        ["file.read", { resource: "v" }],
      ],
    ],
  ] as [string, Act[], string?][])("%s", (line, acts, command = line) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
    );
  });

  it.each([
    [
      "awk -f p.awk ENVIRON",
      "awk -f p.awk ENVIRON",
      [
        ["file.read", { resource: "p.awk" }],
        ["file.read", { resource: "ENVIRON" }],
      ],
      "awk reads its program from a file",
    ],
    ["sed -ne 'w x' a", "sed -ne w x a", [["file.read", { resource: "a" }]], "sed script runs commands or reads or writes files"],
    ["sed --expression 'w x' a", "sed --expression w x a", [["file.read", { resource: "a" }]], "sed script runs commands or reads or writes files"],
    ['sed "-ew x" a', "sed -ew x a", [["file.read", { resource: "a" }]], "sed script runs commands or reads or writes files"],
    ['sed "-new x" a', "sed -new x a", [["file.read", { resource: "a" }]], "sed script runs commands or reads or writes files"],
    ['sed -e "$S" -e p a', "sed -e $S -e p a", [["file.read", { resource: "a" }]], "sed script is an expansion"],
  ] as [string, string, Act[], string][])("%s: unanalysable", (line, command, acts, why) => {
    expectReading(
      line,
      [command],
      acts.map(([type, extra]) => ({ command, type, ...extra })),
      why,
    );
  });

  it.each([
    ["//p", false], // the empty regex (the last one used)
    ["\\\nx\np", true], // a newline cannot delimit a regex address
    ["p\n# c", false], // a comment, text or label after a newline or `;`
    ["p\nb", false],
    ["p;b", false],
    ["b end", false], // a label to the line's end
    ["y/a/b/d", false], // y takes no flags (sed rejects this script: nothing runs)
  ])("%j → %s", (script, acts) => expect(sedActs(script as string)).toBe(acts));
});
