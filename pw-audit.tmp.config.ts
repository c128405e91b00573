import base from "./playwright.config";
export default { ...base, testDir: "./.audit-shots-tmp" };
