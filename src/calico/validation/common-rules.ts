/** Field checks shared by several kinds: AS numbers, selectors, ports. */
import { CalicoValueError, parseAsNumber } from '../values.js';
import { parseSelector, SelectorParseError } from '../selector/index.js';
import type { IssueCollector } from './issue-collector.js';

type FieldPath = readonly (string | number)[];

/**
 * numorstring.ASNumber decoding: a bad value fails with "invalid AS Number format". Returns the
 * number, or undefined when absent or invalid.
 */
export function checkAsNumber(
  issues: IssueCollector,
  path: FieldPath,
  field: string,
  value: unknown,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseAsNumber(value);
  } catch (err) {
    if (!(err instanceof CalicoValueError)) throw err;
    issues.field(path, field, value, err.message);
    return undefined;
  }
}

/**
 * The `selector` validation tag. Calico hides the parser's message behind the tag reason; we keep
 * that shape and add the parser's exact text as detail, since it is what the user needs to fix it.
 */
export function checkSelector(
  issues: IssueCollector,
  path: FieldPath,
  field: string,
  value: unknown,
): boolean {
  if (typeof value !== 'string' || value === '') return true;
  try {
    parseSelector(value);
    return true;
  } catch (err) {
    if (!(err instanceof SelectorParseError)) throw err;
    issues.tag(path, field, value, 'selector', `selector parser: ${err.message}`);
    return false;
  }
}

/** A TCP port as a Go uint16 field with `gt=0`: 1..65535. */
export function checkPort(issues: IssueCollector, path: FieldPath, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value > 65535 || value < 0) {
    issues.field(path, field, value, 'port must be an integer in 1..65535');
  } else if (value === 0) {
    issues.tag(path, field, value, 'gt');
  }
}

/** An enum the CRD schema enforces (the API server's wording). */
export function checkEnum(
  issues: IssueCollector,
  path: FieldPath,
  field: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    const supported = allowed.map((a) => `"${a}"`).join(', ');
    issues.field(path, field, value, `Unsupported value: "${String(value)}": supported values: ${supported}`);
  }
}
