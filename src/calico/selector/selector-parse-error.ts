/**
 * A selector that Calico's parser (`libcalico-go/lib/selector`) rejects. The message is the parser's
 * own text, so callers can show exactly what calicoctl would.
 */
export class SelectorParseError extends Error {
  readonly expression: string;

  constructor(message: string, expression: string) {
    super(message);
    this.name = 'SelectorParseError';
    this.expression = expression;
  }
}
