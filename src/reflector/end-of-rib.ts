/**
 * End-of-RIB recognition (RFC 4724 §2): an UPDATE with nothing in it marks the end of IPv4 unicast;
 * one whose only content is an empty MP_UNREACH_NLRI marks the end of that family.
 */
import { Afi, Safi, familyKey, type FamilyKey, type UpdateMessage } from '../bgp/codec/messages.js';

export function endOfRibFamily(update: UpdateMessage): FamilyKey | undefined {
  if (update.withdrawn.length > 0 || update.nlri.length > 0 || update.mpReach !== undefined) return undefined;
  const unreach = update.mpUnreach;
  if (unreach === undefined) {
    return Object.keys(update.attributes).length === 0 ? familyKey(Afi.Ipv4, Safi.Unicast) : undefined;
  }
  return unreach.withdrawn.length === 0 ? familyKey(unreach.afi, unreach.safi) : undefined;
}
