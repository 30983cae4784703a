/**
 * For an undefined step, the defined phrases that read most like it: quoted arguments and parameter
 * slots are made alike, then phrases are ranked by word-level edit distance.
 */
function words(text: string): string[] {
  return text
    .replace(/"[^"]*"/g, ' ARG ')
    .replace(/\{[a-z]*\}/gi, ' ARG ')
    .replace(/\d+/g, ' NUM ')
    .replace(/[()/]/g, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function nearestPhrases(text: string, phrases: readonly string[], count = 3): string[] {
  const target = words(text);
  return [...new Set(phrases)]
    .map((phrase) => ({ phrase, distance: editDistance(target, words(phrase)) }))
    .sort((x, y) => x.distance - y.distance || x.phrase.localeCompare(y.phrase))
    .slice(0, count)
    .map((entry) => entry.phrase);
}
