import {html, nothing} from 'lit';
import {axisBottom, axisLeft, select} from 'd3';
import {renderPlotBody, type PlotMarks} from './plot.js';
import type {PointSet} from './points.js';
import {VIEW, type Scene} from './scene.js';
import type {AxisText} from './summary.js';


/** Event handlers of the plot. */
export interface PlotHandlers {
  pointerover(e: PointerEvent): void;
  pointerleave(e: PointerEvent): void;
  click(e: MouseEvent): void;
  keydown(e: KeyboardEvent): void;
  focus(e: FocusEvent): void;
  blur(e: FocusEvent): void;
}

const {width, height, margin} = VIEW;

/** The focusable scatter: frame, axes, titles, paths and points. */
export function renderPlot(
  scene: Scene,
  set: PointSet,
  marks: PlotMarks,
  axes: AxisText,
  on: PlotHandlers
) {
  return html`<svg
    class="plot"
    part="plot"
    viewBox="0 0 ${width} ${height}"
    tabindex="0"
    role="application"
    aria-roledescription="scatter plot"
    aria-label=${axes.label}
    aria-describedby="summary"
    @pointerover=${on.pointerover}
    @pointerleave=${on.pointerleave}
    @click=${on.click}
    @keydown=${on.keydown}
    @focus=${on.focus}
    @blur=${on.blur}
  >
    <clipPath id="plot-area">
      <rect
        x=${margin.left}
        y=${margin.top}
        width=${width - margin.left - margin.right}
        height=${height - margin.top - margin.bottom}
      ></rect>
    </clipPath>
    <rect
      class="frame"
      x=${margin.left}
      y=${margin.top}
      width=${width - margin.left - margin.right}
      height=${height - margin.top - margin.bottom}
    ></rect>
    <g
      class="axis x-axis"
      part="axis"
      transform="translate(0,${height - margin.bottom})"
    ></g>
    <g
      class="axis y-axis"
      part="axis"
      transform="translate(${margin.left},0)"
    ></g>
    <text
      class="axis-title x-title"
      x=${(width + margin.left - margin.right) / 2}
      y=${height - 6}
    >
      ${axes.x}
    </text>
    <text
      class="axis-title y-title"
      transform="translate(14,${(height - margin.bottom + margin.top) / 2})
        rotate(-90)"
    >
      ${axes.y}
    </text>
    <g clip-path="url(#plot-area)">${renderPlotBody(scene, set, marks)}</g>
  </svg>`;
}

/** Draws d3 axes into the plot's axis groups (after each render). */
export function drawAxes(root: ParentNode, scene: Scene, values: boolean) {
  const gx = root.querySelector<SVGGElement>('.x-axis');
  const gy = root.querySelector<SVGGElement>('.y-axis');
  if (!gx || !gy) return;
  const bottom = axisBottom(scene.x).ticks(6);
  const left = axisLeft(scene.y).ticks(6);
  if (!values) {
    bottom.tickFormat(() => '');
    left.tickFormat(() => '');
  }
  select(gx).call(bottom);
  select(gy).call(left);
}

/** The element's parts, rendered, for {@link renderLayout}. */
export interface LayoutParts {
  controls: unknown;
  /** Whether to say that residual paths need PCA. */
  pathsNeedPca: boolean;
  plot: unknown;
  legend: unknown;
  /** The neighbour list, or undefined for the hint. */
  aside: unknown;
  /** The selected vector's strip, if any. */
  vector: unknown;
  /** The text alternative of the whole plot. */
  summary: string;
  /** What the live region announces (keyboard moves). */
  live: string;
}

/** Toolbar, plot and side panel, vector strip, and screen-reader text. */
export function renderLayout(p: LayoutParts) {
  return html`${p.controls}
    ${p.pathsNeedPca
      ? html`<p class="note" part="note">
          Residual paths need PCA: t-SNE places only the points it was
          fitted on, so it has no way to project the residual stream.
        </p>`
      : nothing}
    <div class="body">
      <div>${p.plot} ${p.legend}</div>
      <aside>
        ${p.aside ??
        html`<p class="hint">
          Hover or focus a point to list its nearest neighbours; click it
          or press Enter to see its vector.
        </p>`}
      </aside>
    </div>
    ${p.vector ?? nothing}
    <p id="summary" class="visually-hidden">${p.summary}</p>
    <div class="visually-hidden" aria-live="polite">${p.live}</div>`;
}
