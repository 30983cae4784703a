/** NEXT_HOP (type 3, well-known mandatory for IPv4 NLRI; RFC 4271 §4.3, §5.1.3). */
import { readU32, writeU32 } from '../bytes.js';
import { UpdateMessageErrorSubcode as Sub, AttributeType } from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';
import { formatIpv4Number } from '../../../net/index.js';

export const nextHopCodec: AttributeCodec<number> = {
  type: AttributeType.NextHop,
  name: 'NEXT_HOP',
  flags: 0x40,
  flagsErrorAction: 'treat-as-withdraw',
  length: () => 4,
  encode: (value, bytes, offset) => writeU32(bytes, offset, value),
  decode(value) {
    // RFC 7606 §7.3: a length other than four is treat-as-withdraw. Whether the address is usable
    // (not the receiver's own, RFC 4271 §6.3) is the session's decision, not the codec's.
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
