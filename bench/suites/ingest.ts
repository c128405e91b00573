export { default } from "../ingest";
