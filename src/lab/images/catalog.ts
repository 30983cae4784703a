import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { hashImageInputs } from './image-hash.js';

/** The repository's images/ folder, found from this module's place in src/ or dist/src/. */
export function imagesRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${'/'}dist${'/'}`) ? '../../../..' : '../../..';
  return join(here, up, 'images');
}

export type ImageName = 'base' | 'calico-node' | 'bird' | 'frr' | 'gobgp' | 'reflector';

export interface ImageSpec {
  name: ImageName;
  folder: string;
  /** Images built FROM this one's parent. */
  parent?: ImageName;
}

export const IMAGE_SPECS: readonly ImageSpec[] = [
  { name: 'base', folder: 'base' },
  { name: 'calico-node', folder: 'calico-node', parent: 'base' },
  { name: 'bird', folder: 'bird', parent: 'base' },
  { name: 'frr', folder: 'frr', parent: 'base' },
  { name: 'gobgp', folder: 'gobgp', parent: 'base' },
  { name: 'reflector', folder: 'reflector', parent: 'base' },
];

export const IMAGE_REPOSITORY = 'rrlab';

/** A base image from a registry, where one is reachable, may replace the debootstrapped one. */
export function externalBaseImage(): string | undefined {
  return process.env.RRLAB_BASE_IMAGE || undefined;
}

/** `rrlab/<name>:<hash of its inputs>` for every image, parents first. */
export function imageTags(root = imagesRoot()): Map<ImageName, string> {
  const tags = new Map<ImageName, string>();
  for (const spec of IMAGE_SPECS) {
    const parents: string[] = [];
    if (spec.parent) parents.push(tags.get(spec.parent)!);
    if (spec.name === 'base' && externalBaseImage()) {
      tags.set(spec.name, externalBaseImage()!);
      continue;
    }
    tags.set(
      spec.name,
      `${IMAGE_REPOSITORY}/${spec.name}:${hashImageInputs(join(root, spec.folder), parents)}`,
    );
  }
  return tags;
}

export function imageTag(name: ImageName): string {
  return imageTags().get(name)!;
}
