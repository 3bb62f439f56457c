/** What the fleet lists hand to resolvers (codegen mappers of the connections). */
import type { HyperNodeModel, NodeModel } from '../model.js';
import type { Connection } from '../pagination.js';

export interface FleetConnection<T> extends Connection<T> {
  /** The size of the whole filtered set, or how to count it when asked (lists read page by page). */
  totalCount: number | (() => Promise<number>);
  /** ISO time of the oldest data the answer used. */
  asOf: string;
}

export type NodeConnectionModel = FleetConnection<NodeModel>;
export type HyperNodeConnectionModel = FleetConnection<HyperNodeModel>;
