/**
 * Builds raw messages from hand-written field bytes, independently of the encoder under test
 * (pg-protocol's `BufferList`): only the header length is computed.
 */
export function message(type: number, body: readonly number[]): Uint8Array {
  const length = 19 + body.length;
  return Uint8Array.from([...new Array<number>(16).fill(0xff), length >> 8, length & 0xff, type, ...body]);
}

/** UPDATE with the given withdrawn-routes bytes, attribute bytes and NLRI bytes. */
export function update(
  attributes: readonly number[],
  nlri: readonly number[] = [24, 10, 0, 0],
  withdrawn: readonly number[] = [],
): Uint8Array {
  return message(2, [
    withdrawn.length >> 8,
    withdrawn.length & 0xff,
    ...withdrawn,
    attributes.length >> 8,
    attributes.length & 0xff,
    ...attributes,
    ...nlri,
  ]);
}

/** ORIGIN IGP, empty AS_PATH, NEXT_HOP 192.0.2.1: the least a well-formed IPv4 announcement carries. */
export const ORIGIN_IGP = [0x40, 0x01, 0x01, 0x00];
export const EMPTY_AS_PATH = [0x40, 0x02, 0x00];
export const NEXT_HOP = [0x40, 0x03, 0x04, 192, 0, 2, 1];
export const MANDATORY = [...ORIGIN_IGP, ...EMPTY_AS_PATH, ...NEXT_HOP];

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
