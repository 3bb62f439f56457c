/**
 * The ModelArts DevServer API's JSON, as the cloud spells it: one zod schema per answer, with its TypeScript type
 * inferred from it. The client checks every answer against its schema; only the Huawei adapter reads them.
 */
import { z } from 'zod';
import { count, flag, list, nativeId, nativeRef, optional, text } from '../wire-schema.js';

/** The largest page the supernode and dev-server lists give. */
export const MAX_LIMIT = 1024;
/** Bound of the unpaged hyper-cluster list and of the lists inside one object (servers, volumes, endpoints). */
const MAX_INNER = 1_024;

/** Epoch milliseconds, as a number or a numeric string. */
const epochMs = optional(z.union([z.number().finite(), z.string().max(32)]));

export const WireNetworkInfo = z.object({ hyper_cluster_subnet_id: text, is_default: flag });
export type WireNetworkInfo = z.infer<typeof WireNetworkInfo>;

/** CreateHyperCluster, ShowHyperCluster and ListHyperCluster items. */
export const WireHyperCluster = z.object({
  id: nativeId,
  name: text,
  network_info: list(WireNetworkInfo, MAX_INNER),
});
export type WireHyperCluster = z.infer<typeof WireHyperCluster>;

export const WireListHyperClusters = z.object({ hyper_clusters: list(WireHyperCluster, MAX_INNER) });
export type WireListHyperClusters = z.infer<typeof WireListHyperClusters>;

export const WireVolume = z.object({ evs_id: nativeRef, size: count, type: text, evs_type: text });
export type WireVolume = z.infer<typeof WireVolume>;

export const WireEndpoint = z.object({
  service: text,
  /** The private IP. */
  uri: text,
  dev_service: text,
});
export type WireEndpoint = z.infer<typeof WireEndpoint>;

/** A dev server. Times are epoch milliseconds. */
export const WireServer = z.object({
  id: nativeId,
  name: text,
  flavor: text,
  status: text,
  create_at: epochMs,
  update_at: epochMs,
  charging_mode: text,
  vpc_id: text,
  subnet_id: text,
  endpoints: list(WireEndpoint, MAX_INNER),
  volumes: list(WireVolume, MAX_INNER),
  image: optional(z.object({ image_id: text, name: text, arch: text, server_type: text })),
  category: text,
  cloud_server: optional(z.object({ id: text, type: text, hps_id: text })),
  /** The supernode the server belongs to. */
  server_hps: optional(z.object({ id: nativeRef, name: text })),
});
export type WireServer = z.infer<typeof WireServer>;

/** A supernode ("hyperinstance"). */
export const WireHyperinstance = z.object({
  id: nativeId,
  name: text,
  status: text,
  /** The hyper cluster it sits in. */
  hps_cluster_id: nativeRef,
  hps_id: text,
  order_id: text,
  create_at: epochMs,
  update_at: epochMs,
  servers: list(WireServer, MAX_INNER),
});
export type WireHyperinstance = z.infer<typeof WireHyperinstance>;

/** An offset/limit page: `data` holds up to `size` items of `total`. */
export interface WirePage<T> {
  current?: number | undefined;
  pages?: number | undefined;
  size?: number | undefined;
  total?: number | undefined;
  data?: T[] | undefined;
}

/** The schema of a page of `item`s, never more than the largest page. */
export const wirePage = <S extends z.ZodType>(item: S) =>
  z.object({ current: count, pages: count, size: count, total: count, data: list(item, MAX_LIMIT) });

export const WireServerPage = wirePage(WireServer);
export const WireHyperinstancePage = wirePage(WireHyperinstance);

/** An answer the gateway does not read (a server action's, a deletion's 204). */
export const WireIgnored = z.unknown();

/** The error body of every failed call. Read field by field: a refusal is never refused for its shape. */
export interface WireError {
  error_code?: unknown;
  error_msg?: unknown;
}

export type HyperClusterKind = 'HPS' | 'ECS';
