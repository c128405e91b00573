export * from "./enums";
export * from "./people";
export * from "./registry";
export * from "./policy";
export * from "./audit";
export * from "./violations";
export * from "./changes";
export * from "./telemetry";
