import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector, SelectorParseError } from '../../../src/calico/selector/index.js';

type LabelSet = Record<string, string>;

/** Upstream parser_test.go table: selector, label sets it matches, label sets it does not. */
const SEMANTICS: readonly [string, LabelSet[], LabelSet[]][] = [
  ['a == "b"', [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  [
    'a == "b" && c == "d"',
    [{ a: 'b', c: 'd' }],
    [{}, { a: 'b', c: 'e' }, { a: 'c', c: 'd' }, { c: 'd' }, { a: 'b' }],
  ],
  [
    'a == "b" || c == "d"',
    [{ a: 'b', c: 'd' }, { a: 'b' }, { c: 'd' }],
    [{}, { a: 'e', c: 'e' }, { c: 'e' }, { a: 'e' }],
  ],
  [`a in {"'", '"', "c"}`, [{ a: 'c' }, { a: '"' }, { a: "'" }], [{}, { a: 'e' }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }, { a: "'" }]],
  ["a == 'a'", [{ a: 'a' }], [{ a: 'b' }, {}]],
  ['a != "b"', [{ a: 'a' }], []],
  ['a != "a"', [{}], [{ a: 'a' }]],
  ['a contains "a"', [{ a: 'a' }, { a: 'bab' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { b: 'aaa' }]],
  ['a starts with "a"', [{ a: 'a' }, { a: 'abb' }], [{}, { a: 'b' }, { a: 'baa' }, { b: 'aaa' }]],
  ['a ends with "a"', [{ a: 'a' }, { a: 'bba' }], [{}, { a: 'b' }, { a: 'aab' }, { b: 'aaa' }]],
  ['!a in {"a"}', [{ a: 'b' }, {}], [{ a: 'a' }]],
  ['a in {"a", "b"}', [{ a: 'a' }, { a: 'b' }], [{ a: 'c' }, {}]],
  ['a not in {"d", "e"}', [{ a: 'a' }], [{ a: 'd' }]],
  ['has(a)', [{ a: 'b' }, { a: '' }], [{ b: 'b' }]],
  ['!has(a)', [{ b: 'b' }], [{ a: 'b' }]],
  ['', [{}, { a: 'b' }], []],
  [' ', [{}], []],
  ['all()', [{}, { a: 'b' }], []],
  ['!all()', [], [{}, { a: 'b' }]],
  [' global()', [{}, { a: 'b' }], []],
  ['!!has(b)', [], [{ a: 'b' }]],
  ['!!! has(a)', [], [{ a: 'b' }]],
  ['!! ! has(a)', [], [{ a: 'b' }]],
  ["a == 'a1' && b != 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ["a != 'a1' && !b == 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ["!a == 'a1' && b == 'b1'", [{ b: 'b1' }], [{ a: 'a1', b: 'b1' }]],
  ['has(a) && !has(b)', [{ a: 'a' }], [{ a: 'a', b: '' }]],
  ['!(!has(a) || has(b))', [{ a: 'a' }], [{ b: 'b' }]],
  ["a == 'a1' || b != 'b1'", [{ a: 'a1', b: 'b1' }, {}], [{ b: 'b1' }]],
  ["! a == 'a1' || ! b == 'b1'", [{}], [{ a: 'a1', b: 'b1' }]],
  // Keywords are only operators right after a label: `has` without `(` is a label.
  ["has == 'x'", [{ has: 'x' }], [{ x: 'x' }]],
  // Calico docs precedence example.
  [
    "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}",
    [{}, { 'my-label': 'prod-1', role: 'frontend' }],
    [{ 'my-label': 'prod-1' }, { 'my-label': 'dev', role: 'frontend' }],
  ],
  ['a in {}', [], [{ a: '' }, {}]],
  ['a not in {}', [{ a: '' }, {}], []],
  ['a in {"x",}', [{ a: 'x' }], [{ a: '' }]],
];

describe('selector semantics (libcalico-go parser_test.go; Calico docs "Selectors")', () => {
  for (const [expression, matches, nonMatches] of SEMANTICS) {
    test(`${JSON.stringify(expression)} matches ${JSON.stringify(matches)} and not ${JSON.stringify(nonMatches)}`, () => {
      const selector = parseSelector(expression);
      const canonical = parseSelector(selector.toString());
      for (const labels of matches) {
        assert.equal(selector.evaluate(labels), true, JSON.stringify(labels));
        assert.equal(canonical.evaluate(labels), true, `canonical: ${JSON.stringify(labels)}`);
      }
      for (const labels of nonMatches) {
        assert.equal(selector.evaluate(labels), false, JSON.stringify(labels));
        assert.equal(canonical.evaluate(labels), false, `canonical: ${JSON.stringify(labels)}`);
      }
    });
  }

  test('a label inherited from Object.prototype is not present', () => {
    assert.equal(parseSelector('has(constructor)').evaluate({}), false);
    assert.equal(parseSelector("toString != 'x'").evaluate({}), true);
  });
});

/** Upstream canonicalisation table plus the calico-bgp reference section 2.3. */
const CANONICAL: readonly [string, string][] = [
  ['', 'all()'],
  [' all() ', 'all()'],
  [' (all() )', 'all()'],
  ['global()', 'global()'],
  ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
  ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a contains "'"`, `a contains "'"`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  ['a in {"d"}', 'a in {"d"}'],
  ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
  ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
  ["a notin {'b'}", 'a not in {"b"}'],
  ["a not   in {'b',}", 'a not in {"b"}'],
  ['a in {}', 'a in {}'],
  ["k == 'v' && x == 'y'", '(k == "v" && x == "y")'],
  ["k == 'v' || has(x)", '(k == "v" || has(x))'],
  ["!(k == 'v')", '!k == "v"'],
  ['!!!has(a)', '!has(a)'],
  ['!!has(a)', 'has(a)'],
  [
    "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
    '!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})',
  ],
  ["nodeSelector\t==\t'x'", 'nodeSelector == "x"'],
  ["kubernetes.io/hostname == 'kube-master'", 'kubernetes.io/hostname == "kube-master"'],
  ['projectcalico.org/RouteReflectorClusterID != ""', 'projectcalico.org/RouteReflectorClusterID != ""'],
  ['a in {"é", "z", "Z"}', 'a in {"Z", "z", "é"}'],
];

describe('canonical form (selector.String() in libcalico-go)', () => {
  for (const [input, expected] of CANONICAL) {
    test(`${JSON.stringify(input)} prints as ${JSON.stringify(expected)} and round-trips`, () => {
      const selector = parseSelector(input);
      assert.equal(selector.toString(), expected);
      assert.equal(String(selector), expected);
      assert.equal(parseSelector(expected).toString(), expected);
      assert.equal(selector.expression, input);
    });
  }
});

/** Every invalid example of the reference (section 2.4) and upstream's badSelectors, with Calico's text. */
const INVALID: readonly [string, string][] = [
  ['b == b', 'expected string'],
  ['b contains b', 'expected string'],
  ['b starts with b', 'expected operator after label "b"'],
  ['b ends with b', 'expected operator after label "b"'],
  ["'b1' == b", 'unexpected token: TokStringLiteral(b1)'],
  ['b', 'unexpected end of string looking for op'],
  ['a b', 'expected operator after label "a"'],
  ['!', 'unexpected token: TokEOF()'],
  ['foo == "bar" &', 'expected &&'],
  ['foo == "bar" |', 'expected ||'],
  ['foo != ||', 'expected string'],
  ['foo in {"", ||', 'expected }'],
  ['foo in ""', 'expected set literal'],
  ['"FOO', 'unterminated string'],
  [`"FOO'`, 'unterminated string'],
  ["'FOO", 'unterminated string'],
  ['(', 'unexpected token: TokEOF()'],
  ['(a == "foo"', 'expected )'],
  [')', 'unexpected token: TokRParen()'],
  ['()', 'unexpected token: TokRParen()'],
  ['%', 'expected identifier'],
  ['a == "b" && %', 'expected identifier'],
  ['a == "b" || %', 'expected identifier'],
  ['a ', 'unexpected end of string looking for op'],
  ['has(foo) &&', 'unexpected token: TokEOF()'],
  [
    "kubernetes.io/hostname: == 'casey-crc-kadm-node-4'",
    'expected operator after label "kubernetes.io/hostname"',
  ],
  ['a = "b"', 'expected =='],
  ['has(', 'expected identifier'],
  ['has(a', "no closing ')' after has("],
  ['has(a b)', "no closing ')' after has("],
  ['all(x)', "no closing ')' after all("],
  ['global(', "no closing ')' after global("],
  ['a == "b" c', 'unexpected content at end of selector [TokLabel(c) TokEOF()]'],
  ['a == "b")', 'unexpected content at end of selector [TokRParen() TokEOF()]'],
  ['a (', 'expected == or != not: TokLParen()'],
  ['a == "b"\n', 'expected identifier'],
  ['a in x', 'expected set literal'],
  ['a containsx "b"', 'expected operator after label "a"'],
  [`${'x'.repeat(513)} == "a"`, `label too long: ${'x'.repeat(513)}`],
];

describe("invalid selectors are rejected with Calico's exact parser error", () => {
  for (const [expression, message] of INVALID) {
    test(`${JSON.stringify(expression.length > 60 ? `${expression.slice(0, 20)}…` : expression)} -> ${message.slice(0, 60)}`, () => {
      assert.throws(
        () => parseSelector(expression),
        (err: unknown) =>
          err instanceof SelectorParseError && err.message === message && err.expression === expression,
      );
    });
  }

  test('a label of exactly 512 characters is accepted', () => {
    assert.equal(parseSelector(`has(${'y'.repeat(512)})`).evaluate({ ['y'.repeat(512)]: '' }), true);
  });
});

describe('double negation prints as Calico prints it', () => {
  test('!(!all()) prints "!!all()" (NotNode of NotNode), which re-parses to all()', () => {
    const selector = parseSelector('!(!all())');
    assert.equal(selector.toString(), '!!all()');
    assert.equal(parseSelector(selector.toString()).toString(), 'all()');
    assert.equal(selector.evaluate({}), true);
  });
});
