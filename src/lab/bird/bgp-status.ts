/**
 * BGP session state and error text as BIRD prints them in the `Info` column of `show protocols` and in
 * `Last error:` (`proto/bgp/bgp.c`: the state padded to 14 characters, then an error-class prefix and
 * a message; when the protocol is down only the error text remains).
 */
export const BGP_STATES = [
  'Idle',
  'Connect',
  'Active',
  'OpenSent',
  'OpenConfirm',
  'Established',
  'Close',
  // BIRD's own: idle and configured `passive`, waiting for the peer; and a protocol shut down.
  'Passive',
  'Down',
] as const;

export type BgpState = (typeof BGP_STATES)[number];

/**
 * Error classes, by BIRD's prefixes: `Error: ` (misc, e.g. Neighbor lost), `Socket: ` (connection
 * errors), `Received: ` (NOTIFICATION from the peer), `BGP Error: ` (NOTIFICATION sent),
 * `Automatic shutdown: ` (route limit). `other` is text with none of these prefixes.
 */
export type BgpErrorClass =
  'misc' | 'socket' | 'notification-received' | 'notification-sent' | 'automatic-shutdown' | 'other';

export interface BgpError {
  readonly class: BgpErrorClass;
  /** The message without its class prefix, e.g. `Hold timer expired`. */
  readonly message: string;
  /** The text as printed, e.g. `Received: Hold timer expired`. */
  readonly text: string;
}

export interface BgpInfo {
  /** Undefined when BIRD printed only error text (the protocol is down). */
  readonly state: BgpState | undefined;
  readonly error: BgpError | undefined;
}

const ERROR_PREFIXES: ReadonlyArray<readonly [string, BgpErrorClass]> = [
  ['BGP Error: ', 'notification-sent'],
  ['Error: ', 'misc'],
  ['Socket: ', 'socket'],
  ['Received: ', 'notification-received'],
  ['Automatic shutdown: ', 'automatic-shutdown'],
];

export function parseBgpError(text: string): BgpError | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  for (const [prefix, errorClass] of ERROR_PREFIXES) {
    if (trimmed.startsWith(prefix)) {
      return { class: errorClass, message: trimmed.slice(prefix.length), text: trimmed };
    }
  }
  return { class: 'other', message: trimmed, text: trimmed };
}

/** Splits a BGP protocol's `Info` column into state and error. */
export function parseBgpInfo(info: string): BgpInfo {
  const trimmed = info.trim();
  const first = /^\S+/.exec(trimmed)?.[0];
  const state = BGP_STATES.find((known) => known === first);
  if (state === undefined) return { state: undefined, error: parseBgpError(trimmed) };
  return { state, error: parseBgpError(trimmed.slice(state.length)) };
}
