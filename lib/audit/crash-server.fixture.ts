// Child process for the crash test: serves POST /api/v1/events against DATABASE_URL and prints
// its port. The test SIGKILLs it mid-batch. (Run with tsx; not part of the app.)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase, setProcessDb } from "@/lib/db";
import { nodeHandle } from "@/lib/http/api";
import { eventsApi } from "./api";

const url = process.argv[2];
const handle = await openDatabase({ url, migrate: false, poolMax: 4 });
setProcessDb(handle);
const server = http.createServer((req, res) => {
  nodeHandle(eventsApi, req, res).catch(() => {
    res.writeHead(500);
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
