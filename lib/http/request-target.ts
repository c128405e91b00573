// The request line, checked once before any router sees it. Node's parser accepts any bytes in
// the path; the route matcher (decodeURIComponent) threw on malformed percent-encoding and left
// the socket unanswered, and a decoded NUL reached PostgreSQL (which refuses it) as a 500.

/** Why a path cannot be routed, or undefined when it can. Linear in the path's length. */
export function pathProblem(rawUrl: string): string | undefined {
  const q = rawUrl.indexOf("?");
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (!path.includes("%")) return controlIn(path) ? "The path contains control characters." : undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return "The path is not valid percent-encoded UTF-8.";
  }
  return controlIn(decoded) ? "The path contains control characters." : undefined;
}

/** C0 controls and DEL: never part of a name, and NUL is refused by PostgreSQL. */
export function controlIn(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** A route parameter as the handlers get it: decoded, or undefined if it cannot be one. */
export function decodeParam(raw: string): string | undefined {
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return controlIn(v) ? undefined : v;
}

/** Host of an Origin header value, lower-case; undefined when it is not an origin. */
export function originHost(origin: string): string | undefined {
  if (origin === "null") return "null";
  try {
    const u = new URL(origin);
    return u.protocol === "http:" || u.protocol === "https:" ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
