/**
 * Socket errors in BIRD's wording: BIRD prints `strerror()` after `Socket: `, so the text is the C
 * library's, not Node's (`Connection refused`, not `connect ECONNREFUSED 127.0.0.1:179`).
 */

const strerror: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EPIPE: 'Broken pipe',
  ECONNABORTED: 'Software caused connection abort',
  EACCES: 'Permission denied',
};

export function socketErrorText(error: NodeJS.ErrnoException): string {
  return (error.code !== undefined ? strerror[error.code] : undefined) ?? error.message;
}
