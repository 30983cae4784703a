import { randomBytes } from 'node:crypto';

/**
 * A random unique local IPv6 prefix (RFC 4193 §3.2): `fd` and a 40-bit global ID, subnet 0, as the
 * text before `::/64` (`fdxx:xxxx:xxxx:0`).
 */
export function randomUlaPrefix(random: () => Buffer = () => randomBytes(5)): string {
  const bytes = random();
  const hex = (i: number) => bytes[i]!.toString(16).padStart(2, '0');
  return `fd${hex(0)}:${hex(1)}${hex(2)}:${hex(3)}${hex(4)}:0`;
}
