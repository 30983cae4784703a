/**
 * Calico's label selector parser (libcalico-go `selector/parser`): recursive descent over the
 * tokens, `||` binding loosest, then `&&`, then any number of `!`, then a match or a parenthesised
 * expression. An empty or blank selector means `all()`. Error texts are Calico's, verbatim.
 */
import { evaluateNode, formatNode, toStringSet, type Labels, type SelectorNode } from './ast.js';
import { SelectorParseError } from './selector-parse-error.js';
import { formatToken, tokenize, type Token, type TokenKind } from './tokenizer.js';

export interface Selector {
  /** True when the labels match (absent labels count for `!=` and `not in`). */
  evaluate(labels: Readonly<Record<string, string>>): boolean;
  /** Calico's canonical form, as calicoctl prints it. */
  toString(): string;
  /** The expression as written. */
  readonly expression: string;
  readonly ast: SelectorNode;
}

const VALUE_OPERATORS: Partial<Record<TokenKind, 'value' | 'set'>> = {
  TokEq: 'value',
  TokNe: 'value',
  TokContains: 'value',
  TokStartsWith: 'value',
  TokEndsWith: 'value',
  TokIn: 'set',
  TokNotIn: 'set',
};

const OPERATOR_TEXT = {
  TokEq: '==',
  TokNe: '!=',
  TokContains: 'contains',
  TokStartsWith: 'starts with',
  TokEndsWith: 'ends with',
  TokIn: 'in',
  TokNotIn: 'not in',
} as const;

class TokenStream {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly expression: string,
  ) {}

  /** The token `ahead` places from here; past the end it is EOF, as the token list ends in one. */
  peek(ahead = 0): Token {
    return this.tokens[this.position + ahead] ?? { kind: 'TokEOF', value: '' };
  }

  remaining(): number {
    return this.tokens.length - this.position;
  }

  rest(): readonly Token[] {
    return this.tokens.slice(this.position);
  }

  advance(count = 1): void {
    this.position += count;
  }

  fail(message: string): never {
    throw new SelectorParseError(message, this.expression);
  }
}

export function parseSelector(expression: string): Selector {
  const stream = new TokenStream(tokenize(expression), expression);
  let ast: SelectorNode;
  if (stream.peek().kind === 'TokEOF') {
    ast = { type: 'all' };
  } else {
    ast = parseOr(stream);
    if (stream.remaining() !== 1) {
      stream.fail(`unexpected content at end of selector [${stream.rest().map(formatToken).join(' ')}]`);
    }
  }
  const canonical = formatNode(ast);
  return {
    expression,
    ast,
    evaluate: (labels: Labels) => evaluateNode(ast, labels),
    toString: () => canonical,
  };
}

function parseOr(stream: TokenStream): SelectorNode {
  const operands = [parseAnd(stream)];
  while (stream.peek().kind === 'TokOr') {
    stream.advance();
    operands.push(parseAnd(stream));
  }
  return operands.length === 1 ? (operands[0] as SelectorNode) : { type: 'or', operands };
}

function parseAnd(stream: TokenStream): SelectorNode {
  const operands = [parseOperation(stream)];
  while (stream.peek().kind === 'TokAnd') {
    stream.advance();
    operands.push(parseOperation(stream));
  }
  return operands.length === 1 ? (operands[0] as SelectorNode) : { type: 'and', operands };
}

function parseOperation(stream: TokenStream): SelectorNode {
  // Any run of `!` collapses to one negation or none.
  let negated = false;
  while (stream.peek().kind === 'TokNot') {
    negated = !negated;
    stream.advance();
  }
  const node = parsePrimary(stream);
  return negated ? { type: 'not', operand: node } : node;
}

function parsePrimary(stream: TokenStream): SelectorNode {
  const token = stream.peek();
  switch (token.kind) {
    case 'TokHas':
      stream.advance();
      return { type: 'has', label: token.value };
    case 'TokAll':
      stream.advance();
      return { type: 'all' };
    case 'TokGlobal':
      stream.advance();
      return { type: 'global' };
    case 'TokLabel':
      return parseMatch(stream, token.value);
    case 'TokLParen': {
      stream.advance();
      const inner = parseOr(stream);
      if (stream.peek().kind !== 'TokRParen') stream.fail('expected )');
      stream.advance();
      return inner;
    }
    default:
      return stream.fail(`unexpected token: ${formatToken(token)}`);
  }
}

/** `label <op> "value"` or `label (not) in {"a", "b"}`. */
function parseMatch(stream: TokenStream, label: string): SelectorNode {
  // A label needs an operator and an operand; only the EOF token may follow it here.
  if (stream.remaining() < 3) stream.fail('unexpected end of string looking for op');
  const operatorToken = stream.peek(1);
  const shape = VALUE_OPERATORS[operatorToken.kind];
  if (shape === undefined) return stream.fail(`expected == or != not: ${formatToken(operatorToken)}`);
  const operator = OPERATOR_TEXT[operatorToken.kind as keyof typeof OPERATOR_TEXT];
  const operand = stream.peek(2);
  if (shape === 'value') {
    if (operand.kind !== 'TokStringLiteral') stream.fail('expected string');
    stream.advance(3);
    return {
      type: 'value',
      label,
      operator: operator as Exclude<typeof operator, 'in' | 'not in'>,
      value: operand.value,
    };
  }
  if (operand.kind !== 'TokLBrace') stream.fail('expected set literal');
  stream.advance(3);
  const values: string[] = [];
  // Items are strings separated by commas; a trailing comma and an empty set are both allowed.
  while (stream.peek().kind === 'TokStringLiteral') {
    values.push(stream.peek().value);
    stream.advance();
    if (stream.peek().kind !== 'TokComma') break;
    stream.advance();
  }
  if (stream.peek().kind !== 'TokRBrace') stream.fail('expected }');
  stream.advance();
  return { type: 'set', label, operator: operator as 'in' | 'not in', values: toStringSet(values) };
}
