/**
 * Decode outcomes: what a malformed input means for the session, never an exception.
 *
 * RFC 7606 §2 ranks the actions (strongest first): session reset, AFI/SAFI disable, treat-as-withdraw,
 * attribute discard. This codec does not use AFI/SAFI disable: where RFC 4760 §7 allows either, it
 * resets the session. Decoders report; only the session layer turns a report into a NOTIFICATION or a
 * withdraw (GoBGP's `MessageError`, holo's `AttrError`).
 */
import type { Message, NotificationMessage } from './messages.js';

export type ErrorAction = 'session-reset' | 'treat-as-withdraw' | 'attribute-discard';

/** One malformed input found while decoding. */
export interface CodecError {
  readonly action: ErrorAction;
  /** NOTIFICATION code and subcode the error maps to (RFC 4271 §6), also for the milder actions. */
  readonly code: number;
  readonly subcode: number;
  /** NOTIFICATION Data the RFC prescribes for this error (RFC 4271 §6.1–§6.3). */
  readonly data: Uint8Array;
  /** Short text for logs, e.g. `Malformed ORIGIN attribute - invalid length (2)`. */
  readonly reason: string;
  /** The attribute type when the error concerns one attribute. */
  readonly attributeType?: number;
}

/** The outcome of decoding one message. */
export type DecodeResult =
  /** Well-formed, or only attribute-discard errors (the message holds what remains). */
  | {
      readonly action: 'none' | 'attribute-discard';
      readonly message: Message;
      readonly errors: readonly CodecError[];
    }
  /**
   * An UPDATE whose NLRI (IPv4 and MP_REACH, plus its withdrawals) must all be handled as withdrawn
   * (RFC 7606 §2). `message.attributes` holds what could be decoded and must not be used for routing.
   */
  | {
      readonly action: 'treat-as-withdraw';
      readonly message: Extract<Message, { type: 'update' }>;
      readonly errors: readonly CodecError[];
    }
  /** Send `notification` and close the session (RFC 4271 §6). */
  | {
      readonly action: 'session-reset';
      readonly notification: NotificationMessage;
      readonly errors: readonly CodecError[];
    };

const actionRank: Record<ErrorAction, number> = {
  'session-reset': 3,
  'treat-as-withdraw': 2,
  'attribute-discard': 1,
};

/** The strongest action among `errors` (RFC 7606 §3(h)), or undefined when there are none. */
export function strongestError(errors: readonly CodecError[]): CodecError | undefined {
  let strongest: CodecError | undefined;
  for (const error of errors) {
    if (strongest === undefined || actionRank[error.action] > actionRank[strongest.action]) strongest = error;
  }
  return strongest;
}

const EMPTY = new Uint8Array(0);

export function codecError(
  action: ErrorAction,
  code: number,
  subcode: number,
  reason: string,
  data: Uint8Array = EMPTY,
  attributeType?: number,
): CodecError {
  return attributeType === undefined
    ? { action, code, subcode, data, reason }
    : { action, code, subcode, data, reason, attributeType };
}

/** The NOTIFICATION for a session-reset error. */
export function notificationFor(error: CodecError): NotificationMessage {
  return { type: 'notification', code: error.code, subcode: error.subcode, data: error.data };
}
