/** What the importers need of an OSM file, whatever its encoding: relations, ways, then nodes. */

/** Called per way with its tags; `refs()` decodes the node ids only when the way is wanted. */
export type WayCallback = (id: number, tags: Record<string, string>, refs: () => number[]) => void;
/** Called per node with its WGS84 coordinates, and its tags when a hint given to nodes() lets them through. */
export type NodeCallback = (id: number, lon: number, lat: number, tags?: Record<string, string>) => void;
/** One member of a relation: what it refers to, and its role ("outer", "inner", ...; "" when none). */
export interface RelationMember {
  readonly type: "node" | "way" | "relation";
  readonly ref: number;
  readonly role: string;
}
/** Called per relation with its tags; `members()` decodes the members only when the relation is wanted. */
export type RelationCallback = (id: number, tags: Record<string, string>, members: () => RelationMember[]) => void;
/**
 * A promise about what the caller wants, so a reader may skip the rest undecoded: a way (or a
 * node's tags) is wanted only if one of its tags has a key in `keys` and passes `test`. A superset test is fine (the
 * callback still decides); a reader may also ignore the hint and hand over every way.
 */
export interface TagHint {
  readonly keys: readonly string[];
  test(key: string, value: string): boolean;
}
/** Bytes done of bytes total, for progress bars. */
export type ReadProgress = (done: number, total: number) => void;

export interface OsmReader {
  /**
   * Streams every relation. Optional first step (the water reader needs to know which ways the
   * relations use before it reads the ways); ways() and nodes() then read only their own blocks.
   */
  relations(onRelation: RelationCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void>;
  /** Streams every way (or, given a hint, at least every way it lets through). Must be called before nodes(). */
  ways(onWay: WayCallback, progress?: ReadProgress, signal?: AbortSignal, hint?: TagHint): Promise<void>;
  /** Streams every node; with a hint, each node one of whose tags passes it comes with its tags. */
  nodes(onNode: NodeCallback, progress?: ReadProgress, signal?: AbortSignal, hint?: TagHint): Promise<void>;
}
