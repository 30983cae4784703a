/**
 * Text lines for reflector actions, decoding the bytes that are sent, for logs and for recorded-event
 * tests that compare what went out with what was expected (holo's `protocol.jsonl` in text).
 *
 *   send 10.0.0.2 10.0.0.3: announce 10.65.1.0/26 | ORIGIN: IGP; AS_PATH: ; NEXT_HOP: 10.0.0.1; …
 *   send 10.0.0.2: withdraw 10.65.1.0/26
 *   send 10.0.0.2: end-of-rib ipv4
 *   reset 10.0.0.4: notification 6/1
 */
import { decodeMessage } from '../bgp/codec/message-codec.js';
import { formatPathAttributes } from '../bgp/codec/format-attributes.js';
import { formatPrefix } from '../bgp/codec/prefix.js';
import type { CodecContext, Nlri, UpdateMessage } from '../bgp/codec/messages.js';
import type { ReflectorAction } from './actions.js';
import { endOfRibFamily } from './end-of-rib.js';
import { unicastFamilyOf } from './family.js';
import { formatIp } from '../net/index.js';

function prefixes(list: readonly Nlri[]): string {
  return list
    .map((nlri) => (nlri.pathId === 0 ? formatPrefix(nlri) : `${formatPrefix(nlri)}#${nlri.pathId}`))
    .join(' ');
}

function describeUpdate(update: UpdateMessage): string[] {
  const endOfRib = endOfRibFamily(update);
  if (endOfRib !== undefined) return [`end-of-rib ${unicastFamilyOf(endOfRib) ?? endOfRib}`];
  const lines: string[] = [];
  const withdrawn = [...update.withdrawn, ...(update.mpUnreach?.withdrawn ?? [])];
  if (withdrawn.length > 0) lines.push(`withdraw ${prefixes(withdrawn)}`);
  const announced = [...update.nlri, ...(update.mpReach?.nlri ?? [])];
  if (announced.length > 0) {
    const attributes = formatPathAttributes(update.attributes);
    const nextHop = update.mpReach?.nextHop;
    if (nextHop !== undefined) {
      const addresses = nextHop.length === 32 ? [nextHop.subarray(0, 16), nextHop.subarray(16)] : [nextHop];
      attributes.push(`MP_NEXT_HOP: ${addresses.map(formatIp).join(' ')}`);
    }
    lines.push(`announce ${prefixes(announced)} | ${attributes.join('; ')}`);
  }
  return lines;
}

/**
 * One line per sent message (consecutive messages with the same meaning are not merged, so the
 * number of lines shows the packing). `contextFor` gives the codec context the bytes were encoded
 * with for a peer (ADD-PATH send decides how NLRI are read back).
 */
export function describeActions(
  actions: readonly ReflectorAction[],
  contextFor: (peer: string) => CodecContext,
): string[] {
  const lines: string[] = [];
  for (const action of actions) {
    switch (action.type) {
      case 'send': {
        const first = action.peers[0] ?? '';
        const encoded = contextFor(first);
        const context: CodecContext = { ...encoded, addPathReceive: encoded.addPathSend };
        for (const message of action.messages) {
          const decoded = decodeMessage(message, context);
          const what =
            decoded.action === 'session-reset'
              ? [`undecodable (${decoded.errors[0]?.reason ?? 'unknown'})`]
              : decoded.message.type === 'update'
                ? describeUpdate(decoded.message)
                : [
                    decoded.message.type === 'route-refresh'
                      ? `route-refresh subtype ${decoded.message.subtype}`
                      : decoded.message.type,
                  ];
          for (const line of what) lines.push(`send ${action.peers.join(' ')}: ${line}`);
        }
        break;
      }
      case 'reset-session':
        lines.push(
          `reset ${action.peer}: notification ${action.notification.code}/${action.notification.subcode}`,
        );
        break;
      case 'start-timer':
        lines.push(`start-timer ${action.peer}: ${action.timer} ${action.seconds}s`);
        break;
      case 'stop-timer':
        lines.push(`stop-timer ${action.peer}: ${action.timer}`);
        break;
      case 'log':
        lines.push(`log${action.peer === undefined ? '' : ` ${action.peer}`}: ${action.text}`);
        break;
    }
  }
  return lines;
}
