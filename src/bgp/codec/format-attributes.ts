/** One line per attribute, BIRD `show route all` style (`BGP.origin: IGP`), from each codec's `format`. */
import { toHex } from './bytes.js';
import type { PathAttributes } from './messages.js';
import { fieldAttributes } from './attributes/attribute-table.js';

export function formatPathAttributes(attributes: PathAttributes): string[] {
  const record = attributes as Record<string, unknown>;
  const lines: string[] = [];
  for (const { codec, field } of fieldAttributes) {
    const value = record[field];
    if (value === undefined || value === false) continue;
    lines.push(`${codec.name}: ${codec.format(value)}`.trimEnd());
  }
  for (const raw of attributes.unknown ?? []) {
    lines.push(`attribute ${raw.type} [flags 0x${raw.flags.toString(16)}]: ${toHex(raw.value)}`);
  }
  return lines;
}
