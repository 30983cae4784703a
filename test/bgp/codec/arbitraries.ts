/** fast-check generators for codec values, producing only normalised values (what the decoder returns). */
import fc from 'fast-check';
import type {
  AsPathSegment,
  Capability,
  CodecContext,
  Message,
  Nlri,
  OpenMessage,
  PathAttributes,
  RawAttribute,
  UpdateMessage,
} from '../../../src/bgp/codec/messages.js';
import { familyKey } from '../../../src/bgp/codec/messages.js';

export const u32 = fc.integer({ min: 0, max: 0xffffffff });
const nonZeroU32 = fc.integer({ min: 1, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 0xff });

export function contextArbitrary(): fc.Arbitrary<CodecContext> {
  const families = fc.subarray([familyKey(1, 1), familyKey(2, 1), familyKey(1, 2), familyKey(2, 2)]);
  return fc.record({
    fourOctetAs: fc.boolean(),
    addPathReceive: families.map((list) => new Set(list)),
    addPathSend: families.map((list) => new Set(list)),
    extendedMessage: fc.constant(true),
    peerType: fc.constant('internal' as const),
  });
}

/** A context whose send and receive ADD-PATH sets agree, so encode then decode sees the same framing. */
export function symmetricContext(context: CodecContext): CodecContext {
  return { ...context, addPathReceive: context.addPathSend };
}

export function nlriArbitrary(afi: 1 | 2, pathIds: boolean): fc.Arbitrary<Nlri> {
  const width = afi === 1 ? 4 : 16;
  return fc
    .record({
      length: fc.integer({ min: 0, max: width * 8 }),
      bytes: fc.uint8Array({ minLength: width, maxLength: width }),
      pathId: pathIds ? u32 : fc.constant(0),
    })
    .map(({ length, bytes, pathId }) => {
      const address = new Uint8Array(width);
      for (let bit = 0; bit < length; bit++) {
        if ((bytes[bit >>> 3] ?? 0) & (0x80 >>> (bit & 7)))
          address[bit >>> 3] = (address[bit >>> 3] ?? 0) | (0x80 >>> (bit & 7));
      }
      return { afi, length, address, pathId };
    });
}

/** Segments valid in any context: in 2-octet sessions confederation segments carry only 2-octet ASes. */
export function asPathArbitrary(fourOctetAs: boolean): fc.Arbitrary<AsPathSegment[]> {
  const asn = fc.integer({ min: 1, max: 0xffffffff });
  const smallAsn = fc.integer({ min: 1, max: 0xffff });
  const plain = fc.record({
    type: fc.constantFrom(1, 2),
    asns: fc.array(asn, { minLength: 1, maxLength: 8 }),
  });
  const confed = fc.record({
    type: fc.constantFrom(3, 4),
    asns: fc.array(fourOctetAs ? asn : smallAsn, { minLength: 1, maxLength: 4 }),
  });
  // Confederation segments lead the path (RFC 5065 §3), and adjacent sequences would merge on AS4 reconstruction.
  return fc
    .tuple(fc.array(confed, { maxLength: 1 }), fc.array(plain, { maxLength: 4 }))
    .map(([head, tail]) => [...head, ...tail])
    .filter((segments) =>
      segments.every((s, i) => i === 0 || !(s.type === 2 && segments[i - 1]?.type === 2)),
    );
}

const knownTypes = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32]);

export const rawAttributesArbitrary: fc.Arbitrary<RawAttribute[]> = fc
  .uniqueArray(
    fc.record({
      type: fc.integer({ min: 0, max: 255 }).filter((t) => !knownTypes.has(t)),
      // Optional always (an unknown well-known attribute is an error); transitive and partial vary.
      flags: fc.constantFrom(0x80, 0xc0, 0xe0, 0xa0),
      value: fc.uint8Array({ maxLength: 300 }),
    }),
    { selector: (a) => a.type, maxLength: 3 },
  )
  .map((list) => [...list].sort((a, b) => a.type - b.type));

export function pathAttributesArbitrary(fourOctetAs: boolean): fc.Arbitrary<PathAttributes> {
  return fc.record(
    {
      origin: fc.constantFrom(0 as const, 1 as const, 2 as const),
      asPath: asPathArbitrary(fourOctetAs),
      nextHop: u32,
      med: u32,
      localPref: u32,
      atomicAggregate: fc.constant(true),
      aggregator: fc.record({ asn: fc.integer({ min: 1, max: 0xffffffff }), address: u32 }),
      communities: fc.array(u32, { minLength: 1, maxLength: 10 }),
      originatorId: u32,
      clusterList: fc.array(u32, { minLength: 1, maxLength: 80 }),
      extendedCommunities: fc.array(fc.uint8Array({ minLength: 8, maxLength: 8 }), {
        minLength: 1,
        maxLength: 4,
      }),
      largeCommunities: fc.uniqueArray(fc.record({ globalAdmin: u32, localData1: u32, localData2: u32 }), {
        minLength: 1,
        maxLength: 4,
        selector: (c) => `${c.globalAdmin}:${c.localData1}:${c.localData2}`,
      }),
      unknown: rawAttributesArbitrary.filter((list) => list.length > 0),
    },
    { requiredKeys: [] },
  );
}

export function updateArbitrary(context: CodecContext): fc.Arbitrary<UpdateMessage> {
  const pathIds4 = context.addPathSend.has(familyKey(1, 1));
  const mpFamily = fc.constantFrom([1, 2] as const, [2, 1] as const, [2, 2] as const);
  const mpReach = mpFamily.chain(([afi, safi]) =>
    fc.record({
      afi: fc.constant(afi),
      safi: fc.constant(safi),
      nextHop: (afi === 1 ? fc.constant(4) : fc.constantFrom(16, 32)).chain((n) =>
        fc.uint8Array({ minLength: n, maxLength: n }),
      ),
      nlri: fc.array(nlriArbitrary(afi, context.addPathSend.has(familyKey(afi, safi))), { maxLength: 20 }),
    }),
  );
  const mpUnreach = mpFamily.chain(([afi, safi]) =>
    fc.record({
      afi: fc.constant(afi),
      safi: fc.constant(safi),
      withdrawn: fc.array(nlriArbitrary(afi, context.addPathSend.has(familyKey(afi, safi))), {
        maxLength: 20,
      }),
    }),
  );
  return fc
    .record(
      {
        withdrawn: fc.array(nlriArbitrary(1, pathIds4), { maxLength: 20 }),
        attributes: pathAttributesArbitrary(context.fourOctetAs),
        mpReach,
        mpUnreach,
        nlri: fc.array(nlriArbitrary(1, pathIds4), { maxLength: 20 }),
      },
      { requiredKeys: ['withdrawn', 'attributes', 'nlri'] },
    )
    .map((update) => {
      // A well-formed UPDATE that reaches something carries the mandatory attributes (RFC 4271 §5.1).
      const reaches = update.nlri.length > 0 || (update.mpReach?.nlri.length ?? 0) > 0;
      const attributes: PathAttributes = reaches
        ? {
            origin: 0,
            asPath: [],
            ...update.attributes,
            ...(update.nlri.length > 0 ? { nextHop: update.attributes.nextHop ?? 1 } : {}),
          }
        : update.attributes;
      return { type: 'update' as const, ...update, attributes };
    });
}

export const capabilityArbitrary: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ kind: fc.constant('multiprotocol' as const), afi: u16, safi: u8 }),
  fc.constant({ kind: 'route-refresh' as const }),
  fc.constant({ kind: 'extended-message' as const }),
  fc.constant({ kind: 'enhanced-route-refresh' as const }),
  fc.record({ kind: fc.constant('four-octet-as' as const), asn: nonZeroU32 }),
  fc.record({
    kind: fc.constant('graceful-restart' as const),
    restarting: fc.boolean(),
    notification: fc.boolean(),
    restartTimeSeconds: fc.integer({ min: 0, max: 4095 }),
    families: fc.array(fc.record({ afi: u16, safi: u8, forwardingPreserved: fc.boolean() }), {
      maxLength: 4,
    }),
  }),
  fc.record({
    kind: fc.constant('add-path' as const),
    families: fc.array(fc.record({ afi: u16, safi: u8, sendReceive: u8 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('long-lived-graceful-restart' as const),
    families: fc.array(
      fc.record({ afi: u16, safi: u8, flags: u8, staleTimeSeconds: fc.integer({ min: 0, max: 0xffffff }) }),
      {
        maxLength: 4,
      },
    ),
  }),
  fc.record({
    kind: fc.constant('fqdn' as const),
    hostname: fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')),
      maxLength: 40,
    }),
    domainName: fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz.'.split('')),
      maxLength: 40,
    }),
  }),
  fc.record({
    kind: fc.constant('unknown' as const),
    code: fc.integer({ min: 74, max: 255 }),
    value: fc.uint8Array({ maxLength: 20 }),
  }),
);

export const openArbitrary: fc.Arbitrary<OpenMessage> = fc
  .record({
    myAs: fc.integer({ min: 1, max: 0xffff }),
    holdTime: fc.oneof(fc.constant(0), fc.integer({ min: 3, max: 0xffff })),
    bgpId: nonZeroU32,
    capabilities: fc.array(capabilityArbitrary, { maxLength: 40 }),
    extended: fc.boolean(),
  })
  .map(({ extended, ...rest }) => {
    const open = { type: 'open' as const, version: 4, ...rest };
    return extended ? { ...open, extendedParameters: true } : open;
  });

export function messageArbitrary(context: CodecContext): fc.Arbitrary<Message> {
  return fc.oneof(
    openArbitrary,
    updateArbitrary(context),
    fc.record({
      type: fc.constant('notification' as const),
      code: u8,
      subcode: u8,
      data: fc.uint8Array({ maxLength: 64 }),
    }),
    fc.constant({ type: 'keepalive' as const }),
    fc.record({ type: fc.constant('route-refresh' as const), afi: u16, safi: u8, subtype: u8 }),
  );
}
