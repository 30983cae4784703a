/**
 * Semantic checks of a received OPEN (RFC 4271 §6.2), after the codec accepted its syntax.
 * Returns the NOTIFICATION to send, or undefined when the OPEN is acceptable.
 */
import {
  AS_TRANS,
  NotificationCode,
  OpenMessageErrorSubcode,
  type NotificationMessage,
  type OpenMessage,
} from '../codec/messages.js';
import type { FsmConfig } from './config.js';
import { isAcceptableHoldTime } from './timers.js';

const BGP_VERSION = 4;

/**
 * The peer's AS: the 4-octet AS capability wins over My AS (RFC 6793 §4.1). If the capability
 * appears more than once, the last instance is used, as for other repeated capabilities.
 */
export function peerAsOf(open: OpenMessage): number {
  let asn = open.myAs;
  for (const capability of open.capabilities) if (capability.kind === 'four-octet-as') asn = capability.asn;
  return asn;
}

function openError(subcode: number, data: Uint8Array = new Uint8Array(0)): NotificationMessage {
  return { type: 'notification', code: NotificationCode.OpenMessageError, subcode, data };
}

export function validateOpen(open: OpenMessage, config: FsmConfig): NotificationMessage | undefined {
  // §6.2: Data is the largest locally supported version number, as a 2-octet unsigned integer.
  if (open.version !== BGP_VERSION) {
    return openError(OpenMessageErrorSubcode.UnsupportedVersionNumber, new Uint8Array([0, BGP_VERSION]));
  }
  // §6.2 Bad Peer AS; RFC 7607 §2 (paraphrased): AS 0 in My AS or in capability 65 is an error too.
  const peerAs = peerAsOf(open);
  const hasAs4 = open.capabilities.some((capability) => capability.kind === 'four-octet-as');
  if (open.myAs === 0 || peerAs === 0 || peerAs !== config.peerAs) {
    return openError(OpenMessageErrorSubcode.BadPeerAs);
  }
  // RFC 6793 §4.1: a NEW speaker whose AS needs 4 octets puts AS_TRANS in My AS; any other
  // disagreement between My AS and capability 65 cannot be a valid OPEN.
  if (hasAs4 && open.myAs !== peerAs && open.myAs !== AS_TRANS) {
    return openError(OpenMessageErrorSubcode.BadPeerAs);
  }
  // §6.2 Unacceptable Hold Time: 1 and 2 seconds MUST be rejected (§4.2).
  if (!isAcceptableHoldTime(open.holdTime)) {
    return openError(OpenMessageErrorSubcode.UnacceptableHoldTime);
  }
  // §6.2 Bad BGP Identifier; RFC 6286 §2.2 (paraphrased): any non-zero value is valid, but an
  // internal peer must not share ours.
  const internal = config.peerAs === config.localAs;
  if (open.bgpId === 0 || (internal && open.bgpId >>> 0 === config.routerId >>> 0)) {
    return openError(OpenMessageErrorSubcode.BadBgpIdentifier);
  }
  return undefined;
}
