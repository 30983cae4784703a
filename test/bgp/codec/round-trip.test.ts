import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkRoundTrip, type CodecUnderTest } from './round-trip-checker.js';
import {
  asPathArbitrary,
  capabilityArbitrary,
  contextArbitrary,
  messageArbitrary,
  nlriArbitrary,
  openArbitrary,
  pathAttributesArbitrary,
  symmetricContext,
  updateArbitrary,
} from './arbitraries.js';
import {
  decodeMessage,
  encodeMessageInto,
  encodedMessageLength,
} from '../../../src/bgp/codec/message-codec.js';
import {
  DEFAULT_CODEC_CONTEXT,
  type CodecContext,
  type Message,
  type PathAttributes,
} from '../../../src/bgp/codec/messages.js';
import { attributeTable } from '../../../src/bgp/codec/attributes/attribute-table.js';
import { AttributeFault, type AttributeCodec } from '../../../src/bgp/codec/attributes/attribute-codec.js';
import { decodeCapability, encodeCapability } from '../../../src/bgp/codec/capabilities.js';
import { decodeNlriList, encodeNlri, nlriLength } from '../../../src/bgp/codec/prefix.js';
import { needsAs4Path } from '../../../src/bgp/codec/attributes/as-path.js';
import {
  encodePathAttributes,
  pathAttributesLength,
  decodeUpdateBody,
} from '../../../src/bgp/codec/update.js';

function messageCodec(context: CodecContext): CodecUnderTest<Message> {
  return {
    length: (message) => encodedMessageLength(message, context),
    encode: (message, bytes, offset) => encodeMessageInto(message, context, bytes, offset),
    decode(bytes) {
      const result = decodeMessage(bytes, context);
      return result.action === 'none' ? result.message : undefined;
    },
  };
}

function attributeCodec<V>(codec: AttributeCodec<V>, context: CodecContext): CodecUnderTest<V> {
  return {
    length: (value) => codec.length(value, context),
    encode: (value, bytes, offset) => codec.encode(value, bytes, offset, context),
    decode(bytes) {
      const value = codec.decode(bytes, context);
      return value instanceof AttributeFault ? undefined : value;
    },
  };
}

/** RFC 6793 §4.2.3: a 2-octet AGGREGATOR AS other than AS_TRANS hides AS4_PATH, so such sets do not round-trip by design. */
function reconstructible(attributes: PathAttributes, context: CodecContext): boolean {
  if (context.fourOctetAs || attributes.aggregator === undefined || attributes.asPath === undefined)
    return true;
  return !(
    attributes.aggregator.asn <= 0xffff &&
    attributes.aggregator.asn !== 23456 &&
    needsAs4Path(attributes.asPath)
  );
}

const contexts = fc.sample(contextArbitrary(), { numRuns: 8, seed: 42 }).map(symmetricContext);
const as2: CodecContext = { ...DEFAULT_CODEC_CONTEXT, extendedMessage: true };
const as4: CodecContext = { ...as2, fourOctetAs: true };

describe('round trip: decode(encode(x)) = x, length = octets written, encode at an offset', () => {
  test('every message type, several negotiated contexts (RFC 4271 §4)', () => {
    for (const context of contexts) {
      checkRoundTrip(
        messageCodec(context),
        messageArbitrary(context).filter(
          (m) => m.type !== 'update' || reconstructible(m.attributes, context),
        ),
        { numRuns: 150 },
      );
    }
  });

  test('OPEN with capabilities, classic and RFC 9072 extended parameters (RFC 5492 §4, RFC 9072 §2)', () => {
    checkRoundTrip(messageCodec(as4), openArbitrary, { numRuns: 300 });
  });

  test('UPDATE with 2-octet AS sessions rebuilds 4-octet paths from AS4_PATH (RFC 6793 §4.2.2, §4.2.3)', () => {
    checkRoundTrip(
      messageCodec(as2),
      updateArbitrary(as2).filter((m) => reconstructible(m.attributes, as2)),
      { numRuns: 300 },
    );
  });

  test('path attribute sets, canonical order (RFC 4271 §4.3)', () => {
    for (const context of [as2, as4]) {
      const codec: CodecUnderTest<PathAttributes> = {
        length: (value) => pathAttributesLength(value, context),
        encode: (value, bytes, offset) => encodePathAttributes(value, context, bytes, offset),
        decode(bytes) {
          // Wrap the attributes in a withdraw-only UPDATE body so the UPDATE decoder does the work.
          const body = new Uint8Array(4 + bytes.length);
          body[2] = bytes.length >>> 8;
          body[3] = bytes.length & 0xff;
          body.set(bytes, 4);
          const result = decodeUpdateBody(body, 0, body.length, context);
          return result.action === 'none' && result.message.type === 'update'
            ? result.message.attributes
            : undefined;
        },
      };
      checkRoundTrip(
        codec,
        pathAttributesArbitrary(context.fourOctetAs).filter((a) => reconstructible(a, context)),
        { numRuns: 300 },
      );
    }
  });

  test('each attribute codec in the table on its own', () => {
    const samples = fc.sample(pathAttributesArbitrary(true), { numRuns: 200, seed: 7 });
    for (const entry of attributeTable) {
      if (entry?.field === undefined) continue;
      const field = entry.field;
      const values = samples.map((s) => s[field]).filter((v) => v !== undefined);
      checkRoundTrip(attributeCodec(entry.codec, as4), fc.constantFrom(...values), { numRuns: 50 });
    }
  });

  test('AS_PATH segments with 2- and 4-octet ASes (RFC 4271 §4.3, RFC 6793 §3)', () => {
    const codec = attributeTable[2]?.codec as AttributeCodec<unknown>;
    checkRoundTrip(attributeCodec(codec, as4), asPathArbitrary(true));
    checkRoundTrip(
      attributeCodec(codec, as2),
      asPathArbitrary(false).map((path) =>
        path.map((s) => ({ ...s, asns: s.asns.map((a) => (a > 0xffff ? 1 + (a % 0xffff) : a)) })),
      ),
    );
  });

  test('capabilities as code-length-value triples (RFC 5492 §4)', () => {
    checkRoundTrip(
      {
        length: (cap) => 2 + encodeCapability(cap).value.length,
        encode(cap, bytes, offset) {
          const { code, value } = encodeCapability(cap);
          bytes[offset] = code;
          bytes[offset + 1] = value.length;
          bytes.set(value, offset + 2);
          return offset + 2 + value.length;
        },
        decode: (bytes) => decodeCapability(bytes[0] ?? 0, bytes.subarray(2)),
      },
      capabilityArbitrary,
    );
  });

  test('NLRI with and without ADD-PATH Path Identifiers (RFC 4271 §4.3, RFC 7911 §3)', () => {
    for (const afi of [1, 2] as const) {
      for (const addPath of [false, true]) {
        checkRoundTrip(
          {
            length: (nlri) => nlriLength(nlri, addPath),
            encode: (nlri, bytes, offset) => encodeNlri(bytes, offset, nlri, addPath),
            decode(bytes) {
              const list = decodeNlriList(bytes, 0, bytes.length, afi, addPath);
              return typeof list === 'string' || list.length !== 1 ? undefined : list[0];
            },
          },
          nlriArbitrary(afi, addPath),
        );
      }
    }
  });
});
