export { default } from "../stall";
