/**
 * The lexer of Calico's label selector language (libcalico-go `selector/tokenizer`).
 *
 * Calico's quirks are kept because users see their effects: keyword operators (`contains`,
 * `starts with`, `ends with`, `in`, `not in`) are only recognised straight after a label and need a
 * word boundary after them (so `startswith` and `notin` are accepted); `has(`, `all(` and `global(`
 * need the parenthesis immediately, otherwise `has` is an ordinary label; only spaces and tabs are
 * whitespace; strings have no escapes.
 */
import { SelectorParseError } from './selector-parse-error.js';

export type TokenKind =
  | 'TokLabel'
  | 'TokStringLiteral'
  | 'TokLBrace'
  | 'TokRBrace'
  | 'TokComma'
  | 'TokEq'
  | 'TokNe'
  | 'TokIn'
  | 'TokNot'
  | 'TokNotIn'
  | 'TokContains'
  | 'TokStartsWith'
  | 'TokEndsWith'
  | 'TokAll'
  | 'TokHas'
  | 'TokLParen'
  | 'TokRParen'
  | 'TokAnd'
  | 'TokOr'
  | 'TokGlobal'
  | 'TokEOF';

export interface Token {
  kind: TokenKind;
  value: string;
}

/** Calico's longest accepted label name. */
export const MAX_LABEL_LENGTH = 512;

/** How Calico prints a token inside error messages: `Kind(value)`, e.g. `TokRParen()`. */
export function formatToken(token: Token): string {
  return `${token.kind}(${token.value})`;
}

const SINGLE_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  '(': 'TokLParen',
  ')': 'TokRParen',
  '{': 'TokLBrace',
  '}': 'TokRBrace',
  ',': 'TokComma',
};

const DOUBLED_OPERATORS: Readonly<Record<string, TokenKind>> = { '=': 'TokEq', '&': 'TokAnd', '|': 'TokOr' };

/** Operators that may follow a label, tried in Calico's order (`not in` before `in`). */
const LABEL_OPERATORS: readonly (readonly [TokenKind, readonly string[]])[] = [
  ['TokContains', ['contains']],
  ['TokStartsWith', ['starts', 'with']],
  ['TokEndsWith', ['ends', 'with']],
  ['TokNotIn', ['not', 'in']],
  ['TokIn', ['in']],
];

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let input = expression;
  const fail = (message: string): never => {
    throw new SelectorParseError(message, expression);
  };
  for (;;) {
    input = trimWhitespace(input);
    if (input.length === 0) {
      tokens.push({ kind: 'TokEOF', value: '' });
      return tokens;
    }
    const first = input[0] ?? '';
    const lastKind = tokens[tokens.length - 1]?.kind;
    const single = SINGLE_CHAR_TOKENS[first];
    const doubled = DOUBLED_OPERATORS[first];
    if (single) {
      tokens.push({ kind: single, value: '' });
      input = input.slice(1);
    } else if (first === '"' || first === "'") {
      const end = input.indexOf(first, 1);
      if (end < 0) fail('unterminated string');
      tokens.push({ kind: 'TokStringLiteral', value: input.slice(1, end) });
      input = input.slice(end + 1);
    } else if (doubled) {
      if (input[1] !== first) fail(`expected ${first}${first}`);
      tokens.push({ kind: doubled, value: '' });
      input = input.slice(2);
    } else if (first === '!') {
      const notEqual = input[1] === '=';
      tokens.push({ kind: notEqual ? 'TokNe' : 'TokNot', value: '' });
      input = input.slice(notEqual ? 2 : 1);
    } else if (lastKind === 'TokLabel') {
      const operator = LABEL_OPERATORS.map(([kind, words]) => [kind, cutWords(input, words)] as const).find(
        ([, rest]) => rest !== undefined,
      );
      if (!operator || operator[1] === undefined) {
        return fail(`expected operator after label ${goQuote(tokens[tokens.length - 1]?.value ?? '')}`);
      }
      tokens.push({ kind: operator[0], value: '' });
      input = operator[1];
    } else if (input.startsWith('has(')) {
      const [label, rest] = cutIdentifier(trimWhitespace(input.slice(4)), fail);
      input = trimWhitespace(rest);
      if (!input.startsWith(')')) fail("no closing ')' after has(");
      tokens.push({ kind: 'TokHas', value: label });
      input = input.slice(1);
    } else if (input.startsWith('all(') || input.startsWith('global(')) {
      const isAll = input.startsWith('all(');
      input = trimWhitespace(input.slice(isAll ? 4 : 7));
      if (!input.startsWith(')')) fail(`no closing ')' after ${isAll ? 'all(' : 'global('}`);
      tokens.push({ kind: isAll ? 'TokAll' : 'TokGlobal', value: '' });
      input = input.slice(1);
    } else {
      const [label, rest] = cutIdentifier(input, fail);
      tokens.push({ kind: 'TokLabel', value: label });
      input = rest;
    }
  }
}

/** Only space and tab separate tokens; a newline is an error, as in Calico. */
function trimWhitespace(input: string): string {
  let i = 0;
  while (input[i] === ' ' || input[i] === '\t') i++;
  return input.slice(i);
}

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /^[a-zA-Z0-9_./-]$/.test(c);
}

function cutIdentifier(input: string, fail: (message: string) => never): [string, string] {
  let end = 0;
  while (isIdentifierChar(input[end])) end++;
  const ident = input.slice(0, end);
  if (ident.length > MAX_LABEL_LENGTH) fail(`label too long: ${ident}`);
  if (ident.length === 0) fail('expected identifier');
  return [ident, input.slice(end)];
}

/**
 * Matches a keyword operator and requires a word boundary after it; returns the rest of the input, or
 * undefined. Like Calico, a two-word operator skips whitespace after each word (so `notin` and
 * `not in` both match) before the boundary test, while a one-word operator tests the character right
 * after the word.
 */
function cutWords(input: string, words: readonly string[]): string | undefined {
  let rest = input;
  for (const word of words) {
    if (!rest.startsWith(word)) return undefined;
    rest = rest.slice(word.length);
    if (words.length > 1) rest = trimWhitespace(rest);
  }
  return isIdentifierChar(rest[0]) ? undefined : rest;
}

/** Go's %q for the label names that can appear here (identifier characters only, no escaping). */
function goQuote(text: string): string {
  return `"${text}"`;
}
