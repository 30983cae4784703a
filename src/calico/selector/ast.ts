/**
 * The selector syntax tree, its meaning and its canonical text, following libcalico-go
 * `selector/parser/ast.go`.
 *
 * Meaning (Calico docs, "Selectors"): `==`, `in`, `contains`, `starts with`, `ends with` and
 * `has()` need the label to be present; `!=` and `not in` also match when the label is absent;
 * `all()` and `global()` match everything (`global()` exists for namespaceSelector on cluster-scoped
 * resources; on a BGPPeer it selects every node, like `all()`).
 *
 * Canonical text: `&&` and `||` groups are always parenthesised, `!` is written without a space,
 * binary operators get single spaces, values use double quotes unless they contain one, and set
 * members are de-duplicated and sorted by byte order.
 */

export type Labels = Readonly<Record<string, string>>;

export type ValueOperator = '==' | '!=' | 'contains' | 'starts with' | 'ends with';
export type SetOperator = 'in' | 'not in';

export type SelectorNode =
  | { type: 'all' }
  | { type: 'global' }
  | { type: 'has'; label: string }
  | { type: 'value'; label: string; operator: ValueOperator; value: string }
  | { type: 'set'; label: string; operator: SetOperator; values: readonly string[] }
  | { type: 'not'; operand: SelectorNode }
  | { type: 'and'; operands: readonly SelectorNode[] }
  | { type: 'or'; operands: readonly SelectorNode[] };

function labelOf(labels: Labels, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}

export function evaluateNode(node: SelectorNode, labels: Labels): boolean {
  switch (node.type) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return labelOf(labels, node.label) !== undefined;
    case 'value': {
      const actual = labelOf(labels, node.label);
      // `!=` is the only value operator that matches an absent label.
      if (actual === undefined) return node.operator === '!=';
      switch (node.operator) {
        case '==':
          return actual === node.value;
        case '!=':
          return actual !== node.value;
        case 'contains':
          return actual.includes(node.value);
        case 'starts with':
          return actual.startsWith(node.value);
        case 'ends with':
          return actual.endsWith(node.value);
      }
      return false;
    }
    case 'set': {
      const actual = labelOf(labels, node.label);
      // `not in` matches an absent label, `in` does not.
      if (actual === undefined) return node.operator === 'not in';
      return node.values.includes(actual) === (node.operator === 'in');
    }
    case 'not':
      return !evaluateNode(node.operand, labels);
    case 'and':
      return node.operands.every((operand) => evaluateNode(operand, labels));
    case 'or':
      return node.operands.some((operand) => evaluateNode(operand, labels));
  }
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

export function formatNode(node: SelectorNode): string {
  switch (node.type) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${node.label})`;
    case 'value':
      return `${node.label} ${node.operator} ${quote(node.value)}`;
    case 'set':
      return `${node.label} ${node.operator} {${node.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${formatNode(node.operand)}`;
    case 'and':
      return `(${node.operands.map(formatNode).join(' && ')})`;
    case 'or':
      return `(${node.operands.map(formatNode).join(' || ')})`;
  }
}

/** Go compares strings bytewise; for UTF-8 that is code point order, which UTF-16 sorting is not. */
export function compareByteOrder(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** Set literals are stored de-duplicated and sorted, as Calico's StringSet. */
export function toStringSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareByteOrder);
}
