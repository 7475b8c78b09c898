// The house's import rules, checked by `pnpm lint` (dependency-cruiser). Core is built by stage, and imports
// run one way, from the step down to the ground:
//
//   step/ ─▶ report/ ─▶ download/ ─▶ record/ ─┐
//                       promote/ ─▶ record/ ──┤
//                          sca/ ─────────────┼─▶ plan/ ─▶ inputs/ ─▶ proget/ ─▶ ground
//                          ci/ ──────────────┘
//
// ground: errors.ts, output/ (the sink, redaction), files/ (bounded reads). proget/ (every exchange with
// ProGet: the request pipeline, its endpoints, ProGet's feed types) knows no stage: it speaks ProGet's API,
// not our inputs. A folder may import the folders below it, never one above or beside it (download/ may use
// record/: a download is a way of recording).
const CORE = '^packages/core/src/';
const GROUND = `${CORE}(errors\\.ts|output/|files/)`;

/** Which folders each folder of core may import, besides itself and the ground. */
const ALLOWED = {
  proget: [],
  inputs: ['proget'],
  plan: ['inputs', 'proget'],
  ci: ['plan', 'inputs', 'proget'],
  record: ['plan', 'inputs', 'proget'],
  sca: ['plan', 'inputs', 'proget'],
  download: ['record', 'plan', 'inputs', 'proget'],
  promote: ['record', 'plan', 'inputs', 'proget'],
  report: ['promote', 'download', 'record', 'sca', 'plan', 'inputs', 'proget'],
  step: ['report', 'promote', 'download', 'record', 'sca', 'ci', 'plan', 'inputs', 'proget'],
};
const STAGES = Object.keys(ALLOWED);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports: no module may depend on itself through others.',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    ...STAGES.map((stage) => ({
      name: `core-${stage}-imports-one-way`,
      severity: 'error',
      comment: `core/${stage}/ may import only ${[...ALLOWED[stage], 'the ground'].join(', ')} (see the diagram above).`,
      from: { path: `${CORE}${stage}/` },
      to: {
        path: CORE,
        pathNot: [GROUND, `${CORE}(${[stage, ...ALLOWED[stage]].join('|')})/`],
      },
    })),
    {
      name: 'core-ground-imports-nothing-above',
      severity: 'error',
      comment: 'The error family, the output sink and bounded reads are used by all and use no stage.',
      from: { path: GROUND },
      to: { path: CORE, pathNot: GROUND },
    },
    {
      name: 'core-imports-no-ci-library',
      severity: 'error',
      comment: 'Core receives everything from its front end and imports no CI library.',
      from: { path: '^packages/core/' },
      to: { path: '(@actions/|azure-pipelines-task-lib)' },
    },
    {
      name: 'adapters-know-only-core',
      severity: 'error',
      comment: 'A front end imports core, never another front end or a tool package.',
      from: { path: '^packages/(github-action|azure-task|cli)/src/' },
      to: {
        path: '^packages/(github-action|azure-task|cli|emulator|manifests|testkit)/',
        pathNot: '^packages/$1/',
      },
    },
    {
      name: 'no-dependency-internals',
      severity: 'error',
      comment: "No imports of a dependency's internal files: only what its package exports.",
      from: { path: '^packages/[^/]+/src/' },
      to: { path: 'node_modules/undici/lib/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.cts', '.js'] },
    exclude: { path: '(/dist/|/lib/|/test/)' },
  },
};
