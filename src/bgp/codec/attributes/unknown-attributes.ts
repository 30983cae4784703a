/**
 * Unrecognised attributes on the way out (RFC 4271 §5, §9.1.4 wording in §5): optional transitive ones
 * are passed on with the Partial bit set; optional non-transitive ones are not passed on.
 */
import { AttributeFlag, type RawAttribute } from '../messages.js';

export function propagatedUnknownAttributes(unknown: readonly RawAttribute[]): RawAttribute[] {
  const kept: RawAttribute[] = [];
  for (const attribute of unknown) {
    if ((attribute.flags & AttributeFlag.Transitive) === 0) continue;
    kept.push({ ...attribute, flags: attribute.flags | AttributeFlag.Partial });
  }
  return kept;
}
