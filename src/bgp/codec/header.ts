/**
 * The 19-octet message header (RFC 4271 §4.1) and its checks (§6.1):
 *
 *   +------------------ 16 ------------------+--- 2 ---+- 1 -+
 *   | Marker (all ones)                      | Length  | Type|
 *   +----------------------------------------+---------+-----+
 */
import { u16Bytes, readU16, writeU16 } from './bytes.js';
import { codecError, type CodecError } from './errors.js';
import {
  HEADER_LENGTH,
  MAX_EXTENDED_MESSAGE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageHeaderErrorSubcode as Sub,
  MessageType,
  NotificationCode,
  type CodecContext,
} from './messages.js';

/**
 * The Length field of a header at `offset`, or undefined while fewer than 18 octets are available.
 * Framing only: it neither checks the marker nor the bounds (see `checkHeader`).
 */
export function messageLength(bytes: Uint8Array, offset = 0): number | undefined {
  if (bytes.length - offset < 18) return undefined;
  return readU16(bytes, offset + 16);
}

/** Smallest valid length per type (RFC 4271 §4.2–§4.5; RFC 2918 §3 for ROUTE-REFRESH). */
const minimumLength: Record<number, number> = {
  [MessageType.Open]: 29,
  [MessageType.Update]: 23,
  [MessageType.Notification]: 21,
  [MessageType.Keepalive]: 19,
  [MessageType.RouteRefresh]: 23,
};

export function maxMessageLength(context: CodecContext): number {
  return context.extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
}

/**
 * Checks marker, length bounds and type of the header at `offset` (RFC 4271 §6.1). Needs the 19
 * header octets; the body need not have arrived yet, so a framer can reject a bad length early.
 */
export function checkHeader(
  bytes: Uint8Array,
  offset: number,
  context: CodecContext,
): CodecError | undefined {
  for (let i = 0; i < 16; i++) {
    if (bytes[offset + i] !== 0xff) {
      return codecError(
        'session-reset',
        NotificationCode.MessageHeaderError,
        Sub.ConnectionNotSynchronized,
        'Bad marker',
      );
    }
  }
  const length = readU16(bytes, offset + 16);
  const type = bytes[offset + 18] ?? 0;
  const badLength = (): CodecError =>
    codecError(
      'session-reset',
      NotificationCode.MessageHeaderError,
      Sub.BadMessageLength,
      `Bad message length (${length})`,
      u16Bytes(length),
    );
  if (length < HEADER_LENGTH || length > maxMessageLength(context)) return badLength();
  const minimum = minimumLength[type];
  if (minimum === undefined) {
    return codecError(
      'session-reset',
      NotificationCode.MessageHeaderError,
      Sub.BadMessageType,
      `Bad message type (${type})`,
      Uint8Array.of(type),
    );
  }
  // KEEPALIVE is exactly a header (§4.4); the others have a floor. ROUTE-REFRESH length errors are
  // RFC 7313 §5's own error (7/1), reported by its decoder.
  if (length < minimum || (type === MessageType.Keepalive && length !== HEADER_LENGTH)) return badLength();
  return undefined;
}

/** Writes a header at `offset`; returns the offset of the body. */
export function writeHeader(bytes: Uint8Array, offset: number, length: number, type: number): number {
  bytes.fill(0xff, offset, offset + 16);
  writeU16(bytes, offset + 16, length);
  bytes[offset + 18] = type;
  return offset + HEADER_LENGTH;
}
