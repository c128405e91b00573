export { default } from "@/lib/registry/bench";
