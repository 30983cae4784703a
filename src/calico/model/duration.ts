/**
 * Go `time.Duration` text (as used by BGPPeer `maxRestartTime`, `keepaliveTime` and BGPConfiguration
 * `nodeMeshMaxRestartTime`) converted to whole seconds the way confd hands them to BIRD:
 * `int(math.Round(d.Seconds()))`.
 */
const unitSeconds: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

const durationPart = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/** Parses a Go duration (`10s`, `1h30m`, `1.5m`, `-2s`, `0`) into seconds; throws on malformed text. */
export function parseGoDurationSeconds(text: string): number {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  // Go accepts a bare "0" without a unit, and nothing else without one.
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`invalid duration "${text}"`);
  let total = 0;
  while (rest.length > 0) {
    const match = durationPart.exec(rest);
    if (!match) throw new Error(`invalid duration "${text}"`);
    const [whole, value, unit] = match;
    total += Number(value) * (unitSeconds[unit ?? 's'] ?? 1);
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

/**
 * Seconds as BIRD receives them: rounded half away from zero, like Go's `math.Round`.
 * Accepts a duration string or a plain number of seconds (JSON numbers reach us from some tools).
 */
export function durationToBirdSeconds(value: string | number): number {
  const seconds = typeof value === 'number' ? value : parseGoDurationSeconds(value);
  return Math.sign(seconds) * Math.round(Math.abs(seconds));
}
