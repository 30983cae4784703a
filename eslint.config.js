import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'images/**/rootfs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // Layer directions (README, "Architecture in a page"): each layer imports only the layers below it.
  ...layerRules(),
);

function layerRules() {
  const cucumber = { group: ['@cucumber/*'], message: 'src/ is a library: it never imports cucumber.' };
  // One adapter speaks to the Docker engine; everything else asks for a ContainerRuntime.
  const DOCKER_ADAPTER = 'src/lab/docker/dockerode-runtime.ts';
  const dockerode = {
    group: ['dockerode', 'dockerode/*'],
    message: `only ${DOCKER_ADAPTER} imports dockerode: use ContainerRuntime (src/lab/runtime/shared.js's containerRuntime()).`,
  };
  const above = (layers, why) => ({ group: layers.map((layer) => `**/${layer}/**`), message: why });
  // Front doors: outside src/calico and src/net, each is entered through its index.js alone. An import
  // names a relative path, so which `calico/` is src/calico depends on how deep the importing file is
  // (src/lab/calico/ is the lab's own): one entry per depth, with its run of `../` up to src/.
  const door = (layer, up, what) => ({
    regex: `^${up}${layer}/(?!index\\.js$)`,
    message: `outside src/${layer}, ${what} come through src/${layer}/index.js (export what you need there).`,
  });
  const doors = (up) => [door('calico', up, "Calico's model and types"), door('net', up, 'addresses')];
  const labPatterns = (up) => [
    above(['cli'], 'src/lab is used by the CLI, not the other way round.'),
    ...doors(up),
  ];
  const MAX_DEPTH = 6;
  /** `folder/*.ts`, `folder/*\/*.ts`, … to MAX_DEPTH, each with the patterns for its `up` (to src/). */
  const byDepth = (folder, depthOfFolder, patternsFor, extraRules = {}) =>
    Array.from({ length: MAX_DEPTH }, (_, extra) => ({
      files: [`${folder}/${'*/'.repeat(extra)}*.ts`],
      rules: {
        'no-restricted-imports': ['error', { patterns: patternsFor(`(\\.\\./){${depthOfFolder + extra}}`) }],
        ...extraRules,
      },
    }));
  return [
    {
      files: ['**/*.ts', '**/*.js', '**/*.mjs'],
      rules: { 'no-restricted-imports': ['error', { patterns: [dockerode] }] },
    },
    {
      files: ['src/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [cucumber, dockerode] }] },
    },
    ...byDepth('src/net', 1, () => [
      cucumber,
      dockerode,
      above(
        ['bgp', 'calico', 'reflector', 'lab', 'cli'],
        'src/net is the address library under every layer: it depends on nothing of rrlab.',
      ),
    ]),
    ...byDepth('src/bgp', 1, (up) => [
      cucumber,
      dockerode,
      above(
        ['calico', 'reflector', 'lab', 'cli'],
        'src/bgp is the BGP library: it depends on nothing of rrlab.',
      ),
      ...doors(up),
    ]),
    ...byDepth('src/calico', 1, (up) => [
      cucumber,
      dockerode,
      above(['reflector', 'lab', 'cli'], "src/calico is Calico's model: it knows no speaker and no lab."),
      ...doors(up).slice(1),
    ]),
    // Two rules here: typescript-eslint's lets a type import through once a pattern allowing type
    // imports matches, so the front doors (for types too) stay with the base rule.
    ...byDepth(
      'src/reflector',
      1,
      (up) => [
        cucumber,
        dockerode,
        above(['lab', 'cli'], 'src/reflector runs on its own in a container: it knows no lab.'),
        ...doors(up),
      ],
      {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                ...above(
                  ['calico'],
                  'the reflector container carries src/net, src/bgp and src/reflector only: import Calico types, never values.',
                ),
                allowTypeImports: true,
              },
            ],
          },
        ],
      },
    ),
    ...byDepth('src/lab', 1, (up) => [cucumber, dockerode, ...labPatterns(up)]),
    // The adapter: the src/lab rules but for dockerode.
    {
      files: [DOCKER_ADAPTER],
      rules: { 'no-restricted-imports': ['error', { patterns: [cucumber, ...labPatterns('(\\.\\./){2}')] }] },
    },
    ...byDepth('src/cli', 1, (up) => [cucumber, dockerode, ...doors(up)]),
    ...byDepth('bench', 1, (up) => [dockerode, ...doors(`${up}src/`)]),
    {
      files: ['steps/**/*.ts', 'support/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: '(^|/)src/(?!lab/index\\.js$)',
                message: 'steps and support reach the lab through its front door, src/lab/index.js.',
              },
              dockerode,
            ],
          },
        ],
      },
    },
  ];
}
