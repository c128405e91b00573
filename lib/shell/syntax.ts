import type { Language, Tree, TreeCursor } from "web-tree-sitter";

/**
 * A parsed shell line as plain JavaScript objects, built in one TreeCursor walk. web-tree-sitter's
 * Node API crosses into WebAssembly and allocates for every property read (`namedChildren`,
 * `type`, `text`, `childForFieldName`); the analyser reads each node several times, so reading
 * the tree once is ~3× cheaper per command (BENCHMARKS.md, "Shell analyser").
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  readonly namedChildren: SyntaxNode[] = [];
  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    /** the field this node fills in its parent (`name`, `destination`, …) */
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === field) return c;
    return null;
  }
}

/** The cursor's node as a SyntaxNode (a module function, not a local arrow: see emit.ts). */
function nodeAt(cursor: TreeCursor, lang: Language, source: string): SyntaxNode {
  const id = cursor.currentFieldId;
  return new SyntaxNode(
    source,
    lang.types[cursor.nodeTypeId] ?? cursor.nodeType,
    cursor.nodeIsNamed,
    id ? (lang.fields[id] ?? null) : null,
    cursor.startIndex,
    cursor.endIndex,
  );
}

/**
 * The tree's nodes, or null when there are more than `maxNodes` (the caller fails closed).
 * Indices are in UTF-16 code units: the parser was given a JavaScript string.
 */
export function toSyntaxTree(tree: Tree, source: string, maxNodes: number): SyntaxNode | null {
  const lang = tree.language;
  const cursor = tree.walk();
  try {
    const root = nodeAt(cursor, lang, source);
    const stack: SyntaxNode[] = [root];
    let count = 1;
    // depth-first: down to the first child, else across to the next sibling, else up until one
    for (;;) {
      if (!cursor.gotoFirstChild()) {
        for (;;) {
          stack.pop();
          if (stack.length === 0) return root;
          if (cursor.gotoNextSibling()) break;
          cursor.gotoParent();
        }
      }
      const n = nodeAt(cursor, lang, source);
      if (++count > maxNodes) return null;
      const parent = stack[stack.length - 1];
      parent.children.push(n);
      if (n.isNamed) parent.namedChildren.push(n);
      stack.push(n);
    }
  } finally {
    cursor.delete();
  }
}
