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
  const above = (layers, why) => ({ group: layers.map((layer) => `**/${layer}/**`), message: why });
  return [
    {
      files: ['src/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [cucumber] }] },
    },
    {
      files: ['src/bgp/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              cucumber,
              above(
                ['calico', 'reflector', 'lab', 'cli'],
                'src/bgp is the BGP library: it depends on nothing of rrlab.',
              ),
            ],
          },
        ],
      },
    },
    {
      files: ['src/calico/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              cucumber,
              above(
                ['reflector', 'lab', 'cli'],
                "src/calico is Calico's model: it knows no speaker and no lab.",
              ),
            ],
          },
        ],
      },
    },
    {
      files: ['src/reflector/**/*.ts'],
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              cucumber,
              above(['lab', 'cli'], 'src/reflector runs on its own in a container: it knows no lab.'),
              {
                ...above(
                  ['calico'],
                  'the reflector container carries src/bgp and src/reflector only: import Calico types, never values.',
                ),
                allowTypeImports: true,
              },
            ],
          },
        ],
      },
    },
    {
      files: ['src/lab/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [cucumber, above(['cli'], 'src/lab is used by the CLI, not the other way round.')] },
        ],
      },
    },
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
            ],
          },
        ],
      },
    },
  ];
}
