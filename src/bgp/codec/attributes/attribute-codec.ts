/**
 * The shape every path attribute codec has: encode, decode, length and format side by side (GoBGP's
 * `PathAttributeInterface`, BIRD's `bgp_attr_table` rows). Codecs see only the attribute value; the
 * UPDATE codec writes the flags/type/length header (RFC 4271 §4.3) and checks the flags.
 */
import type { ErrorAction } from '../errors.js';
import type { CodecContext } from '../messages.js';

/** A malformed attribute value and what RFC 7606 says to do about it. */
export class AttributeFault {
  constructor(
    readonly action: ErrorAction,
    /** UPDATE Message Error subcode (RFC 4271 §6.3). */
    readonly subcode: number,
    readonly reason: string,
  ) {}
}

export interface AttributeCodec<V> {
  readonly type: number;
  /** Upper-case RFC name, as BIRD prints it in errors: `ORIGIN`, `CLUSTER_LIST`. */
  readonly name: string;
  /** The Optional and Transitive bits this attribute must carry (RFC 4271 §5, RFC 7606 §3(c)). */
  readonly flags: number;
  /** What a malformed instance calls for when its flags are wrong (RFC 7606 §3(c)). */
  readonly flagsErrorAction: ErrorAction;
  /** Octets of the value `encode` writes. */
  length(value: V, context: CodecContext): number;
  /** Writes the value at `offset`; returns the offset after it. */
  encode(value: V, bytes: Uint8Array, offset: number, context: CodecContext): number;
  /** Decodes a value from exactly the attribute's value octets. */
  decode(value: Uint8Array, context: CodecContext): V | AttributeFault;
  /** Human-readable text, close to BIRD's `show route all` output. */
  format(value: V): string;
}
