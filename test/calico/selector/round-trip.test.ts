import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSelector } from '../../../src/calico/selector/index.js';

/**
 * A generated selector: the text as a user might write it (random spacing, quote style, operator
 * spellings, redundant parentheses) and an independent oracle saying what it must match.
 */
interface Generated {
  text: string;
  /** What the expression means, written from the Calico docs, not from the code under test. */
  matches: (labels: Record<string, string>) => boolean;
  /** Binding strength of the outermost construct: 3 match/primary, 2 and, 1 or. */
  strength: 1 | 2 | 3;
}

const LABELS = ['a', 'b', 'has', 'kubernetes.io/hostname', 'route-reflector'];
const VALUES = ['', 'x', 'y', 'true', 'prod-1', "it's", 'say "hi"'];

const label = fc.constantFrom(...LABELS);
const value = fc.constantFrom(...VALUES);
const ws = fc.constantFrom('', ' ', '  ', '\t');
const ws1 = fc.constantFrom(' ', '  ', '\t');

function quoted(v: string, preferSingle: boolean): string {
  if (v.includes('"')) return `'${v}'`;
  if (v.includes("'")) return `"${v}"`;
  return preferSingle ? `'${v}'` : `"${v}"`;
}

const present = (labels: Record<string, string>, k: string): boolean => Object.hasOwn(labels, k);

const leaf: fc.Arbitrary<Generated> = fc.oneof(
  fc.tuple(label, ws, ws).map(([k, s1, s2]) => ({
    text: `has(${s1}${k}${s2})`,
    matches: (l: Record<string, string>) => present(l, k),
    strength: 3 as const,
  })),
  fc
    .constantFrom('all()', 'all( )', 'global()')
    .map((text) => ({ text, matches: () => true, strength: 3 as const })),
  fc
    .tuple(label, fc.constantFrom('==', '!='), value, fc.boolean(), ws, ws)
    .map(([k, op, v, single, s1, s2]) => ({
      text: `${k}${s1}${op}${s2}${quoted(v, single)}`,
      matches: (l: Record<string, string>) =>
        op === '==' ? present(l, k) && l[k] === v : !present(l, k) || l[k] !== v,
      strength: 3 as const,
    })),
  fc
    .tuple(
      label,
      fc.constantFrom('contains', 'starts with', 'startswith', 'starts  with', 'ends with', 'endswith'),
      value,
      fc.boolean(),
      ws1,
      ws,
    )
    .map(([k, op, v, single, s1, s2]) => ({
      text: `${k}${s1}${op}${s2}${quoted(v, single)}`,
      matches: (l: Record<string, string>) => {
        if (!present(l, k)) return false;
        const actual = l[k] ?? '';
        if (op === 'contains') return actual.includes(v);
        return op.startsWith('starts') ? actual.startsWith(v) : actual.endsWith(v);
      },
      strength: 3 as const,
    })),
  fc
    .tuple(
      label,
      fc.constantFrom('in', 'not in', 'notin'),
      fc.array(value, { maxLength: 4 }),
      fc.boolean(),
      ws1,
      ws,
    )
    .map(([k, op, vs, trailingComma, s1, s2]) => ({
      text: `${k}${s1}${op}${s2}{${vs.map((v) => quoted(v, trailingComma)).join(',' + s2)}${trailingComma && vs.length > 0 ? ',' : ''}}`,
      matches: (l: Record<string, string>) =>
        op === 'in' ? present(l, k) && vs.includes(l[k] ?? '') : !present(l, k) || !vs.includes(l[k] ?? ''),
      strength: 3 as const,
    })),
);

function parenthesise(g: Generated, needed: boolean, s: string): string {
  return needed ? `(${s}${g.text}${s})` : g.text;
}

const { selector } = fc.letrec<{ selector: Generated }>((tie) => ({
  selector: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('selector'), fc.integer({ min: 1, max: 3 }), ws).map(([g, bangs, s]) => ({
      text: `${'!'.repeat(bangs)}${s}${parenthesise(g, g.strength < 3, s)}`,
      matches: (l: Record<string, string>) => (bangs % 2 === 1 ? !g.matches(l) : g.matches(l)),
      strength: 3 as const,
    })),
    fc
      .tuple(tie('selector'), tie('selector'), ws, fc.constantFrom('&&', '||'))
      .map(([left, right, s, op]) => {
        const strength = op === '&&' ? 2 : 1;
        return {
          text: `${parenthesise(left, left.strength < strength, s)}${s}${op}${s}${parenthesise(right, right.strength < strength, s)}`,
          matches: (l: Record<string, string>) =>
            op === '&&' ? left.matches(l) && right.matches(l) : left.matches(l) || right.matches(l),
          strength: strength as 1 | 2,
        };
      }),
    tie('selector').map((g) => ({ text: `(${g.text})`, matches: g.matches, strength: 3 as const })),
  ),
}));

const labelSet = fc.dictionary(label, value, { maxKeys: LABELS.length });

describe('selector round trip (libcalico-go: canonical String() re-parses to an equivalent selector)', () => {
  test('parse(toString(s)) is equivalent to s, and both agree with the documented semantics', () => {
    fc.assert(
      fc.property(selector, fc.array(labelSet, { minLength: 1, maxLength: 8 }), (generated, labelSets) => {
        const parsed = parseSelector(generated.text);
        const reparsed = parseSelector(parsed.toString());
        // Like Calico's String(), `!(!x)` prints as `!!x`, which re-parses to `x`; from the second
        // round on the canonical text is stable.
        assert.equal(
          parseSelector(reparsed.toString()).toString(),
          reparsed.toString(),
          'canonical form settles',
        );
        for (const labels of labelSets) {
          const expected = generated.matches(labels);
          assert.equal(parsed.evaluate(labels), expected, `${generated.text} on ${JSON.stringify(labels)}`);
          assert.equal(
            reparsed.evaluate(labels),
            expected,
            `${parsed.toString()} on ${JSON.stringify(labels)}`,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
