/** Starts the HTTP API on a port: the one place that listens. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type AppOptions } from "./app.ts";
import type { Jobs } from "./jobs.ts";
import type { Study } from "../../study/index.ts";

export interface ServeOptions extends AppOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: reachable from this machine only, unless asked otherwise. */
  host?: string;
  workspace: Study;
  /** Where the one "serving at" line goes; default stdout. */
  announce?: (line: string) => void;
}

/** Listens, then says where in one line; resolves with the server, rejects when the port is taken. */
export async function serve(options: ServeOptions): Promise<Server> {
  const { port, host = "127.0.0.1", workspace, announce = (line: string) => process.stdout.write(line + "\n"), ...appOptions } = options;
  const app = createApp(workspace, appOptions);
  const server = createServer(app);
  // The app's job worker would keep the process alive after the server closes.
  server.once("close", () => void (app.locals.ownJobs as Jobs | undefined)?.close());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  announce(`palveluverkko: serving http://${shown}:${address.port}/ (API document at /api/openapi.json; roads: ${workspace.roads})`);
  return server;
}
