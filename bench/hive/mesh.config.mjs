// The supergraph of the Hive Gateway side of `npm run bench:hive`: one GraphQL Mesh OpenAPI source over Huawei's
// ShowHyperCluster (openapi.json), at the unsigned stand-in upstream.mjs.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('ModelArts', { source: './openapi.json', endpoint: process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4198' }),
    },
  ],
});
