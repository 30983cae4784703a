/**
 * A BIRD control-socket reply, decoded: the final code and every line with the reply code it carried.
 * Continuation lines (a leading space on the wire) are given the code of the line before them, so a
 * consumer never has to know how BIRD abbreviated repeated codes.
 */
export interface BirdReplyLine {
  readonly code: number;
  readonly text: string;
}

export interface BirdReply {
  /** Code of the last line (`0000` for most listings, `0014` for a 1.6 route count, `8xxx`/`9xxx` errors). */
  readonly code: number;
  /** All lines in order, the final one included (its text is empty for a plain `0000 `). */
  readonly lines: readonly BirdReplyLine[];
}

/**
 * What a parser accepts: a decoded reply, or the text `birdc` prints without `-v` (codes stripped, one
 * line per reply line). The latter lets captured `birdc` output be parsed with the same functions.
 */
export type BirdOutput = BirdReply | string;

/** Reply-code classes from BIRD's `doc/reply_codes`: 8xxx run-time errors, 9xxx parse errors. */
export const BIRD_ERROR_CODE_MIN = 8000;

/** The text lines of a parser input, in order, without the empty final `0000 ` line. */
export function outputLines(output: BirdOutput): string[] {
  if (typeof output === 'string') {
    const lines = output.split('\n').map((line) => line.replace(/\r$/, ''));
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }
  const lines = output.lines.map((line) => line.text);
  const last = output.lines[output.lines.length - 1];
  if (last !== undefined && last.code === 0 && last.text === '') lines.pop();
  return lines;
}
