import type { BirdAsPath } from '../bird/index.js';

/** AS_PATH back in BIRD's notation (`64512 {1 2} (65000)`), so steps compare against what BIRD prints. */
export function formatAsPath(path: BirdAsPath): string {
  return path.segments
    .map((segment) => {
      const asns = segment.asns.join(' ');
      switch (segment.type) {
        case 'sequence':
          return asns;
        case 'set':
          return `{${asns}}`;
        case 'confed-sequence':
          return `(${asns})`;
        case 'confed-set':
          return `({${asns}})`;
      }
    })
    .filter((s) => s !== '')
    .join(' ');
}
