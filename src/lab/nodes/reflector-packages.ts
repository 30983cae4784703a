/**
 * The npm packages the reflector's container needs beside the compiled code: koffi, for the socket
 * options Node's `net` lacks (TCP-MD5, TTL security), and its prebuilt binary for this machine. The
 * image has Debian's Node.js and no npm registry, so the lab copies them from rrlab's own
 * node_modules into the node's folder (`app/node_modules`), where Node's resolution finds them.
 */
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** Documentation and build inputs stay behind: the container only loads the code and the binary. */
const LEFT_BEHIND = new Set(['doc', 'vendor', 'CHANGELOG.md', 'README.md', 'cnoke.cjs']);

/** Package name → folder on this machine; throws naming the package when rrlab's install lacks it. */
function packageFolders(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const folders = new Map<string, string>();
  // koffi's `exports` hide its package.json: find the folder from its entry point.
  let koffiFolder = dirname(require.resolve('koffi'));
  while (!existsSync(join(koffiFolder, 'package.json'))) {
    if (dirname(koffiFolder) === koffiFolder)
      throw new Error('koffi has no package.json above its entry point');
    koffiFolder = dirname(koffiFolder);
  }
  const koffiManifest = join(koffiFolder, 'package.json');
  folders.set('koffi', koffiFolder);
  const binary = `@koromix/koffi-${process.platform}-${process.arch}`;
  try {
    folders.set(binary, dirname(createRequire(koffiManifest).resolve(`${binary}/package.json`)));
  } catch {
    throw new Error(`${binary} is not installed: run npm ci (koffi's binary for this machine)`);
  }
  return folders;
}

/** Copies the packages into `<appFolder>/node_modules`. */
export function copyReflectorPackages(appFolder: string): void {
  for (const [name, from] of packageFolders()) {
    const to = join(appFolder, 'node_modules', name);
    if (existsSync(join(to, 'package.json'))) continue;
    cpSync(from, to, {
      recursive: true,
      dereference: true,
      // Only the package's own top-level entries are left behind, never a nested file of that name.
      filter: (source) => dirname(source) !== from || !LEFT_BEHIND.has(basename(source)),
    });
  }
}
