/**
 * `npm run bench:codec`: encode and decode throughput for one UPDATE of 100 IPv4 /26 prefixes with
 * Calico-like attributes (ORIGIN IGP, empty AS_PATH, NEXT_HOP, LOCAL_PREF, ORIGINATOR_ID,
 * CLUSTER_LIST), as a reflector sends them, next to two baselines measured in the same run:
 *  - `Buffer.copy` of the same UPDATE bytes: the floor for producing those bytes at all;
 *  - a naive encoder: one UPDATE per prefix, each built with `Buffer.concat` of freshly allocated fields.
 */
import { decodeMessage, encodeMessage } from '../src/bgp/codec/message-codec.js';
import { packAnnouncements } from '../src/bgp/codec/update-packer.js';
import { parsePrefix } from '../src/bgp/codec/prefix.js';
import type { CodecContext, PathAttributes, UpdateMessage } from '../src/bgp/codec/messages.js';

const context: CodecContext = {
  fourOctetAs: true,
  addPathReceive: new Set(),
  addPathSend: new Set(),
  extendedMessage: false,
  peerType: 'internal',
};
const attributes: PathAttributes = {
  origin: 0,
  asPath: [],
  nextHop: 0x0a000a01,
  localPref: 2147482623,
  originatorId: 0x0a000a01,
  clusterList: [0xf4000001],
};
const nlri = Array.from({ length: 100 }, (_, i) => parsePrefix(`10.${65 + (i >> 8)}.${i & 0xff}.0/26`));
const update: UpdateMessage = { type: 'update', withdrawn: [], attributes, nlri };
const PREFIXES = nlri.length;

function naiveEncode(): Buffer[] {
  const messages: Buffer[] = [];
  for (const prefix of nlri) {
    const fields = [
      Buffer.from([0x40, 1, 1, 0]),
      Buffer.from([0x40, 2, 0]),
      Buffer.from([0x40, 3, 4, 10, 0, 10, 1]),
      Buffer.from([0x40, 5, 4, 0x7f, 0xff, 0xfb, 0xff]),
      Buffer.from([0x80, 9, 4, 10, 0, 10, 1]),
      Buffer.from([0x80, 10, 4, 0xf4, 0, 0, 1]),
    ];
    const attrs = Buffer.concat(fields);
    const nlriBytes = Buffer.from([prefix.length, ...prefix.address.subarray(0, (prefix.length + 7) >> 3)]);
    const body = Buffer.concat([
      Buffer.from([0, 0, attrs.length >> 8, attrs.length & 0xff]),
      attrs,
      nlriBytes,
    ]);
    const header = Buffer.alloc(19, 0xff);
    header.writeUInt16BE(19 + body.length, 16);
    header[18] = 2;
    messages.push(Buffer.concat([header, body]));
  }
  return messages;
}

let sink = 0;
/** Runs `work` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
function measure(work: () => number, ms = 1000): number {
  for (let i = 0; i < 2000; i++) sink += work();
  let operations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) sink += work();
    operations += 500;
    now = performance.now();
  }
  return (operations * 1000) / (now - start);
}

const bytes = encodeMessage(update, context);
const source = Buffer.from(bytes);
const target = Buffer.alloc(source.length);

const results = {
  encodeUpdate: measure(() => encodeMessage(update, context).length),
  packAnnouncements: measure(() => packAnnouncements({ afi: 1, safi: 1, attributes, nlri }, context).length),
  decode: measure(() => {
    const result = decodeMessage(bytes, context);
    return result.action === 'none' && result.message.type === 'update' ? result.message.nlri.length : -1;
  }),
  bufferCopy: measure(() => source.copy(target)),
  naive: measure(() => naiveEncode().length),
};

const row = (name: string, perSecond: number): string =>
  `${name.padEnd(46)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ops/s ${Math.round(
    perSecond * PREFIXES,
  )
    .toLocaleString('en-US')
    .padStart(14)} prefixes/s`;

console.log(
  `UPDATE of ${PREFIXES} IPv4 /26 prefixes, ${bytes.length} octets, Calico-like attributes; Node ${process.version}`,
);
console.log(row('encode (encodeMessage)', results.encodeUpdate));
console.log(row('encode (packAnnouncements, encode once per group)', results.packAnnouncements));
console.log(row('decode (decodeMessage)', results.decode));
console.log(row('baseline: Buffer.copy of the same bytes', results.bufferCopy));
console.log(row('baseline: naive encoder, one UPDATE per prefix', results.naive));
console.log(`ratio encode / naive encoder:      ${(results.encodeUpdate / results.naive).toFixed(2)}×`);
console.log(`ratio packAnnouncements / naive:   ${(results.packAnnouncements / results.naive).toFixed(2)}×`);
console.log(`ratio encode / Buffer.copy:        ${(results.encodeUpdate / results.bufferCopy).toFixed(3)}×`);
console.log(`ratio decode / Buffer.copy:        ${(results.decode / results.bufferCopy).toFixed(3)}×`);
if (sink === 0.5) console.log('');
