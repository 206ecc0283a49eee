/**
 * Typed errors. Callers match on the class or `code`, never on message text.
 * The CLI maps every PalveluverkkoError to exit code 2; the server maps them to problem+json.
 */
export class PalveluverkkoError extends Error {
  /** Machine-readable code, e.g. `invalid-input`. */
  readonly code: string;
  /** The offending field or argument, when there is one. */
  readonly field?: string;
  /** The offending value, when there is one (kept short for messages). */
  readonly value?: unknown;

  constructor(code: string, message: string, field?: string, value?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.field = field;
    this.value = value;
  }
}

/** An argument or input record is malformed or out of range. */
export class InvalidInputError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("invalid-input", message, field, value);
  }
}

/**
 * Something to be created exists already (a stored scenario's id). Bad input like any other, so it
 * is an InvalidInputError; its own code lets the server answer 409 rather than 400.
 */
export class ConflictError extends InvalidInputError {
  override readonly code: string = "conflict";
}

/** Something named (a municipality, a node, a file) does not exist. */
export class NotFoundError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("not-found", message, field, value);
  }
}

/** A point could not be placed on the road network (e.g. in the sea, far from any road). */
export class SnapError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("snap-failed", message, field, value);
  }
}

/** A binary file (graph cache) is truncated, of another version, or fails its checksum. */
export class CorruptDataError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("corrupt-data", message, field, value);
  }
}

/** Long work was cancelled through its AbortSignal. */
export class AbortError extends PalveluverkkoError {
  constructor(message = "Aborted") {
    super("aborted", message);
  }
}

/** Throws AbortError when the signal has fired. Cheap enough to call every few thousand iterations. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortError();
}

/** Formats a value for an error message: short, and safe to print. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    s = "(unprintable)";
  }
  return s.length > 80 ? s.slice(0, 77) + "..." : s;
}
