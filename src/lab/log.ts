/**
 * Namespaced loggers (`rrlab:engine`, `rrlab:images`, …) writing to stderr. Info lines are shown unless
 * RRLAB_QUIET is set; debug lines only when DEBUG names the namespace (`DEBUG=rrlab:*`), as
 * testcontainers does.
 */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
}

function debugEnabled(namespace: string): boolean {
  const setting = process.env.DEBUG ?? '';
  return setting
    .split(',')
    .map((s) => s.trim())
    .some(
      (pattern) =>
        pattern === namespace || (pattern.endsWith('*') && namespace.startsWith(pattern.slice(0, -1))),
    );
}

export function logger(area: string): Logger {
  const namespace = `rrlab:${area}`;
  const write = (message: string) => process.stderr.write(`${namespace} ${message}\n`);
  return {
    info: (message) => {
      if (!process.env.RRLAB_QUIET) write(message);
    },
    debug: (message) => {
      if (debugEnabled(namespace)) write(message);
    },
    warn: (message) => write(`warning: ${message}`),
  };
}
