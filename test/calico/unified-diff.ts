/**
 * A small line-based unified diff (longest common subsequence), enough to show which lines of a
 * rendered BIRD file differ from the golden one.
 */
export function unifiedDiff(
  expected: string,
  actual: string,
  fromName: string,
  toName: string,
  context = 3,
): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; line: string; aIndex: number; bIndex: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j])
      ops.push({ kind: ' ', line: a[i++]!, aIndex: i, bIndex: ++j });
    else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', line: b[j++]!, aIndex: i, bIndex: j });
    } else ops.push({ kind: '-', line: a[i++]!, aIndex: i, bIndex: j });
  }
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  let index = 0;
  while (index < ops.length) {
    if (ops[index]!.kind === ' ') {
      index++;
      continue;
    }
    const start = Math.max(0, index - context);
    let end = index;
    while (end < ops.length) {
      const nextChange = ops.slice(end, end + 2 * context + 1).findIndex((op) => op.kind !== ' ');
      if (nextChange < 0) break;
      end += nextChange + 1;
    }
    end = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, end);
    const aStart = hunk[0]!.kind === '+' ? hunk[0]!.aIndex : hunk[0]!.aIndex;
    out.push(`@@ -${aStart} +${hunk[0]!.bIndex} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    index = end;
  }
  return out.join('\n');
}
