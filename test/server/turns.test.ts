// The server thread's turns (server/http/turns.ts): work queued behind Turns.take runs one piece
// per round of the event loop, and a socket's bytes that arrive meanwhile are read between two
// pieces, not after the whole queue. Loopback TCP, real sockets; no timing is asserted, only order.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Turns } from "../../server/http/turns.ts";

/** Keeps the thread busy, as a route's synchronous computing does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

let server: Server | undefined;
let client: Socket | undefined;
afterEach(() => {
  client?.destroy();
  server?.close();
});

/** A loopback connection; `onRead` is called for each chunk the server side reads. */
async function loopback(onRead: () => void): Promise<Socket> {
  server = createServer((s) => s.on("data", onRead));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const c = connect((server.address() as AddressInfo).port, "127.0.0.1");
  await new Promise<void>((resolve) => c.once("connect", resolve));
  // Until the server side has accepted, bytes would be read whenever it does.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return c;
}

describe("Turns", () => {
  it("reads a socket's bytes that arrive during the first piece before the second piece runs", async () => {
    const order: string[] = [];
    client = await loopback(() => order.push("read"));
    const turns = new Turns();
    const pieces = [0, 1, 2, 3].map(async (i) => {
      await turns.take();
      order.push(`piece ${i}`);
      // Bytes in the kernel's buffer from the first piece on: the next poll of the loop finds them.
      if (i === 0) client!.write("GET /healthz");
      busy(5);
    });
    await Promise.all(pieces);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["piece 0", "read", "piece 1", "piece 2", "piece 3"]);
  });

  it("keeps first come, first served, and runs a piece queued while others wait", async () => {
    const turns = new Turns();
    const order: number[] = [];
    const first = [0, 1, 2].map(async (i) => {
      await turns.take();
      order.push(i);
      if (i === 1) void turns.take().then(() => order.push(9));
    });
    await Promise.all(first);
    await turns.take();
    expect(order).toEqual([0, 1, 2, 9]);
  });
});
