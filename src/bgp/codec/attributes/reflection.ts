/**
 * ORIGINATOR_ID (type 9) and CLUSTER_LIST (type 10), the route reflection attributes (RFC 4456 §8).
 * Both are optional non-transitive and only meaningful inside one AS.
 */
import { readU32, writeU32 } from '../bytes.js';
import { UpdateMessageErrorSubcode as Sub, AttributeType } from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';
import { formatIpv4Number } from '../../../net/index.js';

const fromExternal = (): AttributeFault =>
  new AttributeFault('attribute-discard', Sub.OptionalAttributeError, 'received from an external peer');

export const originatorIdCodec: AttributeCodec<number> = {
  type: AttributeType.OriginatorId,
  name: 'ORIGINATOR_ID',
  flags: 0x80,
  flagsErrorAction: 'treat-as-withdraw',
  length: () => 4,
  encode: (value, bytes, offset) => writeU32(bytes, offset, value),
  decode(value, context) {
    // RFC 7606 §7.9: discarded from an external peer; from an internal one a length other than four
    // is treat-as-withdraw.
    if (context.peerType === 'external') return fromExternal();
    if (value.length !== 4) {
      return new AttributeFault(
        'treat-as-withdraw',
        Sub.AttributeLengthError,
        `invalid length (${value.length})`,
      );
    }
    return readU32(value, 0);
  },
  format: formatIpv4Number,
};

export const clusterListCodec: AttributeCodec<readonly number[]> = {
  type: AttributeType.ClusterList,
  name: 'CLUSTER_LIST',
  flags: 0x80,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value) => value.length * 4,
  encode(value, bytes, offset) {
    for (const id of value) offset = writeU32(bytes, offset, id);
    return offset;
  },
  decode(value, context) {
    // RFC 7606 §7.10: discarded from an external peer; from an internal one a length that is not a
    // non-zero multiple of four is treat-as-withdraw.
    if (context.peerType === 'external') return fromExternal();
    if (value.length === 0 || value.length % 4 !== 0) {
      return new AttributeFault(
        'treat-as-withdraw',
        Sub.AttributeLengthError,
        `invalid length (${value.length})`,
      );
    }
    const ids: number[] = [];
    for (let offset = 0; offset < value.length; offset += 4) ids.push(readU32(value, offset));
    return ids;
  },
  format: (value) => value.map(formatIpv4Number).join(' '),
};
