/** NOTIFICATION (RFC 4271 §4.5): Error code (1) | Error subcode (1) | Data (rest of the message). */
import type { DecodeResult } from './errors.js';
import { writeHeader } from './header.js';
import { HEADER_LENGTH, MessageType, type NotificationMessage } from './messages.js';

export function decodeNotificationBody(bytes: Uint8Array, start: number, end: number): DecodeResult {
  const message: NotificationMessage = {
    type: 'notification',
    code: bytes[start] ?? 0,
    subcode: bytes[start + 1] ?? 0,
    data: bytes.slice(start + 2, end),
  };
  // RFC 4271 §6.4: a NOTIFICATION is never answered, so even odd codes decode cleanly.
  return { action: 'none', message, errors: [] };
}

export function notificationLength(message: NotificationMessage): number {
  return HEADER_LENGTH + 2 + message.data.length;
}

export function encodeNotificationInto(
  message: NotificationMessage,
  bytes: Uint8Array,
  offset: number,
): number {
  let at = writeHeader(bytes, offset, notificationLength(message), MessageType.Notification);
  bytes[at++] = message.code;
  bytes[at++] = message.subcode;
  bytes.set(message.data, at);
  return at + message.data.length;
}
