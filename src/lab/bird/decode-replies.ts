import { classifyReplyLine } from './reply-line.js';
import type { BirdReply, BirdReplyLine } from './reply.js';

/**
 * Decodes a complete capture of control-socket text (what BIRD wrote, codes included) into replies.
 * The client decodes line by line as data arrives; this batch form serves recorded fixtures and tools.
 * Asynchronous `+` lines are dropped, as the client drops them. Text after the last final line is an
 * incomplete reply and is rejected rather than silently lost.
 */
export function decodeReplies(raw: string): BirdReply[] {
  const replies: BirdReply[] = [];
  let lines: BirdReplyLine[] = [];
  let code: number | undefined;
  const rawLines = raw.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  for (const rawLine of rawLines) {
    const line = classifyReplyLine(rawLine.replace(/\r$/, ''), code);
    if (line.kind === 'async') continue;
    code = line.code;
    lines.push({ code: line.code, text: line.text });
    if (line.final) {
      replies.push({ code: line.code, lines });
      lines = [];
      code = undefined;
    }
  }
  if (lines.length > 0)
    throw new Error(`incomplete BIRD reply: ${lines.length} line(s) without a final line`);
  return replies;
}
