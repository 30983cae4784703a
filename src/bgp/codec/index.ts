/**
 * The BGP wire codec: pure functions over `Uint8Array`, no I/O.
 *
 * - `messages.ts`: the typed message union, constants and `CodecContext`.
 * - `framer.ts` / `header.ts`: splitting a byte stream into messages (framing apart from parsing).
 * - `message-codec.ts`: `decodeMessage` (never throws; returns an RFC 7606 / RFC 4271 §6 outcome) and
 *   `encodeMessage` / `encodeMessageInto`.
 * - `open.ts`, `capabilities.ts`, `update.ts`, `notification.ts`, `route-refresh.ts`: one per message.
 * - `attributes/`: one file per attribute family, registered in `attribute-table.ts`.
 * - `update-packer.ts`: many NLRI with one attribute set into as few UPDATEs as fit.
 * - `context.ts`: the codec context negotiated from two OPENs.
 */
export * from './messages.js';
export * from './errors.js';
export { notificationText, describeNotification } from './notification-text.js';
export { messageLength, checkHeader, maxMessageLength } from './header.js';
export { MessageFramer, type FramerOutput } from './framer.js';
export { decodeMessage, encodeMessage, encodeMessageInto, encodedMessageLength } from './message-codec.js';
export { negotiateCodecContext } from './context.js';
export { packAnnouncements, packWithdrawals, encodeEndOfRib, type Announcement } from './update-packer.js';
export { attributeSetKey, encodeCanonicalAttributes } from './attribute-set-key.js';
export { encodePathAttributes, pathAttributesLength } from './update.js';
export { formatPathAttributes } from './format-attributes.js';
export { formatPrefix, parsePrefix, parseAddress } from './prefix.js';
export { parseIpv4 } from './bytes.js';
export { formatCapability } from './capabilities.js';
export { propagatedUnknownAttributes } from './attributes/unknown-attributes.js';
export { attributeTable, attributeName } from './attributes/attribute-table.js';
export { countAsPathLength, mergeAs4Path } from './attributes/as-path.js';
