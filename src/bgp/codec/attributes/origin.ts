/** ORIGIN (type 1, well-known mandatory; RFC 4271 §4.3, §5.1.1). */
import { UpdateMessageErrorSubcode as Sub, AttributeType, type OriginValue } from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';

const names = ['IGP', 'EGP', 'Incomplete'] as const;

export const originCodec: AttributeCodec<OriginValue> = {
  type: AttributeType.Origin,
  name: 'ORIGIN',
  flags: 0x40,
  flagsErrorAction: 'treat-as-withdraw',
  length: () => 1,
  encode(value, bytes, offset) {
    bytes[offset] = value;
    return offset + 1;
  },
  decode(value) {
    // RFC 7606 §7.1: a length other than one, or an undefined value, is treat-as-withdraw.
    if (value.length !== 1) {
      return new AttributeFault(
        'treat-as-withdraw',
        Sub.AttributeLengthError,
        `invalid length (${value.length})`,
      );
    }
    const origin = value[0] ?? 0;
    if (origin > 2)
      return new AttributeFault('treat-as-withdraw', Sub.InvalidOriginAttribute, `invalid value (${origin})`);
    return origin as OriginValue;
  },
  format: (value) => names[value],
};
