// OTLP AnyValue / KeyValue lists (protobufjs toObject shape) → plain JS values. Pure.

export type Attrs = { key?: string; value?: unknown }[] | undefined;
export type AttrValue = string | number | boolean | null | unknown[] | Record<string, unknown>;
export type AttrMap = Map<string, AttrValue>;

/** One AnyValue; 64-bit integers arrive as decimal strings and become numbers (ms precision is plenty). */
export function anyValue(v: unknown, depth = 0): AttrValue {
  if (!v || typeof v !== "object" || depth > 32) return null;
  const o = v as Record<string, unknown>;
  if (o.stringValue !== undefined) return String(o.stringValue);
  if (o.boolValue !== undefined) return Boolean(o.boolValue);
  if (o.intValue !== undefined) return Number(o.intValue);
  if (o.doubleValue !== undefined) return Number(o.doubleValue);
  if (o.arrayValue !== undefined) {
    const values = (o.arrayValue as { values?: unknown[] }).values ?? [];
    return values.map((x) => anyValue(x, depth + 1));
  }
  if (o.kvlistValue !== undefined) {
    const out: Record<string, unknown> = {};
    for (const kv of ((o.kvlistValue as { values?: Attrs }).values ?? []) as { key?: string; value?: unknown }[])
      if (kv.key) out[kv.key] = anyValue(kv.value, depth + 1);
    return out;
  }
  if (o.bytesValue !== undefined) return String(o.bytesValue);
  return null;
}

export function attrMap(attrs: Attrs): AttrMap {
  const m: AttrMap = new Map();
  for (const kv of attrs ?? []) if (kv?.key) m.set(kv.key, anyValue(kv.value));
  return m;
}
