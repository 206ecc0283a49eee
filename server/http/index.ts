/** server/http/: the HTTP API over a study opened once (study/). */
export { createApp, appRoutes, BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MS } from "./app.ts";
export { Jobs } from "./jobs.ts";
export type { JobsOptions } from "./jobs.ts";
export type { AppOptions } from "./app.ts";
export { serve } from "./serve.ts";
export type { ServeOptions } from "./serve.ts";
export { openApiDocument } from "./openapi.ts";
export { webApp, webContentSecurityPolicy } from "./web.ts";
export { MAX_CHANGES, MAX_THRESHOLDS } from "./schemas.ts";
export { PROBLEM_TYPE, PROBLEM_MEDIA_TYPE } from "./problems.ts";
