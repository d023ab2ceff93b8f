/**
 * Counts what a page holds on to that outlives an element: event
 * listeners on the window, the document, shadow roots, media queries and
 * module-level event targets, and outstanding timers (setTimeout,
 * setInterval, requestAnimationFrame, requestIdleCallback).
 *
 * Importing this module installs the wrappers, so import it before
 * anything that may register listeners or timers. Listeners on elements
 * are not counted: they go with the element.
 */

/** A registration still in force, with where it was made. */
interface Held {
  what: string;
  stack: string;
}

const listeners = new Map<string, Held>();
const timers = new Map<string, Held>();

const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (o: object) => {
  if (!ids.has(o)) ids.set(o, ++nextId);
  return ids.get(o)!;
};

function where(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  // Drop "Error" and this module's own frames.
  return stack
    .split('\n')
    .slice(1)
    .filter((l) => !l.includes('/test/page/watch.ts'))
    .join('\n');
}

function describeTarget(t: EventTarget): string {
  if (t === window) return 'window';
  if (t === document) return 'document';
  if (t instanceof ShadowRoot) return `#shadow-root(${t.host.localName})`;
  if (t instanceof MediaQueryList) return `matchMedia(${t.media})`;
  return t.constructor?.name ?? 'EventTarget';
}

/** Elements' own listeners die with them; everything else is counted. */
const counted = (t: EventTarget) =>
  !(t instanceof Node) || t instanceof Document || t instanceof ShadowRoot;

type Options = boolean | AddEventListenerOptions | undefined;
const capture = (o: Options) =>
  typeof o === 'boolean' ? o : Boolean(o?.capture);

const proto = EventTarget.prototype;
const add = proto.addEventListener;
const remove = proto.removeEventListener;

function keyOf(t: EventTarget, type: string, l: unknown, o: Options) {
  return `${idOf(t)}|${type}|${idOf(l as object)}|${capture(o)}`;
}

proto.addEventListener = function (
  this: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: Options
) {
  add.call(this, type, listener, options);
  if (!listener || !counted(this)) return;
  const key = keyOf(this, type, listener, options);
  if (listeners.has(key)) return; // the browser ignores duplicates too
  listeners.set(key, {what: `${describeTarget(this)} ${type}`, stack: where()});
  const forget = () => listeners.delete(key);
  // Removed by the browser itself: after firing once, or on abort.
  if (typeof options === 'object' && options.once) {
    add.call(this, type, forget, {once: true, capture: capture(options)});
  }
  if (typeof options === 'object' && options.signal) {
    add.call(options.signal, 'abort', forget, {once: true});
  }
};

proto.removeEventListener = function (
  this: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: boolean | EventListenerOptions
) {
  remove.call(this, type, listener, options);
  if (listener) listeners.delete(keyOf(this, type, listener, options));
};

/** Wraps a scheduler whose callback runs once, unless cancelled. */
function once(kind: string, cancelName: string): void {
  const w = window as any;
  const schedule = w[kind];
  const cancel = w[cancelName];
  w[kind] = (cb: unknown, ...rest: unknown[]) => {
    if (typeof cb !== 'function') return schedule.call(window, cb, ...rest);
    const id = schedule.call(
      window,
      (...a: unknown[]) => {
        timers.delete(`${kind}|${id}`);
        cb(...a);
      },
      ...rest
    );
    timers.set(`${kind}|${id}`, {what: kind, stack: where()});
    return id;
  };
  w[cancelName] = (id: number) => {
    timers.delete(`${kind}|${id}`);
    cancel.call(window, id);
  };
}

once('setTimeout', 'clearTimeout');
once('requestAnimationFrame', 'cancelAnimationFrame');
once('requestIdleCallback', 'cancelIdleCallback');

const setInterval0: any = window.setInterval;
const clearInterval0 = window.clearInterval;
(window as any).setInterval = (cb: TimerHandler, ...rest: any[]) => {
  const id = setInterval0.call(window, cb, ...rest);
  timers.set(`setInterval|${id}`, {what: 'setInterval', stack: where()});
  return id;
};
(window as any).clearInterval = (id: number) => {
  timers.delete(`setInterval|${id}`);
  clearInterval0.call(window, id);
};

/** What the page holds now: counts by kind, and each registration. */
export interface Holdings {
  listeners: number;
  timers: number;
  held: Held[];
  /** Ids of the outstanding timers ("setTimeout|12"). */
  timerIds: Set<string>;
}

export function holdings(): Holdings {
  return {
    listeners: listeners.size,
    timers: timers.size,
    held: [...listeners.values(), ...timers.values()],
    timerIds: new Set(timers.keys()),
  };
}

/**
 * Timers outstanding in `now` that were not in `before`. A timer pending
 * at `before` that has since fired (a debounce, a yield) is not a leak,
 * so comparing counts alone would fail on timing; a timer started since
 * and still pending is one.
 */
export function timersStarted(before: Holdings, now: Holdings): string[] {
  return [...now.timerIds].filter((id) => !before.timerIds.has(id));
}

/**
 * What `now` holds beyond `before`, one line per registration with the
 * frames that made it (for a failing test's message).
 */
export function grown(before: Holdings, now: Holdings): string {
  const count = new Map<string, number>();
  for (const h of before.held) {
    count.set(h.stack, (count.get(h.stack) ?? 0) + 1);
  }
  const extra: string[] = [];
  for (const h of now.held) {
    const n = count.get(h.stack) ?? 0;
    if (n > 0) count.set(h.stack, n - 1);
    else extra.push(`${h.what}\n${h.stack}`);
  }
  return extra.join('\n\n');
}
