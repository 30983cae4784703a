/**
 * NOTIFICATION texts in BIRD's wording (BIRD 1.6 `bgp_msg_table`, `proto/bgp/packets.c`), so the
 * reflector's API and logs read like `show protocols` on a Calico node: `Hold timer expired`,
 * `Bad peer AS`. Codes BIRD 1.6 does not know (RFC 8538 Hard Reset, RFC 9384 BFD Down, RFC 9687 Send
 * Hold Timer) use the wording of later BIRD versions or of the IANA registry.
 */
import type { NotificationMessage } from './messages.js';

const texts: ReadonlyMap<number, string> = new Map(
  (
    [
      [1, 0, 'Invalid message header'],
      [1, 1, 'Connection not synchronized'],
      [1, 2, 'Bad message length'],
      [1, 3, 'Bad message type'],
      [2, 0, 'Invalid OPEN message'],
      [2, 1, 'Unsupported version number'],
      [2, 2, 'Bad peer AS'],
      [2, 3, 'Bad BGP identifier'],
      [2, 4, 'Unsupported optional parameter'],
      [2, 5, 'Authentication failure'],
      [2, 6, 'Unacceptable hold time'],
      [2, 7, 'Required capability missing'],
      [2, 8, 'No supported AFI/SAFI'],
      [2, 11, 'Role mismatch'],
      [3, 0, 'Invalid UPDATE message'],
      [3, 1, 'Malformed attribute list'],
      [3, 2, 'Unrecognized well-known attribute'],
      [3, 3, 'Missing mandatory attribute'],
      [3, 4, 'Invalid attribute flags'],
      [3, 5, 'Invalid attribute length'],
      [3, 6, 'Invalid ORIGIN attribute'],
      [3, 7, 'AS routing loop'],
      [3, 8, 'Invalid NEXT_HOP attribute'],
      [3, 9, 'Optional attribute error'],
      [3, 10, 'Invalid network field'],
      [3, 11, 'Malformed AS_PATH'],
      [4, 0, 'Hold timer expired'],
      [5, 0, 'Finite state machine error'],
      [5, 1, 'Unexpected message in OpenSent state'],
      [5, 2, 'Unexpected message in OpenConfirm state'],
      [5, 3, 'Unexpected message in Established state'],
      [6, 0, 'Cease'],
      [6, 1, 'Maximum number of prefixes reached'],
      [6, 2, 'Administrative shutdown'],
      [6, 3, 'Peer de-configured'],
      [6, 4, 'Administrative reset'],
      [6, 5, 'Connection rejected'],
      [6, 6, 'Other configuration change'],
      [6, 7, 'Connection collision resolution'],
      [6, 8, 'Out of Resources'],
      [6, 9, 'Hard reset'],
      [6, 10, 'BFD session down'],
      [7, 0, 'Invalid ROUTE-REFRESH message'],
      [7, 1, 'Invalid ROUTE-REFRESH message length'],
      [8, 0, 'Send hold timer expired'],
    ] as const
  ).map(([code, subcode, text]) => [code * 256 + subcode, text]),
);

/** BIRD's text for a code and subcode; `Unknown error C.S` (BIRD's fallback) when not in the table. */
export function notificationText(code: number, subcode: number): string {
  return texts.get(code * 256 + subcode) ?? `Unknown error ${code}.${subcode}`;
}

/**
 * The text plus an RFC 9003 Shutdown Communication when a Cease 6/2 or 6/4 carries one
 * (1-octet length, then that many octets of UTF-8), e.g. `Administrative shutdown: maintenance`.
 */
export function describeNotification(notification: NotificationMessage): string {
  const text = notificationText(notification.code, notification.subcode);
  const { code, subcode, data } = notification;
  if (code === 6 && (subcode === 2 || subcode === 4) && data.length > 0) {
    const length = data[0] ?? 0;
    if (length > 0 && length + 1 <= data.length) {
      const message = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(1, 1 + length));
      return `${text}: ${message}`;
    }
  }
  return text;
}
