/**
 * The grid cell at a place, as the app's click on the map shows it (POST /api/cells/at): its
 * people, municipality and minutes to the nearest L, A and E service, the base's and a scenario's,
 * and when asked the door-to-door reading of the drive from it to each level's nearest point
 * (study/trip.ts, the same reading as `route --door-to-door`).
 */
import { LEVELS, NotFoundError, cellAt, cellCentreLonLat, toEtrs, DS_PER_MIN, type ScenarioChange, type ServiceLevel } from "../engine/index.ts";
import { MAX_CUTOFF_MIN, type ScenarioRun, type Study } from "./study.ts";
import { checkDoorToDoor, nearestDoorToDoor } from "./trip.ts";
import { doorToDoorNote } from "./caveats.ts";
import { noteJson } from "./views.ts";

/** Minutes of a surface value (ds), or null beyond the study's horizon (MAX_CUTOFF_MIN) or unreached. */
const cellMinutes = (ds: number) => (ds <= MAX_CUTOFF_MIN * DS_PER_MIN ? Math.round((ds / DS_PER_MIN) * 10) / 10 : null);

/**
 * The grid cell at a place: its centre, people, municipality, and the minutes to the nearest L, A
 * and E service (the base's, and with changes the scenario's too, run as every scenario is); null
 * minutes beyond the horizon or with no road. With `doorToDoor`, per level the nearest point of the
 * set in effect (the scenario's with changes) and the drive to it from the cell's centre read door to door, with the door-to-door
 * note. A place off the grid is a 404 naming `lon`; door to door on foot or by bike a 400 naming
 * `door_to_door`.
 */
export function cellView(study: Study, lon: number, lat: number, changes: readonly ScenarioChange[], doorToDoor = false) {
  if (doorToDoor) checkDoorToDoor(study);
  const { grid, population, areaOfCell, areas, links } = study.inputs;
  const cell = cellAt(grid, ...toEtrs(lon, lat));
  if (cell < 0) throw new NotFoundError(`${lon},${lat} lies outside the study's grid (its roads' extent)`, "lon", lon);
  const [clon, clat] = cellCentreLonLat(grid, cell);
  const a = areaOfCell[cell];
  const run = changes.length > 0 ? study.runScenario(changes) : null;
  const minutesOf = (surfaces: ScenarioRun["cells"]) => Object.fromEntries(LEVELS.map((l) => [l, cellMinutes(surfaces[l][cell])])) as Record<ServiceLevel, number | null>;
  const base = minutesOf(study.base.surfaces);
  // The centre as the cell's link took it: a cell with no road within the link's reach has no trip.
  const placed = run ? study.place(run.points).placed : study.base.placed;
  const doors = doorToDoor ? { door_to_door: nearestDoorToDoor(study, links.edge[cell] >= 0 ? { lon: clon, lat: clat } : null, placed), notes: [noteJson(doorToDoorNote())] } : {};
  return {
    cell,
    centre: { lon: Math.round(clon * 1e6) / 1e6, lat: Math.round(clat * 1e6) / 1e6 },
    cell_size_m: grid.cellSizeM,
    population: population[cell],
    municipality: a >= 0 ? { code: areas[a].code, name: { fi: areas[a].name, sv: areas[a].nameSv } } : null,
    minutes: run ? minutesOf(run.cells) : base,
    base_minutes: run ? base : null,
    horizon_min: MAX_CUTOFF_MIN,
    ...doors,
  };
}
