// Regenerates lib/telemetry/otlp-descriptor.json from the OpenTelemetry project's .proto files
// vendored in lib/telemetry/proto (opentelemetry-proto v1.11.0, Apache-2.0). protobufjs parses
// them; the receiver loads the JSON descriptor (no file reads at request time, bundler-safe).
import protobuf from "protobufjs";
import { writeFileSync } from "node:fs";
import path from "node:path";

const base = path.resolve("lib/telemetry/proto");
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => path.join(base, target);
root.loadSync(
  ["metrics", "logs", "trace"].map((s) => `opentelemetry/proto/collector/${s}/v1/${s}_service.proto`),
  { keepCase: false },
);
root.resolveAll();
writeFileSync("lib/telemetry/otlp-descriptor.json", JSON.stringify(root.toJSON({ keepComments: false })) + "\n");
console.log("wrote lib/telemetry/otlp-descriptor.json");
