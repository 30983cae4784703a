import { existsSync, readFileSync } from 'node:fs';

import { decodeReplies } from '../../../src/lab/bird/decode-replies.js';
import type { BirdReply } from '../../../src/lab/bird/reply.js';

/** The shared reference captures; tests read them in place and skip when they are absent. */
export const SAMPLES_DIR = '/work/shared/reference/bird-samples';

export interface BirdSample {
  /** The `### …` title the output follows (several outputs may share one title). */
  readonly title: string;
  /** The BIRD version from the greeting line. */
  readonly version: string;
  /** birdc's plain text (without `-v`), or undefined for a `-v` capture. */
  readonly text: string | undefined;
  /** For `-v` captures: the reply rebuilt in socket form (see `socketFormOfBirdcVerbose`). */
  readonly reply: BirdReply | undefined;
}

/**
 * Splits a sample file into command outputs. Every output starts with BIRD's greeting (`BIRD x ready.`,
 * or `0001 BIRD x ready.` with `-v`), so outputs without a `###` separator between them still split.
 */
export function loadSamples(file: string): BirdSample[] | undefined {
  const path = `${SAMPLES_DIR}/${file}`;
  if (!existsSync(path)) return undefined;
  const samples: BirdSample[] = [];
  let title = '';
  let current: { version: string; verbose: boolean; lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    const body = current.lines.join('\n') + '\n';
    samples.push({
      title,
      version: current.version,
      text: current.verbose ? undefined : body,
      reply: current.verbose ? onlyReply(socketFormOfBirdcVerbose(body)) : undefined,
    });
    current = undefined;
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const greeting = /^(0001 )?BIRD (\S+) ready\.$/.exec(line);
    if (line.startsWith('### ')) {
      flush();
      title = line.slice(4).trim();
    } else if (greeting) {
      flush();
      current = { version: greeting[2] ?? '', verbose: greeting[1] !== undefined, lines: [] };
    } else if (current && line !== '') {
      current.lines.push(line);
    } else if (current && line === '') {
      current.lines.push(line);
    }
  }
  flush();
  return samples.map((sample) =>
    sample.text === undefined ? sample : { ...sample, text: sample.text.replace(/\n+$/, '\n') },
  );
}

export function samplesTitled(samples: readonly BirdSample[], title: string): BirdSample[] {
  return samples.filter((sample) => sample.title === title);
}

/**
 * `birdc -v` prints continuation lines with five spaces where the socket sends one, and does not print
 * the final `0000 ` line; undo both so the capture decodes like socket text.
 */
export function socketFormOfBirdcVerbose(text: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines.map((line) => line.replace(/^ {5}/, ' ')).join('\n') + '\n0000 \n';
}

function onlyReply(raw: string): BirdReply {
  const replies = decodeReplies(raw);
  if (replies.length !== 1 || !replies[0]) throw new Error(`expected one reply, got ${replies.length}`);
  return replies[0];
}
