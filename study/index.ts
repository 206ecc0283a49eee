/**
 * study/: the application layer. Opens a study (roads, grid, region, service set, people, areas,
 * grouping) and makes, once for every client, its figures, scenarios, comparisons, level
 * assignments, notes, JSON views and report model. The CLI, the HTTP API, the job worker and the
 * report renderers call this and only parse input and render output.
 */
export { Study, newLocations, checkNewLocations, MAX_NEW_LOCATIONS, MAX_CUTOFF_MIN, type ScenarioRun, type LoadedRoads, type OpenOptions } from "./study.ts";
export { loadStudy, type StudyInputs, type StudyOptions } from "./inputs.ts";
export { note, NOTE_CODES, type Note, type NoteCode } from "./notes.ts";
export { roadNotes, doorToDoorNote } from "./caveats.ts";
export { compare, chooseGroupings, MAX_GROUPINGS } from "./compare.ts";
export { definitions } from "./definitions.ts";
export { accessibilityView, scenarioView, comparisonView, timeGridView, timeGridDeltaView, noteJson, checkPer, coverageJson, typesAsked, loadsView } from "./views.ts";
export { figureRows, diffRows, typeRows } from "./figures.ts";
export { buildReport, checkReportGroups, geometryOf } from "./report.ts";
export { municipalityShapes, unitShapes } from "./report-geometry.ts";
export { assign } from "./assign.ts";
export { loads } from "./loads.ts";
export { tripView, doorToDoorJson, doorToDoorSeconds } from "./trip.ts";
export { cellView } from "./cell.ts";
