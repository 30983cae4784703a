import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { containerRuntime } from '../runtime/shared.js';
import { logger } from '../log.js';
import {
  IMAGE_REPOSITORY,
  IMAGE_SPECS,
  externalBaseImage,
  imageTags,
  imagesRoot,
  type ImageName,
} from './catalog.js';

const log = logger('images');

export interface BuildOptions {
  /** Rebuild even when an image with the same input hash exists. */
  force?: boolean;
  /** Where progress lines go. */
  progress?: (line: string) => void;
}

function imageExists(tag: string): Promise<boolean> {
  return containerRuntime().imageExists(tag);
}

function readConf(path: string): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) conf[match[1]!] = match[2]!;
  }
  return conf;
}

async function streamLines(
  command: string,
  args: string[],
  prefix: string,
  progress: (line: string) => void,
  env: Record<string, string> = {},
): Promise<void> {
  const child = execa(command, args, { all: true, env, reject: false, buffer: { all: false } });
  const tail: string[] = [];
  child.all?.setEncoding('utf8');
  let pending = '';
  child.all?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      progress(`${prefix} ${line}`);
    }
  });
  const result = await child;
  if (result.exitCode !== 0) {
    throw new Error(
      `${prefix} \`${command} ${args.join(' ')}\` failed (exit ${result.exitCode}):\n${tail.join('\n')}`,
    );
  }
}

async function ensureDebootstrap(progress: (line: string) => void): Promise<void> {
  const { exitCode } = await execa('sh', ['-c', 'command -v debootstrap'], { reject: false });
  if (exitCode === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'building the base image needs debootstrap (as root): install it, or set RRLAB_BASE_IMAGE=debian:bookworm-slim where a registry is reachable',
    );
  }
  await streamLines('apt-get', ['install', '-y', '-qq', 'debootstrap'], '[base]', progress, {
    DEBIAN_FRONTEND: 'noninteractive',
  });
}

/** Debian minbase by debootstrap, imported as an image: no registry needed. */
async function buildBase(tag: string, progress: (line: string) => void): Promise<void> {
  const conf = readConf(join(imagesRoot(), 'base', 'debootstrap.conf'));
  await ensureDebootstrap(progress);
  const work = mkdtempSync(join(tmpdir(), 'rrlab-base-'));
  const rootfs = join(work, 'rootfs');
  try {
    await streamLines(
      'debootstrap',
      [
        `--variant=${conf.variant ?? 'minbase'}`,
        conf.suite ?? 'bookworm',
        rootfs,
        conf.mirror ?? 'http://deb.debian.org/debian',
      ],
      '[base]',
      progress,
    );
    // Package scripts must not try to start services inside image builds.
    mkdirSync(join(rootfs, 'usr/sbin'), { recursive: true });
    writeFileSync(join(rootfs, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    await streamLines(
      'sh',
      ['-c', `tar -C "${rootfs}" -c . | docker import --change 'CMD ["/bin/bash"]' - "${tag}"`],
      '[base]',
      progress,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function buildFromDockerfile(
  name: ImageName,
  tag: string,
  baseTag: string,
  progress: (line: string) => void,
) {
  await streamLines(
    'docker',
    [
      'build',
      '--build-arg',
      `BASE=${baseTag}`,
      '--label',
      `io.rrlab.image=${name}`,
      '-t',
      tag,
      join(imagesRoot(), name),
    ],
    `[${name}]`,
    progress,
    // The classic builder: BuildKit needs the buildx plugin, which Debian's docker.io lacks.
    { DOCKER_BUILDKIT: '0' },
  );
}

/**
 * Build every image whose input hash has no image yet (parents first), tag each also `:latest`, and
 * return the tags. Cheap when nothing changed: one inspect per image.
 */
export async function buildImages(
  only?: readonly ImageName[],
  options: BuildOptions = {},
): Promise<Map<ImageName, string>> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tags = imageTags();
  const wanted = new Set<ImageName>(only ?? IMAGE_SPECS.map((s) => s.name));
  for (const spec of IMAGE_SPECS) if (wanted.has(spec.name) && spec.parent) wanted.add(spec.parent);
  const built = new Map<ImageName, Promise<void>>();
  const ensure = (name: ImageName): Promise<void> => {
    const existing = built.get(name);
    if (existing) return existing;
    const spec = IMAGE_SPECS.find((s) => s.name === name)!;
    const tag = tags.get(name)!;
    const job = (async () => {
      if (spec.parent) await ensure(spec.parent);
      if (!options.force && (await imageExists(tag))) {
        log.debug(`${tag} is up to date`);
        return;
      }
      const started = Date.now();
      progress(`[${name}] building ${tag}`);
      if (name === 'base') {
        if (externalBaseImage()) {
          await streamLines('docker', ['pull', tag], '[base]', progress);
          return;
        }
        await buildBase(tag, progress);
      } else {
        await buildFromDockerfile(name, tag, tags.get(spec.parent!)!, progress);
      }
      if (!tag.startsWith(`${IMAGE_REPOSITORY}/`)) return;
      await containerRuntime().tagImage(tag, `${IMAGE_REPOSITORY}/${name}`, 'latest');
      progress(`[${name}] built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    })();
    built.set(name, job);
    return job;
  };
  await Promise.all([...wanted].map(ensure));
  return tags;
}
