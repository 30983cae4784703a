/**
 * Splits a TCP byte stream into whole BGP messages, keeping leftover bytes between chunks
 * (pg-protocol's `Parser`). It looks only at headers; parsing is `decodeMessage`'s job.
 */
import { concatBytes } from './concat.js';
import { checkHeader, messageLength } from './header.js';
import type { CodecError } from './errors.js';
import { DEFAULT_CODEC_CONTEXT, HEADER_LENGTH, type CodecContext } from './messages.js';

export interface FramerOutput {
  /** Complete messages, each a view of exactly one message's bytes (header included). */
  readonly messages: Uint8Array[];
  /** A header error (bad marker, length or type): the stream cannot be resynchronised (RFC 4271 §6.1). */
  readonly error?: CodecError;
}

export class MessageFramer {
  private pending: Uint8Array = new Uint8Array(0);
  private failed = false;

  /** `context` is read on every `push`, so raising the size limit after OPEN (RFC 8654) takes effect at once. */
  constructor(private context: CodecContext = DEFAULT_CODEC_CONTEXT) {}

  setContext(context: CodecContext): void {
    this.context = context;
  }

  /** Octets held back waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): FramerOutput {
    if (this.failed) return { messages: [] };
    const bytes = this.pending.length === 0 ? chunk : concatBytes(this.pending, chunk);
    const messages: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      if (bytes.length - offset < HEADER_LENGTH) break;
      const error = checkHeader(bytes, offset, this.context);
      if (error) {
        this.failed = true;
        this.pending = new Uint8Array(0);
        return { messages, error };
      }
      const length = messageLength(bytes, offset) ?? 0;
      if (bytes.length - offset < length) break;
      messages.push(bytes.subarray(offset, offset + length));
      offset += length;
    }
    // Copy the tail so a caller reusing its chunk buffer cannot corrupt it.
    this.pending = offset === bytes.length ? new Uint8Array(0) : bytes.slice(offset);
    return { messages };
  }
}
