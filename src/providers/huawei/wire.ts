/** The ModelArts DevServer API's JSON, as the cloud spells it. Only the Huawei adapter reads these. */

export interface WireNetworkInfo {
  hyper_cluster_subnet_id?: string;
  is_default?: boolean;
}

/** CreateHyperCluster, ShowHyperCluster and ListHyperCluster items. */
export interface WireHyperCluster {
  id: string;
  name?: string;
  network_info?: WireNetworkInfo[];
}

export interface WireListHyperClusters {
  hyper_clusters?: WireHyperCluster[];
}

export interface WireVolume {
  evs_id?: string;
  size?: number;
  type?: string;
  evs_type?: string;
}

export interface WireEndpoint {
  service?: string;
  /** The private IP. */
  uri?: string;
  dev_service?: string;
}

/** A dev server. Times are epoch milliseconds. */
export interface WireServer {
  id: string;
  name?: string;
  flavor?: string;
  status?: string;
  create_at?: number;
  update_at?: number;
  charging_mode?: string;
  vpc_id?: string;
  subnet_id?: string;
  endpoints?: WireEndpoint[];
  volumes?: WireVolume[];
  image?: { image_id?: string; name?: string; arch?: string; server_type?: string };
  category?: string;
  cloud_server?: { id?: string; type?: string; hps_id?: string };
  /** The supernode the server belongs to. */
  server_hps?: { id?: string; name?: string };
}

/** A supernode ("hyperinstance"). */
export interface WireHyperinstance {
  id: string;
  name?: string;
  status?: string;
  /** The hyper cluster it sits in. */
  hps_cluster_id?: string;
  hps_id?: string;
  order_id?: string;
  create_at?: number;
  update_at?: number;
  servers?: WireServer[];
}

/** An offset/limit page: `data` holds up to `size` items of `total`. */
export interface WirePage<T> {
  current?: number;
  pages?: number;
  size?: number;
  total?: number;
  data?: T[];
}

export interface WireError {
  error_code?: string;
  error_msg?: string;
}

export type HyperClusterKind = 'HPS' | 'ECS';
