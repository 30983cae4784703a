/** The texts of `texts` that `parse` accepts: a test expects none. */
export function acceptedOf(parse: (text: string) => unknown, texts: readonly string[]): string[] {
  return texts.filter((text) => parse(text) !== undefined);
}
