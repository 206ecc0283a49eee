/** What the importer needs of an OSM file, whatever its encoding: ways, then nodes. */

/** Called per way with its tags; `refs()` decodes the node ids only when the way is wanted. */
export type WayCallback = (id: number, tags: Record<string, string>, refs: () => number[]) => void;
/** Called per node with its WGS84 coordinates. */
export type NodeCallback = (id: number, lon: number, lat: number) => void;
/** Bytes done of bytes total, for progress bars. */
export type ReadProgress = (done: number, total: number) => void;

export interface OsmReader {
  /** Streams every way. Must be called before nodes(). */
  ways(onWay: WayCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void>;
  /** Streams every node. */
  nodes(onNode: NodeCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void>;
}
