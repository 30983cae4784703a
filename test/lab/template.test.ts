import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandPlaceholders, TemplateError } from '../../src/lab/template.js';

const addresses = {
  ipv4: (name: string) =>
    ({ a: '10.0.0.2', b: '10.0.0.3' })[name] ??
    (() => {
      throw new Error(`unknown "${name}"`);
    })(),
  ipv6: (name: string) => `fd00::${name}`,
};

describe('docstring placeholders', () => {
  test('{{ip "x"}} and {{ip6 "x"}} are replaced', () =>
    assert.equal(
      expandPlaceholders('neighbor {{ip "a"}} as 1; {{ ip6 "b" }}', addresses),
      'neighbor 10.0.0.2 as 1; fd00::b',
    ));
  test('an unknown placeholder names itself and its line', () =>
    assert.throws(
      () => expandPlaceholders('x\n{{address "a"}}', addresses),
      (e: unknown) =>
        e instanceof TemplateError && /line 2: unknown placeholder \{\{address "a"\}\}/.test(e.message),
    ));
  test('a lookup failure is reported with the line', () =>
    assert.throws(
      () => expandPlaceholders('{{ip "zz"}}', addresses),
      /line 1: \{\{ip "zz"\}\}: unknown "zz"/,
    ));
});
