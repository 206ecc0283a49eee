/**
 * study/: the application layer. Opens a study (roads, grid, region, service set, people, areas,
 * grouping) and makes, once for every client, its figures, scenarios, comparisons, level
 * assignments, notes, JSON views and report model. The CLI, the HTTP API, the job worker and the
 * report renderers call this and only parse input and render output.
 */
export { Study, MAX_NEW_LOCATIONS, type OpenOptions, type StudyParts, type StudyFiles, type LoadedRoads, type ScenarioRun, type LevelDiffs } from "./study.ts";
export { loadStudy, resolveGrouping, type StudyInputs, type StudyOptions, type StudyArea } from "./inputs.ts";
export { note, sortNotes, NOTE_CODES, type Note, type NoteCode, type NoteSeverity } from "./notes.ts";
export { roadNotes, FAR_SNAP_M } from "./caveats.ts";
export { noWater, waterLayer, MAX_WATER_DISPLAY_VERTICES, type WaterLayer } from "./water.ts";
export { compare, chooseGroupings, findings, describeWorst, MAX_GROUPINGS, type Comparison, type GroupingFields } from "./compare.ts";
export { accessibilityView, scenarioView, comparisonView, noteJson, figureJson, checkPer, type Per } from "./views.ts";
export { figureRows, diffRows, comparisonRows, type RowScopes } from "./figures.ts";
export { buildReport, reportSources, type ReportRequest } from "./report.ts";
export { assign, type AssignRequest, type Suggestions } from "./assign.ts";
