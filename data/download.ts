/**
 * Downloads an OpenStreetMap extract to a file: streamed to `dest.part`, checked (HTTP status,
 * Content-Length, the PBF file header, an optional SHA-256), fsynced and renamed over `dest`, so
 * `dest` is only ever absent, the old file, or the whole new one. With no network the error says how
 * to go on offline.
 */
import { open, rename, rm, mkdir, type FileHandle } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { PalveluverkkoError, InvalidInputError, NotFoundError, CorruptDataError, AbortError, throwIfAborted, show } from "../engine/index.ts";

/** The host cannot be reached: no network, DNS failure, refused connection or a timeout. */
export class NetworkError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("network-unavailable", message, field, value);
  }
}

/** The server answered with a non-2xx status. */
export class HttpStatusError extends PalveluverkkoError {
  readonly status: number;
  constructor(message: string, status: number, url: string) {
    super("http-status", message, "url", url);
    this.status = status;
  }
}

export interface RegionExtract {
  nameFi: string;
  nameEn: string;
  url: string;
  /** Who publishes the extract. */
  publisher: string;
  licence: string;
}

const ODBL =
  "© OpenStreetMap contributors. Open Database License (ODbL) 1.0: https://opendatacommons.org/licenses/odbl/ — " +
  "attribution required, see https://www.openstreetmap.org/copyright";

/**
 * Extracts we know. Geofabrik does not split Finland, so the regions come from openstreetmap.fr,
 * which cuts by maakunta (region) boundary under europe/finland/.
 */
export const REGIONS = {
  uusimaa: {
    nameFi: "Uusimaa",
    nameEn: "Uusimaa (Helsinki region)",
    url: "https://download.openstreetmap.fr/extracts/europe/finland/uusimaa-latest.osm.pbf",
    publisher: "openstreetmap.fr",
    licence: ODBL,
  },
  lappi: {
    nameFi: "Lappi",
    nameEn: "Lapland",
    url: "https://download.openstreetmap.fr/extracts/europe/finland/lappi-latest.osm.pbf",
    publisher: "openstreetmap.fr",
    licence: ODBL,
  },
  finland: {
    nameFi: "Suomi",
    nameEn: "Finland",
    url: "https://download.geofabrik.de/europe/finland-latest.osm.pbf",
    publisher: "Geofabrik",
    licence: ODBL,
  },
} as const satisfies Record<string, RegionExtract>;

type RegionId = keyof typeof REGIONS;

/** Connect and idle timeout: the longest wait for the response or for the next chunk of body. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** How many leading bytes the PBF check looks at. */
const HEAD_BYTES = 64;
/** The format caps a BlobHeader at 64 KiB; a bigger length prefix means this is not a PBF. */
const MAX_BLOB_HEADER_BYTES = 64 * 1024;
/** BlobHeader field 1 (type), wire type 2, length 9, then "OSMHeader": how every PBF file starts. */
const OSM_HEADER_FIELD = new Uint8Array([0x0a, 0x09, ...new TextEncoder().encode("OSMHeader")]);

export interface DownloadOptions {
  /** Where to download from; give this or `region`. */
  url?: string;
  /** A key of REGIONS; give this or `url`. */
  region?: string;
  /** The file to write. Its directory is created if missing. */
  dest: string;
  /** Called after each chunk; `totalBytes` is undefined when the server sends no Content-Length. */
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** Longest wait (ms) for the connection, the response headers, or the next chunk. */
  timeoutMs?: number;
  /** Lowercase or uppercase hex; the download fails with CorruptDataError when it differs. */
  expectedSha256?: string;
  /** Defaults to the global fetch. */
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  url: string;
  dest: string;
  bytes: number;
  /** Hex SHA-256 of the file, for the record. */
  sha256: string;
}

/** True when `head` (the first bytes of a file) starts like an OSM PBF: a BlobHeader of type OSMHeader. */
export function looksLikeOsmPbf(head: Uint8Array): boolean {
  if (head.length < 4 + OSM_HEADER_FIELD.length) return false;
  const headerLen = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (headerLen < OSM_HEADER_FIELD.length || headerLen > MAX_BLOB_HEADER_BYTES) return false;
  const end = Math.min(head.length, HEAD_BYTES, 4 + headerLen);
  return Buffer.from(head.buffer, head.byteOffset, end).indexOf(OSM_HEADER_FIELD, 4) >= 0;
}

/** Downloads an OSM extract to `dest` atomically; see the file comment for what is checked. */
export async function downloadExtract(options: DownloadOptions): Promise<DownloadResult> {
  const url = resolveUrl(options);
  const { dest, onProgress, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // setTimeout fires at once for delays past 2^31 - 1 ms (about 24.8 days).
  if (!(timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) throw new InvalidInputError(`Timeout must be a positive number of ms, got ${show(timeoutMs)}`, "timeoutMs", timeoutMs);
  const expected = options.expectedSha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new InvalidInputError(`expectedSha256 must be 64 hex digits, got ${show(options.expectedSha256)}`, "expectedSha256", options.expectedSha256);
  }
  if (!dest) throw new InvalidInputError("A destination file is required", "dest", dest);
  throwIfAborted(signal);

  // The watchdog aborts when nothing arrives for timeoutMs; it is re-armed on every chunk.
  const watchdog = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      watchdog.abort();
    }, timeoutMs);
  };
  const fetchSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
  const host = new URL(url).host;
  const offline = (reason: string) =>
    new NetworkError(
      `Cannot download from ${host} (${reason}): there is no network or the host cannot be reached. ` +
        `To work offline, download the file elsewhere and pass --osm FILE.`,
      "url",
      url,
    );
  /** Maps an error from fetch (no `received`) or from reading the body to a typed error. */
  const failure = (err: unknown, received?: number, total?: number): PalveluverkkoError => {
    if (err instanceof PalveluverkkoError) return err;
    if (signal?.aborted) return new AbortError();
    if (timedOut) return offline(`no answer for ${timeoutMs / 1000} s`);
    if (received === undefined) return offline(errorCode(err) ?? (err as { cause?: Error }).cause?.message ?? "connection failed");
    // The connection broke mid-body: what arrived is a truncated file.
    return new CorruptDataError(
      `Download from ${url} was cut off after ${received}${total === undefined ? "" : ` of ${total}`} bytes (${errorCode(err) ?? "connection closed"})`,
      "url",
      url,
    );
  };

  const part = `${dest}.part`;
  let body: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let fh: FileHandle | undefined;
  try {
    arm();
    let res: Response;
    try {
      res = await (options.fetchImpl ?? fetch)(url, { signal: fetchSignal, headers: { "accept-encoding": "identity" } });
    } catch (err) {
      throw failure(err);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new HttpStatusError(`Download failed: ${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`, res.status, url);
    }
    if (!res.body) throw new CorruptDataError(`Download from ${url} has no body`, "url", url);

    // Content-Length counts encoded bytes; it only matches what we receive for an unencoded body.
    const encoding = res.headers.get("content-encoding");
    const lengthHeader = res.headers.get("content-length");
    const length = lengthHeader === null || (encoding && encoding !== "identity") ? NaN : Number(lengthHeader);
    const total = Number.isSafeInteger(length) ? length : undefined;

    await mkdir(dirname(dest), { recursive: true });
    fh = await open(part, "w");
    const hash = createHash("sha256");
    const head = new Uint8Array(HEAD_BYTES);
    let headLen = 0;
    let headChecked = false;
    const checkHead = () => {
      headChecked = true;
      if (!looksLikeOsmPbf(head.subarray(0, headLen))) {
        throw new CorruptDataError(`Download from ${url} is not an OSM PBF file`, "url", url);
      }
    };
    let received = 0;
    body = res.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await body.read();
      } catch (err) {
        throw failure(err, received, total);
      }
      if (chunk.done) break;
      arm();
      const bytes = chunk.value;
      if (!headChecked) {
        const n = Math.min(bytes.length, HEAD_BYTES - headLen);
        head.set(bytes.subarray(0, n), headLen);
        headLen += n;
        if (headLen === HEAD_BYTES) checkHead();
      }
      hash.update(bytes);
      await fh.write(bytes);
      received += bytes.length;
      onProgress?.(received, total);
    }
    clearTimeout(timer);
    if (!headChecked) checkHead();
    if (total !== undefined && received !== total) {
      throw new CorruptDataError(`Download from ${url} is incomplete: received ${received} of ${total} bytes`, "url", url);
    }
    const sha256 = hash.digest("hex");
    if (expected !== undefined && sha256 !== expected) {
      throw new CorruptDataError(`Download from ${url} has SHA-256 ${sha256}, expected ${expected}`, "expectedSha256", expected);
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    throwIfAborted(signal);
    await rename(part, dest);
    return { url, dest, bytes: received, sha256 };
  } catch (err) {
    await body?.cancel().catch(() => {});
    await fh?.close().catch(() => {});
    await rm(part, { force: true });
    if (err instanceof PalveluverkkoError) throw err;
    const code = errorCode(err);
    if (code) throw new PalveluverkkoError("write-failed", `Cannot write ${part} (${code})`, "dest", dest);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The URL to fetch, from `url` or `region`; checked to be http(s). */
function resolveUrl(options: DownloadOptions): string {
  if ((options.url === undefined) === (options.region === undefined)) {
    throw new InvalidInputError("Give either a URL or a region to download", "url", options.url);
  }
  if (options.region !== undefined) {
    if (!Object.hasOwn(REGIONS, options.region)) {
      throw new NotFoundError(`Unknown region ${show(options.region)}; known: ${Object.keys(REGIONS).join(", ")}`, "region", options.region);
    }
    return REGIONS[options.region as RegionId].url;
  }
  let parsed: URL;
  try {
    parsed = new URL(options.url!);
  } catch {
    throw new InvalidInputError(`Not a URL: ${show(options.url)}`, "url", options.url);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InvalidInputError(`Only http and https URLs can be downloaded, got ${show(options.url)}`, "url", options.url);
  }
  return parsed.href;
}

/** The system error code (ECONNREFUSED, ENOTFOUND, ...) of an error or of its causes, if any. */
function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const c = errorCode(inner[0]);
      if (c) return c;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
