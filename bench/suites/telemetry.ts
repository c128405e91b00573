export { default } from "../telemetry";
