/** What kind of failure an element reports in its `peek-error` event. */
export type PeekErrorType =
  | 'network' // a model file could not be fetched
  | 'format' // a model file is malformed or does not match its manifest
  | 'backend' // no tfjs backend could start, or one was lost
  | 'input' // the element was given something it cannot use
  | 'internal'; // a bug: please report it

/** An error that knows which kind it is, for the UI and the event. */
export class PeekError extends Error {
  override name = 'PeekError';
  constructor(
    readonly type: PeekErrorType,
    message: string,
    readonly cause?: unknown
  ) {
    super(message);
  }
}

/** Wraps anything thrown as a PeekError, keeping one that already is. */
export function toPeekError(e: unknown, type: PeekErrorType = 'internal') {
  if (e instanceof PeekError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new PeekError(type, message, e);
}
