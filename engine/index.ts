/**
 * palveluverkko engine: pure TypeScript over typed arrays. No I/O; runs in Node, a worker or a browser.
 *
 * The engine's one door: data/, study/, server/ and the root index.ts import the engine only from
 * here (`engine-through-its-door` in .dependency-cruiser.cjs); files inside engine/ import each
 * other directly, never this file. Left out on purpose: generate.ts, the seeded road-graph generator
 * for scale tests and benchmarks, which the CLI loads with `import()` only when there are no real
 * roads, so that loading the engine never loads the generator. The web app imports terms.ts and
 * rings.ts directly, so that its bundle holds only those.
 */
export * from "./errors.ts";
export * from "./units.ts";
export { PROFILES, ROAD_CLASSES, SPEED_REDUCTION, carRule, parseMaxspeed, parseDurationS, isProfileName, speedModelVersion } from "./profiles.ts";
export { MODES, ACTIVE_PROFILES, isActiveProfile, modeOf, ruleOf, walkRule, bikeRule, modeModelVersion, PATH_CLASSES, WALK_KMH, BIKE_KMH, STEPS_KMH, connectorKmh } from "./modes.ts";
export type { Mode, ActiveProfile, PathClass } from "./modes.ts";
export type { ProfileName, RoadClass, WayRule } from "./profiles.ts";
export { nodeControl, controlDirection, restrictionRule, NODE_CONTROL_KEYS, DIRECTIONAL, TURN_COST_S, NODE_DELAY_S } from "./turn-costs.ts";
export { RoadGraph, GraphBuilder, reverseAdjacency } from "./graph.ts";
export { TIMES_OF_DAY, isTimeOfDay, profileAt, splitProfile, profileModelVersion, JUNCTION_DELAY_S, JUNCTION_SHARE, FAST_ROAD_FACTOR, RAMP_FACTOR, FAST_ROAD_KMH } from "./time-of-day.ts";
export type { TimeOfDay } from "./time-of-day.ts";
export { doorToDoor, inInnerCity, WALK_M_PER_MIN, WALK_TO_CAR_M, PARKING_SEARCH_MIN } from "./door-to-door.ts";
export type { DoorToDoor } from "./door-to-door.ts";
export type { Adjacency, RoadGraphColumns } from "./graph.ts";
export { serializeGraph, deserializeGraph, GRAPH_FORMAT_VERSION, GRAPH_MAGIC } from "./serialize.ts";
export type { GraphMeta } from "./serialize.ts";
export { TravelTimeSearch } from "./search.ts";
export type { SearchOptions } from "./search.ts";
export { SnapIndex, pointLinks } from "./snap.ts";
export type { Snap, PointLink } from "./snap.ts";
export { Router, HIERARCHY_PAYS_AT } from "./route.ts";
export type { Place, TripResult, MatrixMethod } from "./route.ts";
export { ROAD_MODELS, checkRoadModel, modelProfile, modelSearch, modelTravelTimeSurface, modelReach } from "./road-model.ts";
export type { RoadModel, ModelSearch, ModelSurfaceOptions, ModelReach } from "./road-model.ts";
export { buildHierarchy, hierarchyFor, keepHierarchy, keptHierarchy } from "./hierarchy.ts";
export type { Hierarchy, HierarchyEdges, HierarchyOptions } from "./hierarchy.ts";
export { serializeHierarchy, deserializeHierarchy, HIERARCHY_FORMAT_VERSION, HIERARCHY_MAGIC } from "./serialize-hierarchy.ts";
export { serializeCellLinks, deserializeCellLinks, LINKS_FORMAT_VERSION } from "./serialize-links.ts";
export { BucketMatrix } from "./buckets.ts";
export { normaliseThresholds, bandIndex, reachSummary } from "./reach.ts";
export type { ReachRow } from "./reach.ts";
export { CoreSearch, coreView, coreMask, buildCoreView } from "./core.ts";
export type { CoreView } from "./core.ts";
export { toEtrs, toWgs, gk25ToEtrs, projectorToEtrs, SUPPORTED_CRS, EPSG_3067, EPSG_3879 } from "./projection.ts";
export { FINLAND_WGS84, FINLAND_ETRS, inFinlandWgs84, inFinlandEtrs, wgs84Problem, etrsProblem, checkWgs84InFinland, checkEtrsInFinland, lonInFinland, latInFinland, FINLAND_WGS84_TEXT } from "./finland.ts";
export type { CoordinateProblem } from "./finland.ts";
export { gridForBbox, cellCount, cellCentre, cellCentreLonLat, cellAt, cellSquare, MAX_GRID_CELLS } from "./grid.ts";
export type { Grid } from "./grid.ts";
export { linkCells, linkPlaces, travelTimeSurface, surfaceParts, adoptSurfaceParts, DEFAULT_MAX_CONNECTOR_M } from "./surface.ts";
export type { CellLinks, Links, SurfaceTarget, SurfaceOptions, LinkOptions, SurfaceParts } from "./surface.ts";
export { isochrones } from "./isochrones.ts";
export { encodeTimeGrid, decodeTimeGrid, encodeTimeGridDelta, applyTimeGridDelta, TIME_GRID_DELTA_MAGIC, gridSeconds, TIME_GRID_MAGIC, TIME_GRID_VERSION, TIME_GRID_HEADER_BYTES, TIME_GRID_NO_DATA, TIME_GRID_TYPE_LAYER } from "./time-grid.ts";
export type { TimeGrid } from "./time-grid.ts";
export type { IsochroneCollection, IsochroneFeature, IsochroneOptions } from "./isochrones.ts";
export { populationOnGrid, peoplePerBand } from "./population.ts";
export type { PopulationCell, GridPopulation, BandCount } from "./population.ts";
export { rasterizePolygons } from "./rasterize.ts";
export { nearestAreas } from "./nearest-area.ts";
export { nestRings, pointInRing, signedArea, polygonMeetsBox } from "./rings.ts";
export type { Rings } from "./rasterize.ts";
export { LEVELS, offers, pointsOffering, isServiceLevel, validateServicePoints, SERVICE_LANGUAGES, TYPE_ID, HOSTS_ENTRY, LANGUAGE_CODE } from "./services.ts";
export { DEFAULT_CATALOGUE, checkCatalogue, serviceType, offeredTypes, offersType, offersService, canHost, hostableLevels, relevelledTypes, checkPointTypes } from "./catalogue.ts";
export type { Catalogue, ServiceKey, ServiceType } from "./catalogue.ts";
export type { ServiceLevel, ServicePoint, ServiceSet } from "./services.ts";
export { levelSurfaces, targetsFor, typeTargets } from "./levels.ts";
export { catchments, assignWithCapacity, catchmentMoves } from "./catchments.ts";
export type { Catchments, CapacityAssignment } from "./catchments.ts";
export { twoStepFca, opportunitiesWithin, areaMeans } from "./fca.ts";
export type { FcaResult } from "./fca.ts";
export type { LevelSurfaces, LevelSurfaceOptions, PlacedService } from "./levels.ts";
export { areaStats, groupAreas, partitionStats, areaPartitions, peopleInAreas, populatedCells, type PeopleInAreas, type AreaPartition } from "./accessibility.ts";
export type { AreaStats } from "./accessibility.ts";
export { settlementWeightPerCell, SETTLEMENT_WEIGHT, spreadTotals, nearestCentreAreas } from "./settlements.ts";
export type { SpreadPopulation } from "./settlements.ts";
export { applyChanges, changedPoints, changesBetween, CHANGE_OPS } from "./scenario.ts";
export type { Scenario, ScenarioChange } from "./scenario.ts";
export { IncrementalLevels } from "./incremental.ts";
export type { LevelState, IncrementalOptions } from "./incremental.ts";
export { diffSurfaces, partitionDiffs, deltaDiffs, changedCellsGeoJson } from "./diff.ts";
export { timeOrder, surfaceDelta, deltaStats } from "./surface-delta.ts";
export type { TimeOrder, SurfaceDelta } from "./surface-delta.ts";
export type { AreaDiff, ChangedCell } from "./diff.ts";
export { greedyCover, exactCover, harmonic } from "./cover.ts";
export type { CoverProblem, CoverResult } from "./cover.ts";
export { assignLevels, DEFAULT_TARGETS_MIN } from "./assign.ts";
export type { AssignInput, AssignResult, LevelChoice, ReachTargets } from "./assign.ts";
export { suggestAdditions, closureCosts } from "./suggest.ts";
export type { Additions, AdditionStep, ClosureCost } from "./suggest.ts";
export { weightedGini, giniSorted, maxMinRatio } from "./equality.ts";
export { groupingFigures, compareGroupings, unitOfAreas } from "./grouping.ts";
export type { Bound, GroupingArea, GroupingUnitInput, GroupingBase, GroupingInput, GroupingFigures, UnitFigures, UnitLevelBase, UnitLevelFigures, Equality, WorstOff, MemberRef, NamedGrouping, SummaryRow, GroupingComparison } from "./grouping.ts";
export { hubTimesMin } from "./hubs.ts";
export { analyse, placeServices, levelFigures, oneLevelFigures, oneLevelFiguresFrom, zeroCentresAtServices, zeroCentres } from "./analysis.ts";
export type { AnalysisInput, AnalysisResult, AnalysisArea, AnalysisUnit, LevelFigures, OneLevelFigures, FigureInput } from "./analysis.ts";
export { roadLines, ROAD_RANKS, RANK_NAMES, DEFAULT_MAX_ROAD_VERTICES } from "./roadlines.ts";
export type { RoadLine, RoadLines, RoadLinesOptions } from "./roadlines.ts";
export { areaOutlines, areaPolygons } from "./outlines.ts";
export { simplifyIndices, simplifyPath } from "./simplify.ts";
export { LANGS, ALL_AREAS, same, inEvery, fill, formatNumber, formatMinutes, formatShare, formatThreshold, formatDate, countOf, levelName, bandLabel, pointName, changeText, unsavedScenarioName } from "./terms.ts";
export type { Lang, LocalText } from "./terms.ts";
