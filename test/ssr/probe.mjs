// Imports Peek's entry points as a server-side renderer would, in a Node
// process of its own, and prints one JSON line saying what happened.
// Plain JS so it runs on the built dist/ with no loader, and on the
// sources with `node --import tsx`.
//
//   node probe.mjs <mode> <module URL>...
//
// Modes: `bare` (plain Node: no DOM globals), `fake-dom` (a minimal
// HTMLElement and customElements, as SSR frameworks install), and
// `no-registry` (customElements stays undefined even after lit loads).
// In `fake-dom`, each registered element is also constructed and
// rendered once the way lit-ssr does (constructor, attributes,
// willUpdate, render), without ever being connected.

const [mode, ...entries] = process.argv.slice(2);
const report = {
  mode,
  errors: [],
  fetches: [],
  exports: {},
  defined: {},
  rendered: {},
};

process.on('uncaughtException', (e) =>
  report.errors.push(`uncaught ${e.stack}`),
);
process.on('unhandledRejection', (e) =>
  report.errors.push(`unhandled rejection ${e?.stack ?? e}`),
);

// Nothing may go to the network while a page is rendered on a server.
globalThis.fetch = (url) => {
  report.fetches.push(String(url));
  throw new Error(`fetch(${url}) during a server-side import`);
};

const TAGS = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];

if (mode === 'fake-dom') {
  const registry = new Map();
  globalThis.HTMLElement = class HTMLElement {
    attributes = new Map();
    setAttribute(name, value) {
      this.attributes.set(name, String(value));
    }
    getAttribute(name) {
      return this.attributes.get(name) ?? null;
    }
    hasAttribute(name) {
      return this.attributes.has(name);
    }
    removeAttribute(name) {
      this.attributes.delete(name);
    }
    attachShadow() {
      return {};
    }
  };
  globalThis.customElements = {
    define(tag, ctor) {
      if (registry.has(tag)) throw new Error(`${tag} is already defined`);
      // Registries read this once at definition, as browsers do.
      void ctor.observedAttributes;
      registry.set(tag, ctor);
    },
    get: (tag) => registry.get(tag),
  };
} else if (mode === 'no-registry') {
  // lit's Node build installs a registry with `??=`; keep it out.
  Object.defineProperty(globalThis, 'customElements', {
    get: () => undefined,
    set: () => undefined,
    configurable: true,
  });
} else if (mode !== 'bare') {
  throw new Error(`unknown mode ${mode}`);
}

for (const entry of entries) {
  try {
    const module = await import(entry);
    report.exports[entry] = Object.keys(module).length;
  } catch (e) {
    report.errors.push(`import ${entry}: ${e.stack}`);
  }
}

// The bundle registers its tags in a microtask; let that and one
// macrotask pass before looking.
await new Promise((resolve) => setTimeout(resolve, 10));
await new Promise((resolve) => setImmediate(resolve));

for (const tag of TAGS) {
  const ctor = globalThis.customElements?.get(tag);
  report.defined[tag] = ctor?.name ?? null;
  if (mode !== 'fake-dom' || !ctor) continue;
  try {
    // lit-ssr's LitElementRenderer: construct, set attributes, then
    // willUpdate and render; connectedCallback never runs on a server.
    const el = new ctor();
    const attrs = {text: 'ROMEO:', prompt: 'ROMEO:', layer: '1'};
    for (const [name, value] of Object.entries(attrs)) {
      el.setAttribute(name, value);
      el.attributeChangedCallback?.(name, null, value);
    }
    const changed = new Map();
    el.willUpdate?.(changed);
    const result = el.render?.();
    report.rendered[tag] = result?.strings ? 'template' : typeof result;
  } catch (e) {
    report.errors.push(`render <${tag}>: ${e.stack}`);
  }
}
await new Promise((resolve) => setTimeout(resolve, 10));

// tfjs-core keeps its engine on the global object, bundled or not.
const engine = globalThis._tfengine;
report.tfjs = engine
  ? {
      backend: engine.backendName ?? null,
      started: Object.keys(engine.registry ?? {}),
      pendingInit: engine.pendingBackendInit != null,
    }
  : null;

// Stdout's pipe is ours; anything else keeps the process alive.
report.handles = process
  .getActiveResourcesInfo()
  .filter((r) => !['PipeWrap', 'TTYWrap'].includes(r));

process.stdout.write(`${JSON.stringify(report)}\n`);
