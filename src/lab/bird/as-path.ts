/**
 * AS_PATH as BIRD formats it (`nest/a-path.c`, `as_path_format`): AS_SEQUENCE members bare, AS_SET in
 * `{…}`, AS_CONFED_SEQUENCE in `(…)`, AS_CONFED_SET in `({…})`, segments separated by spaces. Adjacent
 * sequence segments print alike, so they come back merged. A path too long for BIRD's buffer ends in
 * `...`; that is reported as `truncated`.
 */
export type AsPathSegmentType = 'sequence' | 'set' | 'confed-sequence' | 'confed-set';

export interface AsPathSegment {
  readonly type: AsPathSegmentType;
  readonly asns: readonly number[];
}

export interface BirdAsPath {
  readonly segments: readonly AsPathSegment[];
  readonly truncated: boolean;
}

const BRACKETED: ReadonlyArray<readonly [open: string, close: string, type: AsPathSegmentType]> = [
  ['({', '})', 'confed-set'],
  ['{', '}', 'set'],
  ['(', ')', 'confed-sequence'],
];

export function parseAsPath(text: string): BirdAsPath {
  let rest = text.trim();
  let truncated = false;
  if (rest.endsWith('...')) {
    truncated = true;
    rest = rest.slice(0, -3).trim();
  }
  const segments: AsPathSegment[] = [];
  let sequence: number[] = [];
  const flushSequence = (): void => {
    if (sequence.length > 0) segments.push({ type: 'sequence', asns: sequence });
    sequence = [];
  };
  while (rest !== '') {
    const bracket = BRACKETED.find(([open]) => rest.startsWith(open));
    if (bracket) {
      const [open, close, type] = bracket;
      const end = rest.indexOf(close, open.length);
      if (end < 0) {
        if (truncated) break;
        throw new Error(`unterminated ${type} in AS path ${JSON.stringify(text)}`);
      }
      flushSequence();
      segments.push({ type, asns: parseAsns(rest.slice(open.length, end), text) });
      rest = rest.slice(end + close.length).trimStart();
      continue;
    }
    const token = /^\S+/.exec(rest)?.[0] ?? '';
    sequence.push(...parseAsns(token, text));
    rest = rest.slice(token.length).trimStart();
  }
  flushSequence();
  return { segments, truncated };
}

function parseAsns(list: string, whole: string): number[] {
  const tokens = list.trim() === '' ? [] : list.trim().split(/\s+/);
  return tokens.map((token) => {
    if (!/^\d+$/.test(token))
      throw new Error(`bad AS number ${JSON.stringify(token)} in AS path ${JSON.stringify(whole)}`);
    return Number(token);
  });
}

/** All AS numbers of the path in printed order, e.g. to compare with an expected `65001 65002`. */
export function asPathAsns(path: BirdAsPath): number[] {
  return path.segments.flatMap((segment) => segment.asns);
}
