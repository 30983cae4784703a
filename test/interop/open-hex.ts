/**
 * Annotated hex for captured OPEN messages: one field per line, `#` comments naming it. The annotation
 * is only a reading aid; tests decode the bytes with rrlab's codec, never trust the comments.
 */

const CAPABILITY_NAMES: Record<number, string> = {
  1: 'Multiprotocol Extensions (RFC 4760)',
  2: 'Route Refresh (RFC 2918)',
  5: 'Extended Next Hop Encoding (RFC 8950)',
  6: 'Extended Message (RFC 8654)',
  9: 'BGP Role (RFC 9234)',
  64: 'Graceful Restart (RFC 4724)',
  65: '4-octet AS number (RFC 6793)',
  69: 'ADD-PATH (RFC 7911)',
  70: 'Enhanced Route Refresh (RFC 7313)',
  71: 'Long-Lived Graceful Restart (RFC 9494)',
  73: 'FQDN (draft-walton-bgp-hostname-capability)',
  128: 'Route Refresh, pre-standard (Cisco)',
};

function hex(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.subarray(from, to)).toString('hex');
}

function line(bytes: Uint8Array, from: number, to: number, comment: string): string {
  return `${hex(bytes, from, to).padEnd(36)} # ${comment}`;
}

/** One OPEN (header included) as annotated hex, after `title` comment lines. */
export function annotateOpen(bytes: Uint8Array, title: readonly string[]): string {
  const view = Buffer.from(bytes);
  const out = title.map((t) => `# ${t}`);
  out.push(line(bytes, 0, 16, 'marker'));
  out.push(line(bytes, 16, 18, `length ${view.readUInt16BE(16)}`));
  out.push(line(bytes, 18, 19, 'type 1 OPEN'));
  out.push(line(bytes, 19, 20, `version ${view[19]}`));
  out.push(line(bytes, 20, 22, `my AS ${view.readUInt16BE(20)}`));
  out.push(line(bytes, 22, 24, `hold time ${view.readUInt16BE(22)} s`));
  out.push(line(bytes, 24, 28, `BGP identifier ${[...bytes.subarray(24, 28)].join('.')}`));
  out.push(line(bytes, 28, 29, `optional parameters length ${view[28]}`));
  let at = 29;
  const end = 29 + (view[28] ?? 0);
  while (at + 2 <= end) {
    const type = view[at]!;
    const length = view[at + 1]!;
    out.push(
      line(
        bytes,
        at,
        at + 2,
        `parameter type ${type}${type === 2 ? ' (capabilities)' : ''}, length ${length}`,
      ),
    );
    const paramEnd = at + 2 + length;
    let cap = at + 2;
    while (type === 2 && cap + 2 <= paramEnd) {
      const code = view[cap]!;
      const capLength = view[cap + 1]!;
      out.push(
        line(
          bytes,
          cap,
          cap + 2,
          `  capability ${code} ${CAPABILITY_NAMES[code] ?? '(unknown)'}, length ${capLength}`,
        ),
      );
      if (capLength > 0) out.push(line(bytes, cap + 2, cap + 2 + capLength, '    value'));
      cap += 2 + capLength;
    }
    if (type !== 2 && length > 0) out.push(line(bytes, at + 2, paramEnd, '  value'));
    at = paramEnd;
  }
  return `${out.join('\n')}\n`;
}

/** The bytes of an annotated hex file: comments and whitespace dropped. */
export function parseAnnotatedHex(text: string): Uint8Array {
  const digits = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits))
    throw new Error('annotated hex holds something other than hex pairs');
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}
