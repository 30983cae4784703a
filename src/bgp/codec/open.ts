/**
 * OPEN (RFC 4271 §4.2) with capabilities (RFC 5492) and RFC 9072 extended optional parameters.
 *
 *   Version (1) | My AS (2) | Hold Time (2) | BGP Identifier (4) | Opt Parm Len (1) | Optional Parameters
 *   parameter:  Type (1) | Length (1) | Value          (RFC 9072: Type (1) | Length (2) | Value,
 *                                                       announced by Opt Parm Len = 255, first Type = 255)
 */
import { readU16, readU32, u16Bytes, writeU16, writeU32 } from './bytes.js';
import { decodeCapability, encodeCapability } from './capabilities.js';
import { codecError, notificationFor, type CodecError, type DecodeResult } from './errors.js';
import { writeHeader } from './header.js';
import {
  HEADER_LENGTH,
  MessageHeaderErrorSubcode,
  MessageType,
  NotificationCode,
  OpenMessageErrorSubcode as Sub,
  type Capability,
  type OpenMessage,
} from './messages.js';

/** Optional parameter type carrying capabilities (RFC 5492 §4). */
const CAPABILITIES_PARAMETER = 2;
/** RFC 9072 §2 marker for the extended parameter encoding. */
const EXTENDED_PARAMETERS = 255;

function reset(subcode: number, reason: string, data?: Uint8Array): DecodeResult {
  const error: CodecError = codecError(
    'session-reset',
    NotificationCode.OpenMessageError,
    subcode,
    reason,
    data,
  );
  return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
}

/** Decodes the body of an OPEN at `bytes[start, end)`. */
export function decodeOpenBody(bytes: Uint8Array, start: number, end: number): DecodeResult {
  const version = bytes[start] ?? 0;
  // RFC 4271 §6.2: Data is the largest locally supported version, 2 octets.
  if (version !== 4)
    return reset(Sub.UnsupportedVersionNumber, `Unsupported version number (${version})`, u16Bytes(4));
  const myAs = readU16(bytes, start + 1);
  const holdTime = readU16(bytes, start + 3);
  const bgpId = readU32(bytes, start + 5);
  let parametersLength = bytes[start + 9] ?? 0;
  let offset = start + 10;
  let extended = false;
  if (
    parametersLength === EXTENDED_PARAMETERS &&
    bytes[offset] === EXTENDED_PARAMETERS &&
    offset + 3 <= end
  ) {
    // RFC 9072 §2: accepted whatever the total length.
    extended = true;
    parametersLength = readU16(bytes, offset + 1);
    offset += 3;
  }
  if (offset + parametersLength !== end) {
    // The declared parameters must fill the message exactly (BIRD answers 1/2 here too).
    const length = end - start + HEADER_LENGTH;
    const error = codecError(
      'session-reset',
      NotificationCode.MessageHeaderError,
      MessageHeaderErrorSubcode.BadMessageLength,
      `Bad message length (${length}): optional parameters length mismatch`,
      u16Bytes(length),
    );
    return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
  }
  const capabilities: Capability[] = [];
  while (offset < end) {
    const headerLength = extended ? 3 : 2;
    if (offset + headerLength > end) return reset(0, 'Invalid OPEN message - truncated optional parameter');
    const type = bytes[offset] ?? 0;
    const length = extended ? readU16(bytes, offset + 1) : (bytes[offset + 1] ?? 0);
    const valueStart = offset + headerLength;
    const valueEnd = valueStart + length;
    if (valueEnd > end) return reset(0, 'Invalid OPEN message - optional parameter overruns the message');
    // RFC 4271 §6.2: any parameter but Capabilities is unsupported (type 1, authentication, is deprecated).
    if (type !== CAPABILITIES_PARAMETER) {
      return reset(Sub.UnsupportedOptionalParameter, `Unsupported optional parameter (${type})`);
    }
    for (let cap = valueStart; cap < valueEnd;) {
      if (cap + 2 > valueEnd) return reset(0, 'Invalid OPEN message - truncated capability');
      const code = bytes[cap] ?? 0;
      const capLength = bytes[cap + 1] ?? 0;
      if (cap + 2 + capLength > valueEnd)
        return reset(0, 'Invalid OPEN message - capability overruns its parameter');
      capabilities.push(decodeCapability(code, bytes.subarray(cap + 2, cap + 2 + capLength)));
      cap += 2 + capLength;
    }
    offset = valueEnd;
  }
  // RFC 7607 §2: AS 0 in My AS or in the 4-octet AS capability is a Bad Peer AS.
  if (myAs === 0) return reset(Sub.BadPeerAs, 'Bad peer AS (0)', u16Bytes(0));
  for (const capability of capabilities) {
    if (capability.kind === 'four-octet-as' && capability.asn === 0)
      return reset(Sub.BadPeerAs, 'Bad peer AS (0 in AS4 capability)');
  }
  // RFC 4271 §4.2, §6.2: Hold Time 1 or 2 is unacceptable.
  if (holdTime === 1 || holdTime === 2)
    return reset(Sub.UnacceptableHoldTime, `Unacceptable hold time (${holdTime})`);
  // RFC 6286 §2.1 keeps only "non-zero" of the old identifier rules.
  if (bgpId === 0) return reset(Sub.BadBgpIdentifier, 'Bad BGP identifier (0.0.0.0)');
  const message: OpenMessage = extended
    ? { type: 'open', version, myAs, holdTime, bgpId, capabilities, extendedParameters: true }
    : { type: 'open', version, myAs, holdTime, bgpId, capabilities };
  return { action: 'none', message, errors: [] };
}

function encodedCapabilities(message: OpenMessage): { code: number; value: Uint8Array }[] {
  return message.capabilities.map(encodeCapability);
}

function layout(message: OpenMessage): {
  caps: { code: number; value: Uint8Array }[];
  capsLength: number;
  extended: boolean;
  length: number;
} {
  const caps = encodedCapabilities(message);
  let capsLength = 0;
  for (const cap of caps) capsLength += 2 + cap.value.length;
  // One Capabilities parameter holds them all (as BIRD sends them). Classic form when it fits.
  const extended = message.extendedParameters === true || capsLength + 2 > 255;
  const parameters = caps.length === 0 ? 0 : extended ? 3 + capsLength : 2 + capsLength;
  const length = HEADER_LENGTH + 10 + (extended ? 3 : 0) + parameters;
  return { caps, capsLength, extended, length };
}

export function openLength(message: OpenMessage): number {
  return layout(message).length;
}

/** Writes the OPEN at `offset`; returns the offset after it. */
export function encodeOpenInto(message: OpenMessage, bytes: Uint8Array, offset: number): number {
  const { caps, capsLength, extended, length } = layout(message);
  let at = writeHeader(bytes, offset, length, MessageType.Open);
  bytes[at++] = message.version;
  at = writeU16(bytes, at, message.myAs);
  at = writeU16(bytes, at, message.holdTime);
  at = writeU32(bytes, at, message.bgpId);
  const parameters = caps.length === 0 ? 0 : (extended ? 3 : 2) + capsLength;
  if (extended) {
    bytes[at++] = EXTENDED_PARAMETERS;
    bytes[at++] = EXTENDED_PARAMETERS;
    at = writeU16(bytes, at, parameters);
  } else {
    bytes[at++] = parameters;
  }
  if (caps.length > 0) {
    bytes[at++] = CAPABILITIES_PARAMETER;
    if (extended) at = writeU16(bytes, at, capsLength);
    else bytes[at++] = capsLength;
    for (const cap of caps) {
      bytes[at++] = cap.code;
      bytes[at++] = cap.value.length;
      bytes.set(cap.value, at);
      at += cap.value.length;
    }
  }
  return at;
}
