/**
 * Why a session went down, and the text BIRD prints for it in `show protocols`
 * (`BGP Error: Hold timer expired`, `Received: Administrative shutdown`, `Socket: Connection closed`),
 * so the reflector's sessions read like a Calico node's (bird-control.md §3.2).
 */
import type { NotificationMessage } from '../codec/messages.js';
import { describeNotification } from '../codec/notification-text.js';

export type DownReason =
  /** We sent this NOTIFICATION (BIRD: `BGP Error: …`). */
  | { readonly kind: 'notification-sent'; readonly notification: NotificationMessage }
  /** The peer sent this NOTIFICATION (BIRD: `Received: …`). */
  | { readonly kind: 'notification-received'; readonly notification: NotificationMessage }
  /** The connection failed or closed (BIRD: `Socket: …`). */
  | { readonly kind: 'socket'; readonly text: string }
  /** Other errors (BIRD: `Error: …`, e.g. `Graceful restart`). */
  | { readonly kind: 'misc'; readonly text: string }
  /** An operator stopped the session: BIRD shows no error class. */
  | { readonly kind: 'manual'; readonly text: string };

export function describeDownReason(reason: DownReason): string {
  switch (reason.kind) {
    case 'notification-sent':
      return `BGP Error: ${describeNotification(reason.notification)}`;
    case 'notification-received':
      return `Received: ${describeNotification(reason.notification)}`;
    case 'socket':
      return `Socket: ${reason.text}`;
    case 'misc':
      return `Error: ${reason.text}`;
    case 'manual':
      return reason.text;
  }
}
