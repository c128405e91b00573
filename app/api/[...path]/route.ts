import { defineApi, json, nextRoute } from "@/lib/http/api";

// Any /api path without its own route: the API.md error body, not an HTML 404 page.
const unknownRoute = nextRoute(
  defineApi(async (req) =>
    json(404, { error: { code: "not_found", message: `No API route ${req.method} ${req.url.pathname}.` } }),
  ),
);

export { unknownRoute as GET, unknownRoute as POST, unknownRoute as PUT, unknownRoute as PATCH, unknownRoute as DELETE };
