/**
 * The seed documents' objects that the simulators hold and that tests, benchmarks and examples name: one source for
 * code and tests to import (docs and the GraphiQL tabs write the IDs out, and a test checks they match these).
 */

/** Alibaba's seed hypernode (GetHyperNode's example), its only node and their cluster. */
export const ALIBABA_SEED = {
  region: 'cn-wulanchabu',
  hyperNodeId: 'e01-cn-zvp2tgykr08',
  nodeId: 'e01-cn-zvp2tgykr0b',
  clusterId: 'i112138561737531371671',
  hostname: 'alywlcb-lingjun-gpu-0025',
} as const;

/** Huawei's seed hyper cluster (the CreateHyperCluster example) and its default subnet. */
export const HUAWEI_SEED = {
  region: 'cn-north-4',
  hyperClusterId: '74437437-6810-43b8-ba20-8f8e5bc034da',
  name: 'test-hps--1107',
  subnetId: '47be1c96-b00c-4cc9-83cb-089893a632b6',
} as const;
