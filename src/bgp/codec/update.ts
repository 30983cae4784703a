/**
 * UPDATE (RFC 4271 §4.3) with RFC 7606 error handling.
 *
 *   +-----------------------------+------------------------+
 *   | Withdrawn Routes Length (2) | Withdrawn Routes (var) |
 *   +-----------------------------+------------------------+
 *   | Total Path Attr Length (2)  | Path Attributes (var)  |
 *   +-----------------------------+------------------------+
 *   | NLRI (rest of the message)                           |
 *   +------------------------------------------------------+
 *
 *   attribute: flags (1) | type (1) | length (1, or 2 with Extended Length) | value
 */
import { readU16, writeU16 } from './bytes.js';
import { codecError, notificationFor, strongestError, type CodecError, type DecodeResult } from './errors.js';
import { writeHeader } from './header.js';
import {
  AS_TRANS,
  Afi,
  AttributeFlag,
  AttributeType,
  HEADER_LENGTH,
  MessageType,
  NotificationCode,
  Safi,
  UpdateMessageErrorSubcode as Sub,
  familyKey,
  type Aggregator,
  type AsPathSegment,
  type CodecContext,
  type MpReach,
  type MpUnreach,
  type Nlri,
  type PathAttributes,
  type RawAttribute,
  type UpdateMessage,
} from './messages.js';
import { decodeNlriList, encodeNlri, nlriLength } from './prefix.js';
import { AttributeFault } from './attributes/attribute-codec.js';
import { attributeTable, fieldAttributes } from './attributes/attribute-table.js';
import { as4AggregatorCodec } from './attributes/aggregation.js';
import { as4PathCodec, as4PathFor, mergeAs4Path, needsAs4Path } from './attributes/as-path.js';
import { mpReachCodec, mpUnreachCodec } from './attributes/multiprotocol.js';

const IPV4_UNICAST = familyKey(Afi.Ipv4, Safi.Unicast);
const updateError = NotificationCode.UpdateMessageError;

// ---------------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------------

/**
 * Decodes the body of an UPDATE at `bytes[start, end)` (after the 19-octet header). Never throws:
 * malformed input yields a session-reset, treat-as-withdraw or attribute-discard outcome.
 */
export function decodeUpdateBody(
  bytes: Uint8Array,
  start: number,
  end: number,
  context: CodecContext,
): DecodeResult {
  const malformedList = (reason: string): DecodeResult => {
    const error = codecError('session-reset', updateError, Sub.MalformedAttributeList, reason);
    return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
  };
  if (end - start < 4) return malformedList('Malformed UPDATE - too short');
  // RFC 4271 §6.3: the two length fields must fit the message, else 3/1 and a session reset.
  const withdrawnLength = readU16(bytes, start);
  const withdrawnStart = start + 2;
  const withdrawnEnd = withdrawnStart + withdrawnLength;
  if (withdrawnEnd + 2 > end) return malformedList('Malformed UPDATE - withdrawn routes overrun the message');
  const attributesLength = readU16(bytes, withdrawnEnd);
  const attributesStart = withdrawnEnd + 2;
  const attributesEnd = attributesStart + attributesLength;
  if (attributesEnd > end) return malformedList('Malformed UPDATE - path attributes overrun the message');

  // RFC 7606 §5.3: NLRI that cannot be parsed leave no way to know what to withdraw: reset with 3/10.
  const addPath = context.addPathReceive.has(IPV4_UNICAST);
  const withdrawn = decodeNlriList(bytes, withdrawnStart, withdrawnEnd, Afi.Ipv4, addPath);
  const nlri = decodeNlriList(bytes, attributesEnd, end, Afi.Ipv4, addPath);
  for (const list of [withdrawn, nlri]) {
    if (typeof list === 'string') {
      const error = codecError(
        'session-reset',
        updateError,
        Sub.InvalidNetworkField,
        `Invalid network field - ${list}`,
      );
      return { action: 'session-reset', notification: notificationFor(error), errors: [error] };
    }
  }
  const withdrawnList = withdrawn as Nlri[];
  const nlriList = nlri as Nlri[];

  const errors: CodecError[] = [];
  const values: Record<string, unknown> = {};
  const unknown: RawAttribute[] = [];
  const seen = new Uint8Array(256);
  let mpReach: MpReach | undefined;
  let mpUnreach: MpUnreach | undefined;
  let as4Path: readonly AsPathSegment[] | undefined;
  let as4Aggregator: Aggregator | undefined;

  let offset = attributesStart;
  while (offset < attributesEnd) {
    // RFC 7606 §4: an attribute whose header or value runs past Total Path Attribute Length is a
    // framing error; the NLRI field is still found through the Total Path Attribute Length, so the
    // outcome is treat-as-withdraw.
    const flags = bytes[offset] ?? 0;
    const type = bytes[offset + 1] ?? 0;
    const headerLength = flags & AttributeFlag.ExtendedLength ? 4 : 3;
    if (offset + headerLength > attributesEnd) {
      errors.push(
        codecError(
          'treat-as-withdraw',
          updateError,
          Sub.MalformedAttributeList,
          'Malformed attribute list - truncated attribute header',
        ),
      );
      break;
    }
    const valueLength = headerLength === 4 ? readU16(bytes, offset + 2) : (bytes[offset + 2] ?? 0);
    const valueStart = offset + headerLength;
    const valueEnd = valueStart + valueLength;
    if (valueEnd > attributesEnd) {
      errors.push(
        codecError(
          'treat-as-withdraw',
          updateError,
          Sub.AttributeLengthError,
          `Malformed attribute list - attribute ${type} overruns the list`,
          undefined,
          type,
        ),
      );
      break;
    }
    const whole = bytes.subarray(offset, valueEnd);
    const value = bytes.subarray(valueStart, valueEnd);
    offset = valueEnd;

    if (seen[type]) {
      // RFC 7606 §3(g): a repeated MP_REACH_NLRI or MP_UNREACH_NLRI is 3/1 and a reset; any other
      // repeat is dropped, keeping the first.
      if (type === AttributeType.MpReachNlri || type === AttributeType.MpUnreachNlri) {
        errors.push(
          codecError(
            'session-reset',
            updateError,
            Sub.MalformedAttributeList,
            `Malformed attribute list - repeated attribute ${type}`,
            undefined,
            type,
          ),
        );
      } else {
        errors.push(
          codecError(
            'attribute-discard',
            updateError,
            Sub.MalformedAttributeList,
            `Discarding repeated attribute ${type}`,
            undefined,
            type,
          ),
        );
      }
      continue;
    }
    seen[type] = 1;

    const entry = attributeTable[type];
    if (entry === undefined) {
      // RFC 4271 §6.3: an unrecognised well-known attribute is 3/2 with the attribute as data.
      if ((flags & AttributeFlag.Optional) === 0) {
        errors.push(
          codecError(
            'session-reset',
            updateError,
            Sub.UnrecognizedWellKnownAttribute,
            `Unrecognized well-known attribute ${type}`,
            whole.slice(),
            type,
          ),
        );
        continue;
      }
      unknown.push({ flags: flags & ~AttributeFlag.ExtendedLength, type, value: value.slice() });
      continue;
    }
    const codec = entry.codec;
    // RFC 7606 §3(c): Optional/Transitive bits that contradict the attribute's definition.
    if (((flags ^ codec.flags) & (AttributeFlag.Optional | AttributeFlag.Transitive)) !== 0) {
      errors.push(
        codecError(
          codec.flagsErrorAction,
          updateError,
          Sub.AttributeFlagsError,
          `Malformed ${codec.name} attribute - invalid flags (0x${flags.toString(16)})`,
          whole.slice(),
          type,
        ),
      );
      continue;
    }
    const decoded = codec.decode(value, context);
    if (decoded instanceof AttributeFault) {
      errors.push(
        codecError(
          decoded.action,
          updateError,
          decoded.subcode,
          `Malformed ${codec.name} attribute - ${decoded.reason}`,
          whole.slice(),
          type,
        ),
      );
      continue;
    }
    if (entry.field !== undefined) values[entry.field] = decoded;
    else if (type === AttributeType.MpReachNlri) mpReach = decoded as MpReach;
    else if (type === AttributeType.MpUnreachNlri) mpUnreach = decoded as MpUnreach;
    else if (type === AttributeType.As4Path) as4Path = decoded as AsPathSegment[];
    else if (type === AttributeType.As4Aggregator) as4Aggregator = decoded as Aggregator;
  }

  // RFC 6793 §4.2.3: from an OLD speaker, rebuild 4-octet values; between NEW speakers AS4_PATH and
  // AS4_AGGREGATOR have no business being sent and are dropped (§4.1).
  if (!context.fourOctetAs) {
    const aggregator = values['aggregator'] as Aggregator | undefined;
    let useAs4Path = true;
    if (aggregator !== undefined) {
      if (aggregator.asn !== AS_TRANS) useAs4Path = false;
      else if (as4Aggregator !== undefined) values['aggregator'] = as4Aggregator;
    }
    const asPath = values['asPath'] as AsPathSegment[] | undefined;
    if (useAs4Path && as4Path !== undefined && asPath !== undefined)
      values['asPath'] = mergeAs4Path(asPath, as4Path);
  }

  // RFC 7606 §3(d): a missing well-known mandatory attribute makes the routes treat-as-withdraw
  // (only matters when there is something to reach). LOCAL_PREF is left to the session to default.
  const reachable = nlriList.length > 0 || (mpReach !== undefined && mpReach.nlri.length > 0);
  if (reachable) {
    const mandatory: number[] = [AttributeType.Origin, AttributeType.AsPath];
    if (nlriList.length > 0) mandatory.push(AttributeType.NextHop);
    for (const type of mandatory) {
      if (!seen[type]) {
        errors.push(
          codecError(
            'treat-as-withdraw',
            updateError,
            Sub.MissingWellKnownAttribute,
            `Missing mandatory ${attributeTable[type]?.codec.name ?? type} attribute`,
            Uint8Array.of(type),
            type,
          ),
        );
      }
    }
  }

  if (unknown.length > 0) values['unknown'] = unknown;
  const message: UpdateMessage = {
    type: 'update',
    withdrawn: withdrawnList,
    attributes: values as PathAttributes,
    ...(mpReach ? { mpReach } : {}),
    ...(mpUnreach ? { mpUnreach } : {}),
    nlri: nlriList,
  };
  const strongest = strongestError(errors);
  if (strongest === undefined) return { action: 'none', message, errors };
  if (strongest.action === 'session-reset') {
    return { action: 'session-reset', notification: notificationFor(strongest), errors };
  }
  if (strongest.action === 'treat-as-withdraw') {
    // RFC 7606 §5.2 as the requirements read it (C18): with no reachable NLRI there is nothing to
    // treat as withdrawn, so the error resets the session.
    if (!reachable) return { action: 'session-reset', notification: notificationFor(strongest), errors };
    return { action: 'treat-as-withdraw', message, errors };
  }
  return { action: 'attribute-discard', message, errors };
}

// ---------------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------------

function headerSize(valueLength: number): number {
  return valueLength > 255 ? 4 : 3;
}

/** Writes an attribute header, choosing the Extended Length form only when needed (RFC 4271 §4.3). */
export function writeAttributeHeader(
  bytes: Uint8Array,
  offset: number,
  flags: number,
  type: number,
  length: number,
): number {
  if (length > 255) {
    bytes[offset] = flags | AttributeFlag.ExtendedLength;
    bytes[offset + 1] = type;
    return writeU16(bytes, offset + 2, length);
  }
  bytes[offset] = flags & ~AttributeFlag.ExtendedLength;
  bytes[offset + 1] = type;
  bytes[offset + 2] = length;
  return offset + 3;
}

/** What an OLD speaker additionally needs (RFC 6793 §4.2.2): AS4_PATH and AS4_AGGREGATOR. */
function as4Extras(
  attributes: PathAttributes,
  context: CodecContext,
): { path?: AsPathSegment[]; aggregator?: Aggregator } {
  if (context.fourOctetAs) return {};
  const extras: { path?: AsPathSegment[]; aggregator?: Aggregator } = {};
  if (attributes.asPath !== undefined && needsAs4Path(attributes.asPath))
    extras.path = as4PathFor(attributes.asPath);
  if (attributes.aggregator !== undefined && attributes.aggregator.asn > 0xffff)
    extras.aggregator = attributes.aggregator;
  return extras;
}

function sortedUnknown(attributes: PathAttributes): readonly RawAttribute[] {
  const unknown = attributes.unknown;
  if (unknown === undefined || unknown.length < 2) return unknown ?? [];
  return [...unknown].sort((a, b) => a.type - b.type);
}

/** Octets of the encoded path attributes, MP attributes excluded. */
export function pathAttributesLength(attributes: PathAttributes, context: CodecContext): number {
  let length = 0;
  const record = attributes as Record<string, unknown>;
  for (const { codec, field } of fieldAttributes) {
    const value = record[field];
    if (value === undefined || value === false) continue;
    const valueLength = codec.length(value, context);
    length += headerSize(valueLength) + valueLength;
  }
  const extras = as4Extras(attributes, context);
  if (extras.path) {
    const valueLength = as4PathCodec.length(extras.path, context);
    length += headerSize(valueLength) + valueLength;
  }
  if (extras.aggregator) length += 3 + 8;
  for (const raw of attributes.unknown ?? []) length += headerSize(raw.value.length) + raw.value.length;
  return length;
}

/**
 * Writes the path attributes in ascending type order (MP attributes excluded; callers put them first,
 * RFC 7606 §5.1), adding AS4_PATH/AS4_AGGREGATOR toward OLD speakers. Returns the offset after them.
 */
export function encodePathAttributes(
  attributes: PathAttributes,
  context: CodecContext,
  bytes: Uint8Array,
  offset: number,
): number {
  const record = attributes as Record<string, unknown>;
  const unknown = sortedUnknown(attributes);
  let next = 0;
  const flushUnknownBelow = (type: number): void => {
    for (let raw = unknown[next]; raw !== undefined && raw.type < type; raw = unknown[++next]) {
      offset = writeAttributeHeader(bytes, offset, raw.flags, raw.type, raw.value.length);
      bytes.set(raw.value, offset);
      offset += raw.value.length;
    }
  };
  for (const { codec, field } of fieldAttributes) {
    const value = record[field];
    if (value === undefined || value === false) continue;
    flushUnknownBelow(codec.type);
    offset = writeAttributeHeader(bytes, offset, codec.flags, codec.type, codec.length(value, context));
    offset = codec.encode(value, bytes, offset, context);
  }
  const extras = as4Extras(attributes, context);
  if (extras.path) {
    flushUnknownBelow(AttributeType.As4Path);
    offset = writeAttributeHeader(
      bytes,
      offset,
      as4PathCodec.flags,
      AttributeType.As4Path,
      as4PathCodec.length(extras.path, context),
    );
    offset = as4PathCodec.encode(extras.path, bytes, offset, context);
  }
  if (extras.aggregator) {
    flushUnknownBelow(AttributeType.As4Aggregator);
    offset = writeAttributeHeader(bytes, offset, as4AggregatorCodec.flags, AttributeType.As4Aggregator, 8);
    offset = as4AggregatorCodec.encode(extras.aggregator, bytes, offset, context);
  }
  flushUnknownBelow(256);
  return offset;
}

function mpLengths(message: UpdateMessage, context: CodecContext): { unreach: number; reach: number } {
  const unreach = message.mpUnreach ? mpUnreachCodec.length(message.mpUnreach, context) : -1;
  const reach = message.mpReach ? mpReachCodec.length(message.mpReach, context) : -1;
  return { unreach, reach };
}

function listLength(list: readonly Nlri[], addPath: boolean): number {
  let length = 0;
  for (const nlri of list) length += nlriLength(nlri, addPath);
  return length;
}

/** Total octets of the encoded UPDATE, header included. */
export function updateLength(message: UpdateMessage, context: CodecContext): number {
  const addPath = context.addPathSend.has(IPV4_UNICAST);
  const { unreach, reach } = mpLengths(message, context);
  let attributes = pathAttributesLength(message.attributes, context);
  if (unreach >= 0) attributes += headerSize(unreach) + unreach;
  if (reach >= 0) attributes += headerSize(reach) + reach;
  return (
    HEADER_LENGTH +
    4 +
    listLength(message.withdrawn, addPath) +
    attributes +
    listLength(message.nlri, addPath)
  );
}

/**
 * Writes the UPDATE (header included) at `offset` of `bytes`, which must have room for
 * `updateLength(message, context)` octets. Returns the offset after it.
 */
export function encodeUpdateInto(
  message: UpdateMessage,
  context: CodecContext,
  bytes: Uint8Array,
  offset: number,
): number {
  const start = offset;
  const addPath = context.addPathSend.has(IPV4_UNICAST);
  offset += HEADER_LENGTH;
  const withdrawnLengthAt = offset;
  offset += 2;
  for (const nlri of message.withdrawn) offset = encodeNlri(bytes, offset, nlri, addPath);
  writeU16(bytes, withdrawnLengthAt, offset - withdrawnLengthAt - 2);
  const attributesLengthAt = offset;
  offset += 2;
  // RFC 7606 §5.1: MP_UNREACH_NLRI and MP_REACH_NLRI go first so a receiver can find the NLRI even
  // if a later attribute is malformed.
  const { unreach, reach } = mpLengths(message, context);
  if (message.mpUnreach) {
    offset = writeAttributeHeader(bytes, offset, mpUnreachCodec.flags, AttributeType.MpUnreachNlri, unreach);
    offset = mpUnreachCodec.encode(message.mpUnreach, bytes, offset, context);
  }
  if (message.mpReach) {
    offset = writeAttributeHeader(bytes, offset, mpReachCodec.flags, AttributeType.MpReachNlri, reach);
    offset = mpReachCodec.encode(message.mpReach, bytes, offset, context);
  }
  offset = encodePathAttributes(message.attributes, context, bytes, offset);
  writeU16(bytes, attributesLengthAt, offset - attributesLengthAt - 2);
  for (const nlri of message.nlri) offset = encodeNlri(bytes, offset, nlri, addPath);
  writeHeader(bytes, start, offset - start, MessageType.Update);
  return offset;
}
