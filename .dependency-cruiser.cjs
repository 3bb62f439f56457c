/**
 * The layer rules `npm test` holds the code to (`npm run lint:layers`); see docs/architecture.md. Type-only imports
 * count: a cycle or a breach through `import type` couples the layers just the same.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included: move the shared type down to the lower layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'resolvers-not-a-cloud',
      comment: "Resolvers never import a cloud's folder: a provider quirk stops at its adapter.",
      severity: 'error',
      from: { path: '^src/resolvers/' },
      to: { path: '^src/providers/(alibaba|huawei)/' },
    },
    {
      name: 'providers-never-see-graphql',
      comment: 'Providers take and return model.ts types; never GraphQL, the generated types, resolvers or the request context.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: ['^node_modules/(graphql|graphql-yoga|@graphql-yoga/|@graphql-tools/)', '^src/generated/', '^src/resolvers/', '^src/context\\.ts$'] },
    },
    {
      name: 'providers-not-config',
      comment: 'Each layer declares the settings it consumes; config (at the top) imports them and assembles.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'simulators-only-signing-and-wire',
      comment:
        "The simulators stand in for the clouds: of the gateway's providers they may use only the signing they verify with, the wire shapes they answer in and the cloud's own input rules they enforce (Huawei's create rules).",
      severity: 'error',
      from: { path: '^src/simulators/' },
      to: { path: '^src/providers/', pathNot: '^src/providers/(signing\\.ts|(alibaba|huawei)/(sign|wire)\\.ts|huawei/create-rules\\.ts)$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
