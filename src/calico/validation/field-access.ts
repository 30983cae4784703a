/** Small typed readers over a document's plain data. */

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The `spec` of a document, or an empty object. */
export function specOf(object: Record<string, unknown>): Record<string, unknown> {
  return asRecord(object.spec) ?? {};
}

/** A string field as a Go string: absent or null reads as "". */
export function stringField(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export function isSet(record: Record<string, unknown>, key: string): boolean {
  return record[key] !== undefined && record[key] !== null;
}
