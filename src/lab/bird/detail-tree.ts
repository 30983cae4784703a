/**
 * The indented detail lines of `show protocols all` as a tree. BIRD nests by indentation (BGP state →
 * neighbour lines, `Local capabilities` → capabilities → their parameters, `Channel ipv4` → channel
 * lines), so the tree is built from indentation alone and readers pick the nodes they know, while
 * anything unforeseen stays available.
 */
export interface BirdDetailNode {
  /** Text before the first colon, or the whole line when it has none (`Neighbor graceful restart active`). */
  readonly key: string;
  /** Text after the colon, trimmed; `''` for `AF preserved:`; undefined for lines without a colon. */
  readonly value: string | undefined;
  readonly children: readonly BirdDetailNode[];
}

interface MutableNode {
  key: string;
  value: string | undefined;
  children: MutableNode[];
}

export function buildDetailTree(lines: readonly string[]): BirdDetailNode[] {
  const roots: MutableNode[] = [];
  const stack: Array<{ indent: number; node: MutableNode }> = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    const colon = text.indexOf(':');
    const node: MutableNode =
      colon < 0
        ? { key: text, value: undefined, children: [] }
        : { key: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim(), children: [] };
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.node.children : roots).push(node);
    stack.push({ indent, node });
  }
  return roots;
}

export function findDetail(nodes: readonly BirdDetailNode[], key: string): BirdDetailNode | undefined {
  return nodes.find((node) => node.key === key);
}

export function detailValue(nodes: readonly BirdDetailNode[], key: string): string | undefined {
  return findDetail(nodes, key)?.value;
}
