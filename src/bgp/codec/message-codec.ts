/**
 * Whole-message entry points: `decodeMessage` dispatches on the header type; `encodeMessage`
 * allocates once and writes the message (`encodeMessageInto` writes into a caller's buffer).
 */
import { type DecodeResult, notificationFor } from './errors.js';
import { checkHeader } from './header.js';
import { writeHeader } from './header.js';
import { messageLength } from './header.js';
import { HEADER_LENGTH, MessageType, type CodecContext, type Message } from './messages.js';
import { decodeNotificationBody, encodeNotificationInto, notificationLength } from './notification.js';
import { decodeOpenBody, encodeOpenInto, openLength } from './open.js';
import { decodeRouteRefreshBody, encodeRouteRefreshInto, ROUTE_REFRESH_LENGTH } from './route-refresh.js';
import { decodeUpdateBody, encodeUpdateInto, updateLength } from './update.js';
import { codecError } from './errors.js';
import { MessageHeaderErrorSubcode, NotificationCode } from './messages.js';
import { u16Bytes } from './bytes.js';

/**
 * Decodes exactly one message occupying all of `bytes` (as `MessageFramer` delivers them). Never
 * throws on any input: every malformed input maps to an outcome.
 */
export function decodeMessage(bytes: Uint8Array, context: CodecContext): DecodeResult {
  if (bytes.length < HEADER_LENGTH) {
    const error = codecError(
      'session-reset',
      NotificationCode.MessageHeaderError,
      MessageHeaderErrorSubcode.BadMessageLength,
      `Bad message length (${bytes.length})`,
      u16Bytes(bytes.length),
    );
    return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
  }
  const headerError = checkHeader(bytes, 0, context);
  if (headerError)
    return { action: 'session-reset', notification: notificationFor(headerError), errors: [headerError] };
  const length = messageLength(bytes, 0) ?? 0;
  if (length !== bytes.length) {
    const error = codecError(
      'session-reset',
      NotificationCode.MessageHeaderError,
      MessageHeaderErrorSubcode.BadMessageLength,
      `Bad message length (${length} in header, ${bytes.length} received)`,
      u16Bytes(length),
    );
    return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
  }
  switch (bytes[18]) {
    case MessageType.Open:
      return decodeOpenBody(bytes, HEADER_LENGTH, length);
    case MessageType.Update:
      return decodeUpdateBody(bytes, HEADER_LENGTH, length, context);
    case MessageType.Notification:
      return decodeNotificationBody(bytes, HEADER_LENGTH, length);
    case MessageType.RouteRefresh:
      return decodeRouteRefreshBody(bytes, 0, HEADER_LENGTH, length);
    default:
      // checkHeader admits only the five types; a KEEPALIVE is exactly the header.
      return { action: 'none', message: { type: 'keepalive' }, errors: [] };
  }
}

/** Octets `encodeMessageInto` writes for this message. */
export function encodedMessageLength(message: Message, context: CodecContext): number {
  switch (message.type) {
    case 'open':
      return openLength(message);
    case 'update':
      return updateLength(message, context);
    case 'notification':
      return notificationLength(message);
    case 'keepalive':
      return HEADER_LENGTH;
    case 'route-refresh':
      return ROUTE_REFRESH_LENGTH;
  }
}

/**
 * Writes the message at `offset`; returns the offset after it. The caller ensures room for
 * `encodedMessageLength` octets. Does not check the result against the negotiated maximum length:
 * `encodeMessage` does.
 */
export function encodeMessageInto(
  message: Message,
  context: CodecContext,
  bytes: Uint8Array,
  offset: number,
): number {
  switch (message.type) {
    case 'open':
      return encodeOpenInto(message, bytes, offset);
    case 'update':
      return encodeUpdateInto(message, context, bytes, offset);
    case 'notification':
      return encodeNotificationInto(message, bytes, offset);
    case 'keepalive':
      return writeHeader(bytes, offset, HEADER_LENGTH, MessageType.Keepalive);
    case 'route-refresh':
      return encodeRouteRefreshInto(message, bytes, offset);
  }
}

/**
 * Encodes one message into a new buffer. Throws a RangeError when it would exceed the negotiated
 * maximum (4096, or 65535 with RFC 8654): callers split UPDATEs with `packAnnouncements`.
 */
export function encodeMessage(message: Message, context: CodecContext): Uint8Array {
  const length = encodedMessageLength(message, context);
  const max = context.extendedMessage ? 65535 : 4096;
  if (length > max)
    throw new RangeError(`${message.type} message of ${length} octets exceeds the maximum of ${max}`);
  const bytes = new Uint8Array(length);
  encodeMessageInto(message, context, bytes, 0);
  return bytes;
}
