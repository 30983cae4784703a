/**
 * Classifies one raw line of BIRD's control-socket protocol (see `doc/reply_codes` and `nest/cli.c`):
 *
 * - `DDDD-text`: a reply line with code DDDD, more follow;
 * - `DDDD text`: the last line of the reply;
 * - ` text`: a continuation, same code as the previous line (BIRD omits repeated codes);
 * - `+text`: an asynchronous message that belongs to no reply.
 */
export type RawReplyLine =
  | { readonly kind: 'reply'; readonly code: number; readonly text: string; readonly final: boolean }
  | { readonly kind: 'async'; readonly text: string };

const CODED_LINE = /^(\d{4})([- ])(.*)$/s;

export class BirdProtocolError extends Error {
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(message);
    this.name = 'BirdProtocolError';
  }
}

/**
 * @param previousCode the code of the previous line of the same reply, needed for continuations;
 *   undefined at the start of a reply.
 */
export function classifyReplyLine(raw: string, previousCode: number | undefined): RawReplyLine {
  if (raw.startsWith('+')) return { kind: 'async', text: raw.slice(1) };
  const coded = CODED_LINE.exec(raw);
  if (coded) {
    return { kind: 'reply', code: Number(coded[1]), text: coded[3] ?? '', final: coded[2] === ' ' };
  }
  if (raw.startsWith(' ')) {
    if (previousCode === undefined) {
      throw new BirdProtocolError(`BIRD sent a continuation line with no reply code before it: ${raw}`, raw);
    }
    return { kind: 'reply', code: previousCode, text: raw.slice(1), final: false };
  }
  throw new BirdProtocolError(`BIRD sent a line that is neither coded nor a continuation: ${raw}`, raw);
}
