/**
 * A canonical key for an attribute set, for interning (a `Map<string, …>` of shared attribute sets,
 * BIRD's `rta` cache): the attributes' encoding with 4-octet ASes and sorted unknown attributes, as a
 * latin1 string. Two sets get the same key exactly when they encode to the same bytes.
 */
import { pathAttributesLength, encodePathAttributes } from './update.js';
import type { CodecContext, PathAttributes } from './messages.js';

const CANONICAL: CodecContext = {
  fourOctetAs: true,
  addPathReceive: new Set(),
  addPathSend: new Set(),
  extendedMessage: true,
  peerType: 'internal',
};

export function encodeCanonicalAttributes(attributes: PathAttributes): Uint8Array {
  const bytes = new Uint8Array(pathAttributesLength(attributes, CANONICAL));
  encodePathAttributes(attributes, CANONICAL, bytes, 0);
  return bytes;
}

export function attributeSetKey(attributes: PathAttributes): string {
  const bytes = encodeCanonicalAttributes(attributes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
