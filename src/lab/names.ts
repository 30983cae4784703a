/**
 * Node names in steps may hold one brace range, expanded like a shell's: `client-{1..3}` is
 * `client-1`, `client-2`, `client-3`; `{a,b}` lists alternatives. Zero-padded bounds keep their width
 * (`n{01..10}`), and a descending range counts down.
 */
export function expandNames(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  const close = pattern.indexOf('}', open);
  if (close === -1) throw new Error(`unclosed brace range in name "${pattern}"`);
  if (pattern.indexOf('{', close) !== -1) {
    throw new Error(`a name may hold only one brace range: "${pattern}"`);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const body = pattern.slice(open + 1, close);
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    const width =
      /^-?0\d/.test(range[1]!) || /^-?0\d/.test(range[2]!) ? Math.max(range[1]!.length, range[2]!.length) : 0;
    if (Math.abs(to - from) > 100_000) throw new Error(`brace range too large in name "${pattern}"`);
    const step = from <= to ? 1 : -1;
    const out: string[] = [];
    for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
      out.push(`${head}${String(i).padStart(width, '0')}${tail}`);
    }
    return out;
  }
  if (body.includes(',')) return body.split(',').map((item) => `${head}${item}${tail}`);
  throw new Error(`not a brace range in name "${pattern}": expected {1..N} or {a,b}`);
}
