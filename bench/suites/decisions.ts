export { default } from "../decisions";
