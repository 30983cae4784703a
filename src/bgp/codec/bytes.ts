/**
 * Big-endian reads and writes on plain `Uint8Array`s (network byte order, RFC 4271 §4).
 * Hand-written shifts rather than `DataView`: no view object per call, and V8 inlines them.
 */
import { parseIpv4Number } from '../../net/index.js';

export function readU16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

export function readU24(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 16) | ((bytes[offset + 1] ?? 0) << 8) | (bytes[offset + 2] ?? 0);
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] ?? 0) << 24) |
      ((bytes[offset + 1] ?? 0) << 16) |
      ((bytes[offset + 2] ?? 0) << 8) |
      (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

export function writeU16(bytes: Uint8Array, offset: number, value: number): number {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value;
  return offset + 2;
}

export function writeU24(bytes: Uint8Array, offset: number, value: number): number {
  bytes[offset] = value >>> 16;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value;
  return offset + 3;
}

export function writeU32(bytes: Uint8Array, offset: number, value: number): number {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
  return offset + 4;
}

/** Two octets, big-endian: the Data of a Bad Message Length NOTIFICATION (RFC 4271 §6.1) and similar. */
export function u16Bytes(value: number): Uint8Array {
  return Uint8Array.of(value >>> 8, value & 0xff);
}

/** Parses dotted-quad text to an unsigned 32-bit number (a leading zero read as decimal); undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  return parseIpv4Number(text, { allowLeadingZeros: true });
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
