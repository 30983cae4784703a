/**
 * Cucumber's message stream (messages.ndjson), one envelope a line. A run that was interrupted
 * leaves its last line cut off: that line is dropped rather than failing the reports of the rest.
 */
export function readEnvelopes<Envelope>(ndjson: string): Envelope[] {
  const envelopes: Envelope[] = [];
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    try {
      envelopes.push(JSON.parse(line) as Envelope);
    } catch {
      // A cut-off line (a killed writer); any other line of the stream still counts.
    }
  }
  return envelopes;
}
