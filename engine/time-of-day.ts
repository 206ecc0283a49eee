/**
 * Time of day: midday and rush-hour edge times derived from a stored profile's (car, car-winter),
 * after the MetropAccess-Digiroad drive-time model that the Helsinki Region Travel Time Matrix
 * 2013–2018 used for cars. That model drives each road element at its posted limit and adds a
 * junction delay per element by functional road class and period, calibrated by Jaakkola (2013)
 * on HSL floating-car data of the capital region; on junction-free roads of 70 km/h or more it
 * multiplies the time instead (rush 1.2, midday 1.0). The figures are those of MetropAccess-Digiroad's
 * step 3 (HTenkanen/MetropAccess-Digiroad_ArcGIS10_2, src/Vaihe3_AikasakkojenLaskenta.py, GPL-3.0;
 * the numbers are facts of the calibration). Free flow is the stored profile unchanged.
 *
 * What our graph can express of it: an edge that ends at a junction (a node where three or more
 * roads other than service roads meet) carries half its class group's delay, the model's rule for an
 * ordinary junction (traffic lights, which we do not read, carry the whole delay there; so at
 * signals we are low). Other edges of 70 km/h or more carry the multiplier; links of 70 km/h or more
 * the ramp multiplier. Built-up areas are not drawn separately: junction delays are what slows the
 * built-up network, and there are few junctions per kilometre outside it, as in the source model.
 * Derived at first use (one Uint32 column per profile used), never stored in the graph file.
 */
import { CLASS_INDEX, FERRY_CLASS, ROAD_CLASSES, SPEED_REDUCTION, fingerprint } from "./profiles.ts";

/** Times of day, free flow first. */
export const TIMES_OF_DAY = ["free", "midday", "rush"] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

export function isTimeOfDay(s: string): s is TimeOfDay {
  return (TIMES_OF_DAY as readonly string[]).includes(s);
}

type Period = Exclude<TimeOfDay, "free">;

/** Digiroad functional road-class groups of the calibration, by OSM class (Finnish tagging practice). */
const GROUP: Readonly<Record<string, "1-2" | "3" | "4-6">> = {
  motorway: "1-2", motorway_link: "1-2", trunk: "1-2", trunk_link: "1-2", // valtatie, moottoritie: class 1
  primary: "1-2", primary_link: "1-2", // kantatie: class 2
  secondary: "3", secondary_link: "3", // seututie, pääkatu: class 3
  // tertiary (yhdystie, kokoojakatu), unclassified, residential, living_street, service, road: classes 4–6
};

/**
 * Junction delay per element, seconds, by class group and period: Jaakkola (2013), Taulukko 28, as
 * MetropAccess-Digiroad codes them (`Paiva12 = 9.979`, `Ruuhka12 = 12.195`, … in Vaihe3).
 */
export const JUNCTION_DELAY_S: Readonly<Record<"1-2" | "3" | "4-6", Readonly<Record<Period, number>>>> = {
  "1-2": { midday: 9.979, rush: 12.195 },
  "3": { midday: 6.65, rush: 11.199 },
  "4-6": { midday: 7.752, rush: 10.633 },
};

/** Share of the delay an edge into an ordinary junction carries (MetropAccess-Digiroad: b / 2 in every period). */
export const JUNCTION_SHARE = 0.5;

/** Multiplier on junction-free roads of 70 km/h or more (MetropAccess-Digiroad: midday 1.0, rush 1.2). */
export const FAST_ROAD_FACTOR: Readonly<Record<Period, number>> = { midday: 1, rush: 1.2 };

/** Multiplier on ramps of 70 km/h or more (MetropAccess-Digiroad's median slowdown: 1.667750, 2.022762). */
export const RAMP_FACTOR: Readonly<Record<Period, number>> = { midday: 1.66775, rush: 2.022762 };

/** Posted limit (km/h) from which a road counts as fast (MetropAccess-Digiroad: `KmH >= 70`). */
export const FAST_ROAD_KMH = 70;

const RAMPS = new Set(["motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link"].map((t) => CLASS_INDEX[t]));
const SERVICE = CLASS_INDEX.service;

/**
 * A fingerprint of a profile's edge times beyond the stored columns: empty for a stored profile,
 * the time-of-day tables' for a derived one. Whatever is cached per profile (a contraction
 * hierarchy) keys on it, so a change of the tables rebuilds it.
 */
export function profileModelVersion(profile: string): string {
  return splitProfile(profile) ? fingerprint({ GROUP, JUNCTION_DELAY_S, JUNCTION_SHARE, FAST_ROAD_FACTOR, RAMP_FACTOR, FAST_ROAD_KMH }) : "";
}

/** The profile a stored profile becomes at a time of day: car + rush → car-rush; free flow is the stored one. */
export function profileAt(base: string, time: TimeOfDay): string {
  return time === "free" ? base : `${base}-${time}`;
}

/**
 * The stored profile and the time of day a profile name stands for, or undefined when it names no
 * period. `junctionDelay` is false for the column the turns model drives a time of day on (the name
 * ends ":turns", road-model.ts's modelProfile): its junctions are priced by the turn model instead.
 */
export function splitProfile(name: string): { base: string; time: Period; junctionDelay: boolean } | undefined {
  const m = /^(.+)-(midday|rush)(:turns)?$/.exec(name);
  return m ? { base: m[1], time: m[2] as Period, junctionDelay: m[3] === undefined } : undefined;
}

/** The columns the derivation reads. */
export interface TimeOfDayInput {
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly lengthM: Float32Array;
  readonly roadClass: Uint8Array;
}

/**
 * 1 where three or more roads other than service roads meet at the node (distinct neighbours,
 * either direction). O(m · degree).
 */
export function junctionMask(g: TimeOfDayInput): Uint8Array {
  const n = g.firstOut.length - 1;
  const count = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const start = g.firstOut[u], end = g.firstOut[u + 1];
    for (let e = start; e < end; e++) {
      if (g.roadClass[e] === SERVICE) continue;
      const v = g.head[e];
      if (v === u || firstEdgeTo(g, u, v, start, e)) continue;
      if (count[u] < 255) count[u]++;
      // A one-way street into v: u is v's neighbour too, though v has no edge back to u.
      if (!hasRoadEdge(g, v, u) && count[v] < 255) count[v]++;
    }
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = count[i] >= 3 ? 1 : 0;
  return mask;
}

/** Whether an earlier non-service edge of u (before `e`) already goes to v. */
function firstEdgeTo(g: TimeOfDayInput, u: number, v: number, start: number, e: number): boolean {
  for (let f = start; f < e; f++) if (g.head[f] === v && g.roadClass[f] !== SERVICE) return true;
  return false;
}

function hasRoadEdge(g: TimeOfDayInput, u: number, v: number): boolean {
  for (let f = g.firstOut[u], end = g.firstOut[u + 1]; f < end; f++) if (g.head[f] === v && g.roadClass[f] !== SERVICE) return true;
  return false;
}

/**
 * The edge times (ds) of a stored profile's column at a period. `base` holds times at
 * SPEED_REDUCTION of the posted limit; the model drives at the limit, so the delay is added to
 * base × SPEED_REDUCTION. Ferries keep their time. `forTurns`: the turns model's column (see
 * road-model.ts's modelProfile), which drives at the posted limit in free flow too (R5's scheme,
 * postedLimitColumn) and prices junctions by its turn costs: no junction delay here, so what is left
 * of the period is the slowdown of fast roads and ramps, never faster than the turns model's free flow.
 */
export function timeOfDayColumn(g: TimeOfDayInput, base: Uint32Array, time: Period, junctions: Uint8Array = junctionMask(g), forTurns = false): Uint32Array {
  const out = new Uint32Array(base.length);
  const n = g.firstOut.length - 1;
  for (let u = 0; u < n; u++) {
    for (let e = g.firstOut[u], end = g.firstOut[u + 1]; e < end; e++) {
      const cls = g.roadClass[e];
      const t = base[e];
      if (cls === FERRY_CLASS || t === 0) {
        out[e] = t;
        continue;
      }
      const atLimitDs = t * SPEED_REDUCTION;
      let ds: number;
      if (junctions[g.head[e]]) {
        ds = atLimitDs + (forTurns ? 0 : JUNCTION_SHARE) * JUNCTION_DELAY_S[GROUP[ROAD_CLASSES[cls].tag] ?? "4-6"][time] * 10;
      } else if (postedKmh(g.lengthM[e], t, cls) >= FAST_ROAD_KMH) {
        ds = atLimitDs * (RAMPS.has(cls) ? RAMP_FACTOR[time] : FAST_ROAD_FACTOR[time]);
      } else {
        ds = atLimitDs;
      }
      out[e] = Math.max(1, Math.round(ds));
    }
  }
  return out;
}

/**
 * The stored profile whose turns-model column a name stands for: "car:turns" → "car"; undefined for
 * any other name (a period's turns column, "car-rush:turns", is splitProfile's).
 */
export function turnsBase(name: string): string | undefined {
  const m = /^(.+):turns$/.exec(name);
  return m && !splitProfile(name) ? m[1] : undefined;
}

/**
 * The turns model's free-flow column of a stored profile: every edge at its posted limit, as R5
 * drives (com.conveyal.r5.labeling.SpeedLabeler, no reduction), where the plain model drives at
 * SPEED_REDUCTION of it (OSRM's car profile); the turn costs (turn-costs.ts) price the junctions
 * instead. Ferries keep their time.
 */
export function postedLimitColumn(g: Pick<TimeOfDayInput, "roadClass">, base: Uint32Array): Uint32Array {
  const out = new Uint32Array(base.length);
  for (let e = 0; e < base.length; e++) {
    const t = base[e];
    out[e] = g.roadClass[e] === FERRY_CLASS || t === 0 ? t : Math.max(1, Math.round(t * SPEED_REDUCTION));
  }
  return out;
}

/**
 * The posted limit an edge was timed at, from its length and stored time; an edge under 1 s is
 * rounded too coarsely for that, so its class default stands in.
 */
function postedKmh(lengthM: number, timeDs: number, cls: number): number {
  if (timeDs < 10) return ROAD_CLASSES[cls].summerKmh;
  return (lengthM * 36) / timeDs / SPEED_REDUCTION;
}
