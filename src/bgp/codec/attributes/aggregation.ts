/**
 * ATOMIC_AGGREGATE (type 6), AGGREGATOR (type 7) and AS4_AGGREGATOR (type 18): informational
 * attributes that do not affect route selection, so RFC 7606 §7.6, §7.7 and RFC 6793 §6 discard a
 * malformed instance instead of withdrawing the routes.
 */
import { AS_TRANS, UpdateMessageErrorSubcode as Sub, AttributeType, type Aggregator } from '../messages.js';
import { readU16, readU32, writeU16, writeU32 } from '../bytes.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';
import { formatIpv4Number } from '../../../net/index.js';

export const atomicAggregateCodec: AttributeCodec<boolean> = {
  type: AttributeType.AtomicAggregate,
  name: 'ATOMIC_AGGREGATE',
  flags: 0x40,
  flagsErrorAction: 'attribute-discard',
  length: () => 0,
  encode: (_value, _bytes, offset) => offset,
  decode(value) {
    if (value.length !== 0) {
      return new AttributeFault(
        'attribute-discard',
        Sub.AttributeLengthError,
        `invalid length (${value.length})`,
      );
    }
    return true;
  },
  format: () => '',
};

function decodeAggregator(value: Uint8Array, asWidth: 2 | 4): Aggregator | AttributeFault {
  if (value.length !== asWidth + 4) {
    return new AttributeFault(
      'attribute-discard',
      Sub.AttributeLengthError,
      `invalid length (${value.length})`,
    );
  }
  const asn = asWidth === 4 ? readU32(value, 0) : readU16(value, 0);
  // RFC 7607 §2: AS 0 makes the attribute malformed; for AGGREGATOR that means discard (RFC 7606 §7.7).
  if (asn === 0) return new AttributeFault('attribute-discard', Sub.OptionalAttributeError, 'AS 0');
  return { asn, address: readU32(value, asWidth) };
}

const formatAggregator = (value: Aggregator): string => `${formatIpv4Number(value.address)} AS${value.asn}`;

/** AGGREGATOR: a 2-octet AS toward OLD speakers (AS_TRANS when it needs 4, RFC 6793 §4.2.2), else 4. */
export const aggregatorCodec: AttributeCodec<Aggregator> = {
  type: AttributeType.Aggregator,
  name: 'AGGREGATOR',
  flags: 0xc0,
  flagsErrorAction: 'attribute-discard',
  length: (_value, context) => (context.fourOctetAs ? 8 : 6),
  encode(value, bytes, offset, context) {
    offset = context.fourOctetAs
      ? writeU32(bytes, offset, value.asn)
      : writeU16(bytes, offset, value.asn > 0xffff ? AS_TRANS : value.asn);
    return writeU32(bytes, offset, value.address);
  },
  decode: (value, context) => decodeAggregator(value, context.fourOctetAs ? 4 : 2),
  format: formatAggregator,
};

/** AS4_AGGREGATOR (RFC 6793 §3): always a 4-octet AS; only meaningful from OLD speakers. */
export const as4AggregatorCodec: AttributeCodec<Aggregator> = {
  type: AttributeType.As4Aggregator,
  name: 'AS4_AGGREGATOR',
  flags: 0xc0,
  flagsErrorAction: 'attribute-discard',
  length: () => 8,
  encode(value, bytes, offset) {
    return writeU32(bytes, writeU32(bytes, offset, value.asn), value.address);
  },
  decode: (value) => decodeAggregator(value, 4),
  format: formatAggregator,
};
