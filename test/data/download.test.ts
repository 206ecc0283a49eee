// The extract downloader against a local HTTP server on 127.0.0.1 (no internet needed): a PBF-looking
// file, a 404, a body cut short, an HTML page, a server that never answers, and a closed port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AbortError, CorruptDataError, InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { downloadExtract, looksLikeOsmPbf, HttpStatusError, NetworkError, REGIONS } from "../../data/download.ts";
import { scratchDir } from "../fixtures/osm.ts";

/** Bytes that start like an OSM PBF: BE length, BlobHeader {1: "OSMHeader", 3: datasize}, then `datasize` bytes. */
function pbfBytes(datasize: number): Uint8Array<ArrayBuffer> {
  const varint: number[] = [];
  for (let v = datasize; ; v >>>= 7) {
    if (v < 0x80) {
      varint.push(v);
      break;
    }
    varint.push((v & 0x7f) | 0x80);
  }
  const blobHeader = [0x0a, 9, ...Buffer.from("OSMHeader"), 0x18, ...varint];
  const out = new Uint8Array(4 + blobHeader.length + datasize);
  new DataView(out.buffer).setUint32(0, blobHeader.length);
  out.set(blobHeader, 4);
  for (let i = 0; i < datasize; i++) out[4 + blobHeader.length + i] = (i * 31) & 0xff;
  return out;
}

// Big enough to arrive in several chunks.
const PBF = pbfBytes(300_000);
const HTML = "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon.</body></html>\n";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/ok.pbf":
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": PBF.length });
        res.end(PBF);
        break;
      case "/truncated.pbf":
        // Promises twice the bytes it sends, then drops the connection.
        res.writeHead(200, { "content-length": PBF.length * 2 });
        res.write(PBF, () => res.socket?.destroy());
        break;
      case "/page.html":
        res.writeHead(200, { "content-type": "text/html" });
        res.end(HTML);
        break;
      case "/stall.pbf":
        // Sends the first bytes, then nothing more.
        res.writeHead(200, { "content-length": PBF.length });
        res.write(PBF.subarray(0, 1000));
        break;
      case "/hang":
        break;
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let counter = 0;
/** A fresh destination path in the scratch directory. */
function destPath(): string {
  return join(scratchDir(), `download-${process.pid}-${counter++}.osm.pbf`);
}

function expectNoFiles(dest: string): void {
  expect(existsSync(dest)).toBe(false);
  expect(existsSync(`${dest}.part`)).toBe(false);
}

describe("downloadExtract", () => {
  it("writes the exact bytes and reports progress up to the total", async () => {
    const dest = destPath();
    const calls: [number, number | undefined][] = [];
    const result = await downloadExtract({ url: `${base}/ok.pbf`, dest, onProgress: (r, t) => calls.push([r, t]) });
    expect(readFileSync(dest).equals(PBF)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(result.bytes).toBe(PBF.length);
    expect(result.sha256).toBe(createHash("sha256").update(PBF).digest("hex"));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toEqual([PBF.length, PBF.length]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
  });

  it("checks the expected SHA-256", async () => {
    const sha = createHash("sha256").update(PBF).digest("hex");
    const good = destPath();
    await downloadExtract({ url: `${base}/ok.pbf`, dest: good, expectedSha256: sha.toUpperCase() });
    expect(existsSync(good)).toBe(true);
    const bad = destPath();
    await expect(downloadExtract({ url: `${base}/ok.pbf`, dest: bad, expectedSha256: "0".repeat(64) })).rejects.toBeInstanceOf(CorruptDataError);
    expectNoFiles(bad);
  });

  it("turns a 404 into a typed error naming the URL and status", async () => {
    const dest = destPath();
    const err = await downloadExtract({ url: `${base}/missing.pbf`, dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(404);
    expect((err as HttpStatusError).value).toBe(`${base}/missing.pbf`);
    expect((err as Error).message).toContain(`${base}/missing.pbf`);
    expect((err as Error).message).toContain("404");
    expectNoFiles(dest);
  });

  it("rejects a body shorter than its Content-Length", async () => {
    const dest = destPath();
    await expect(downloadExtract({ url: `${base}/truncated.pbf`, dest })).rejects.toBeInstanceOf(CorruptDataError);
    expectNoFiles(dest);
  });

  it("rejects a file that is not an OSM PBF", async () => {
    const dest = destPath();
    await expect(downloadExtract({ url: `${base}/page.html`, dest })).rejects.toBeInstanceOf(CorruptDataError);
    expectNoFiles(dest);
  });

  it("reports a closed port as a NetworkError that says how to go on offline", async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dest = destPath();
    const err = await downloadExtract({ url: `http://127.0.0.1:${port}/x.pbf`, dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe("network-unavailable");
    expect((err as Error).message).toContain("--osm FILE");
    expect((err as Error).message).not.toContain("\n");
    expectNoFiles(dest);
  });

  it("times out when the server does not answer", async () => {
    const dest = destPath();
    await expect(downloadExtract({ url: `${base}/hang`, dest, timeoutMs: 200 })).rejects.toBeInstanceOf(NetworkError);
    expectNoFiles(dest);
  });

  it("times out when the body stops coming", async () => {
    const dest = destPath();
    await expect(downloadExtract({ url: `${base}/stall.pbf`, dest, timeoutMs: 200 })).rejects.toBeInstanceOf(NetworkError);
    expectNoFiles(dest);
  });

  it("honours an AbortSignal before the response and during the body", async () => {
    const before = destPath();
    const early = new AbortController();
    setTimeout(() => early.abort(), 50);
    await expect(downloadExtract({ url: `${base}/hang`, dest: before, signal: early.signal })).rejects.toBeInstanceOf(AbortError);
    expectNoFiles(before);

    const during = destPath();
    const late = new AbortController();
    const download = downloadExtract({ url: `${base}/stall.pbf`, dest: during, signal: late.signal, onProgress: () => late.abort() });
    await expect(download).rejects.toBeInstanceOf(AbortError);
    expectNoFiles(during);

    const already = AbortSignal.abort();
    await expect(downloadExtract({ url: `${base}/ok.pbf`, dest: destPath(), signal: already })).rejects.toBeInstanceOf(AbortError);
  });

  it("leaves an existing file untouched when a new download fails", async () => {
    const dest = destPath();
    writeFileSync(dest, "previous extract");
    for (const path of ["/missing.pbf", "/truncated.pbf", "/page.html"]) {
      await expect(downloadExtract({ url: base + path, dest })).rejects.toThrow();
      expect(readFileSync(dest, "utf8")).toBe("previous extract");
      expect(existsSync(`${dest}.part`)).toBe(false);
    }
  });

  it("validates its arguments", async () => {
    const dest = destPath();
    await expect(downloadExtract({ region: "ahvenanmaa", dest })).rejects.toBeInstanceOf(NotFoundError);
    await expect(downloadExtract({ dest })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(downloadExtract({ url: "ftp://example.org/x.pbf", dest })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(downloadExtract({ url: `${base}/ok.pbf`, dest, expectedSha256: "abc" })).rejects.toBeInstanceOf(InvalidInputError);
    expectNoFiles(dest);
  });

  it("resolves a region through its table entry", async () => {
    const seen: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(PBF, { headers: { "content-length": String(PBF.length) } });
    }) as typeof fetch;
    await downloadExtract({ region: "lappi", dest: destPath(), fetchImpl });
    expect(seen).toEqual([REGIONS.lappi.url]);
  });
});

describe("looksLikeOsmPbf", () => {
  it("accepts the start of a PBF and rejects other bytes", () => {
    expect(looksLikeOsmPbf(PBF.subarray(0, 64))).toBe(true);
    expect(looksLikeOsmPbf(new TextEncoder().encode(HTML))).toBe(false);
    expect(looksLikeOsmPbf(PBF.subarray(0, 8))).toBe(false);
    const wrongType = PBF.slice(0, 64);
    wrongType.set(Buffer.from("OSMData\0\0"), 6);
    expect(looksLikeOsmPbf(wrongType)).toBe(false);
  });
});
