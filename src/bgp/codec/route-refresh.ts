/**
 * ROUTE-REFRESH (RFC 2918 §3; RFC 7313 §3): AFI (2) | Message Subtype (1) | SAFI (1).
 * Subtype 0 is a plain request, 1 BoRR, 2 EoRR; RFC 2918 called the subtype octet Reserved.
 */
import { readU16, writeU16 } from './bytes.js';
import { codecError, notificationFor, type DecodeResult } from './errors.js';
import { writeHeader } from './header.js';
import {
  HEADER_LENGTH,
  MessageType,
  NotificationCode,
  RouteRefreshErrorSubcode,
  type RouteRefreshMessage,
} from './messages.js';

export const ROUTE_REFRESH_LENGTH = HEADER_LENGTH + 4;

/** `bytes[start, end)` is the body; `messageStart` the header, because RFC 7313 §5 returns the whole message as Data. */
export function decodeRouteRefreshBody(
  bytes: Uint8Array,
  messageStart: number,
  start: number,
  end: number,
): DecodeResult {
  if (end - start !== 4) {
    // RFC 7313 §5: a length other than 23 is 7/1 with the complete message as Data.
    const error = codecError(
      'session-reset',
      NotificationCode.RouteRefreshMessageError,
      RouteRefreshErrorSubcode.InvalidMessageLength,
      `Invalid ROUTE-REFRESH message length (${end - messageStart})`,
      bytes.slice(messageStart, end),
    );
    return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
  }
  const message: RouteRefreshMessage = {
    type: 'route-refresh',
    afi: readU16(bytes, start),
    subtype: bytes[start + 2] ?? 0,
    safi: bytes[start + 3] ?? 0,
  };
  return { action: 'none', message, errors: [] };
}

export function encodeRouteRefreshInto(
  message: RouteRefreshMessage,
  bytes: Uint8Array,
  offset: number,
): number {
  let at = writeHeader(bytes, offset, ROUTE_REFRESH_LENGTH, MessageType.RouteRefresh);
  at = writeU16(bytes, at, message.afi);
  bytes[at++] = message.subtype;
  bytes[at++] = message.safi;
  return at;
}
