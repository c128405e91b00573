// XML reports → plain objects, with saxes (a strict, streaming XML 1.0 parser: malformed input is
// refused, entities from a DOCTYPE are not expanded). The object has the shape fast-xml-parser
// gives (attributes as "@_name", text as "#text", a text-only element as its string, repeated
// elements as arrays), built without recursion, so nesting depth costs nothing. The input is fed
// in chunks and the generator yields after each one, so an async caller can let other requests
// run while a 25 MB report is read (see run.ts). Linear in the input. Pure.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ReportError } from "./types";

export type XmlObject = Record<string, unknown>;

export interface XmlOptions {
  /** is this element (under this parent) always a list, even with one item? */
  isArray: (name: string, parent: string) => boolean;
  /** text kept per element (failure bodies run to megabytes; the first lines are enough) */
  textLimit?: number;
}

/** Characters per chunk handed to the parser between yields (~5 ms of work each). */
export const XML_CHUNK = 128 * 1024;

interface Frame {
  name: string;
  obj: XmlObject;
  text: string;
  children: boolean;
}

const BLANK = /^\s*$/;

const localName = (n: string) => {
  const i = n.indexOf(":");
  return i === -1 ? n : n.slice(i + 1);
};

export function* readXml(content: string, what: string, opts: XmlOptions): Generator<void, XmlObject> {
  const limit = opts.textLimit ?? 100_000;
  const doc: XmlObject = {};
  const stack: Frame[] = [{ name: "", obj: doc, text: "", children: false }];
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    const obj: XmlObject = {};
    let attrs = false;
    const attributes = tag.attributes;
    for (const k in attributes) {
      obj[`@_${k}`] = attributes[k];
      attrs = true;
    }
    stack[stack.length - 1].children = true;
    stack.push({ name: localName(tag.name), obj, text: "", children: attrs });
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    // the indentation between elements (most text events): trimmed away in the end anyway
    if (top.text === "" && BLANK.test(t)) return;
    if (stack.length > 1 && top.text.length < limit) top.text += t.length + top.text.length > limit ? t.slice(0, limit - top.text.length) : t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const f = stack.pop()!;
    const parent = stack[stack.length - 1];
    const text = f.text.trim();
    let value: unknown;
    if (!f.children) value = text;
    else {
      if (text) f.obj["#text"] = text;
      value = f.obj;
    }
    const existing = parent.obj[f.name];
    if (opts.isArray(f.name, parent.name)) {
      if (Array.isArray(existing)) existing.push(value);
      else parent.obj[f.name] = [value];
    } else if (existing === undefined) parent.obj[f.name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent.obj[f.name] = [existing, value];
  });
  try {
    for (let at = 0; at < content.length; ) {
      let end = Math.min(content.length, at + XML_CHUNK);
      // never split a surrogate pair between two chunks
      const c = content.charCodeAt(end - 1);
      if (end < content.length && c >= 0xd800 && c <= 0xdbff) end++;
      parser.write(content.slice(at, end));
      at = end;
      yield;
    }
    parser.close();
  } catch (e) {
    throw new ReportError(`The ${what} report is not well-formed XML: ${e instanceof Error ? e.message : String(e)}.`);
  }
  return doc;
}
