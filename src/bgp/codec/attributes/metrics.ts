/** MULTI_EXIT_DISC (type 4) and LOCAL_PREF (type 5): one unsigned 32-bit value each (RFC 4271 §4.3). */
import { readU32, writeU32 } from '../bytes.js';
import { UpdateMessageErrorSubcode as Sub, AttributeType } from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';

function decodeU32(value: Uint8Array): number | AttributeFault {
  if (value.length !== 4) {
    return new AttributeFault(
      'treat-as-withdraw',
      Sub.AttributeLengthError,
      `invalid length (${value.length})`,
    );
  }
  return readU32(value, 0);
}

export const medCodec: AttributeCodec<number> = {
  type: AttributeType.MultiExitDisc,
  name: 'MULTI_EXIT_DISC',
  flags: 0x80,
  flagsErrorAction: 'treat-as-withdraw',
  length: () => 4,
  encode: (value, bytes, offset) => writeU32(bytes, offset, value),
  // RFC 7606 §7.4: a length other than four is treat-as-withdraw.
  decode: decodeU32,
  format: String,
};

export const localPrefCodec: AttributeCodec<number> = {
  type: AttributeType.LocalPref,
  name: 'LOCAL_PREF',
  flags: 0x40,
  flagsErrorAction: 'treat-as-withdraw',
  length: () => 4,
  encode: (value, bytes, offset) => writeU32(bytes, offset, value),
  decode(value, context) {
    // RFC 7606 §7.5 / RFC 4271 §5.1.5: from an external peer the attribute is discarded whatever it
    // holds; from an internal peer a length other than four is treat-as-withdraw.
    if (context.peerType === 'external') {
      return new AttributeFault(
        'attribute-discard',
        Sub.AttributeLengthError,
        'received from an external peer',
      );
    }
    return decodeU32(value);
  },
  format: String,
};
