/**
 * One generic round-trip check for every codec (dns-packet's `testEncoder`): encoding at a random
 * offset writes exactly `length` octets and nothing outside them, decoding gives the value back, and
 * re-encoding the decoded value gives the same bytes.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

export interface CodecUnderTest<T> {
  length(value: T): number;
  /** Writes at `offset`, returns the offset after the value. */
  encode(value: T, bytes: Uint8Array, offset: number): number;
  /** Decodes exactly `bytes`; returns undefined when the codec reports any error. */
  decode(bytes: Uint8Array): T | undefined;
}

const CANARY = 0xa5;

export function encodeAt<T>(codec: CodecUnderTest<T>, value: T, offset: number): Uint8Array {
  const length = codec.length(value);
  const buffer = new Uint8Array(offset + length + 8).fill(CANARY);
  const end = codec.encode(value, buffer, offset);
  assert.equal(end - offset, length, 'length() must equal the octets written');
  for (let i = 0; i < offset; i++)
    assert.equal(buffer[i], CANARY, `octet ${i} before the value was overwritten`);
  for (let i = end; i < buffer.length; i++)
    assert.equal(buffer[i], CANARY, `octet ${i} after the value was overwritten`);
  return buffer.slice(offset, end);
}

export function checkRoundTrip<T>(
  codec: CodecUnderTest<T>,
  arbitrary: fc.Arbitrary<T>,
  parameters: fc.Parameters<[T, number]> = { numRuns: 300 },
): void {
  fc.assert(
    fc.property(arbitrary, fc.integer({ min: 0, max: 17 }), (value, offset) => {
      const bytes = encodeAt(codec, value, offset);
      const decoded = codec.decode(bytes);
      // structuredClone: fast-check records have a null prototype, decoded values a plain one.
      assert.deepStrictEqual(decoded, structuredClone(value));
      assert.deepStrictEqual(encodeAt(codec, decoded as T, 0), bytes, 're-encoding must give the same bytes');
    }),
    parameters,
  );
}
