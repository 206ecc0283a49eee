/** server/http/: the HTTP API over a study opened once (study/). */
export { createApp, appRoutes } from "./app.ts";
export { Jobs } from "./jobs.ts";
export type { JobsOptions } from "./jobs.ts";
export { serve } from "./serve.ts";
export type { ServeOptions } from "./serve.ts";
export { openApiDocument } from "./openapi.ts";
export { webContentSecurityPolicy } from "./web.ts";
