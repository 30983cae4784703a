/**
 * `{{ip "name"}}` and `{{ip6 "name"}}` in docstrings (BIRD configs, Calico resources) are replaced by
 * the node's lab addresses before the text is parsed. Anything else between double braces is an
 * error naming the placeholder and its line, so a typo never reaches BIRD or the datastore.
 */
export interface AddressLookup {
  ipv4(name: string): string;
  ipv6(name: string): string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export function expandPlaceholders(text: string, addresses: AddressLookup): string {
  return text.replace(/\{\{(.*?)\}\}/g, (whole, inner: string, offset: number) => {
    const line = text.slice(0, offset).split('\n').length;
    const match = /^\s*(ip6?)\s+"([^"]+)"\s*$/.exec(inner);
    if (!match) {
      throw new TemplateError(
        `line ${line}: unknown placeholder ${whole} (expected {{ip "name"}} or {{ip6 "name"}})`,
      );
    }
    try {
      return match[1] === 'ip' ? addresses.ipv4(match[2]!) : addresses.ipv6(match[2]!);
    } catch (error) {
      throw new TemplateError(
        `line ${line}: ${whole}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}
