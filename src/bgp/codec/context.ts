/**
 * Builds the `CodecContext` from the two OPENs of a session (RFC 5492 §3: a capability is in use when
 * both sides advertised it).
 */
import type { CodecContext, FamilyKey, OpenMessage } from './messages.js';
import { AddPathDirection, familyKey } from './messages.js';

function has(open: OpenMessage, kind: 'four-octet-as' | 'extended-message'): boolean {
  return open.capabilities.some((capability) => capability.kind === kind);
}

/** Send/Receive per family from the ADD-PATH capabilities of one OPEN; values outside 1–3 are not understood (RFC 7911 §4). */
function addPathModes(open: OpenMessage): Map<FamilyKey, number> {
  const modes = new Map<FamilyKey, number>();
  for (const capability of open.capabilities) {
    if (capability.kind !== 'add-path') continue;
    for (const family of capability.families) {
      if (family.sendReceive >= AddPathDirection.Receive && family.sendReceive <= AddPathDirection.Both) {
        modes.set(familyKey(family.afi, family.safi), family.sendReceive);
      }
    }
  }
  return modes;
}

export function negotiateCodecContext(
  local: OpenMessage,
  remote: OpenMessage,
  peerType: 'internal' | 'external',
): CodecContext {
  const localModes = addPathModes(local);
  const remoteModes = addPathModes(remote);
  const addPathReceive = new Set<FamilyKey>();
  const addPathSend = new Set<FamilyKey>();
  // RFC 7911 §5: path IDs flow from a side that advertised Send to one that advertised Receive.
  for (const [family, localMode] of localModes) {
    const remoteMode = remoteModes.get(family) ?? 0;
    if (localMode & AddPathDirection.Receive && remoteMode & AddPathDirection.Send)
      addPathReceive.add(family);
    if (localMode & AddPathDirection.Send && remoteMode & AddPathDirection.Receive) addPathSend.add(family);
  }
  return {
    fourOctetAs: has(local, 'four-octet-as') && has(remote, 'four-octet-as'),
    addPathReceive,
    addPathSend,
    extendedMessage: has(local, 'extended-message') && has(remote, 'extended-message'),
    peerType,
  };
}
