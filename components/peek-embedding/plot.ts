import {svg, nothing} from 'lit';
import type {Scene, ScenePath} from './scene.js';
import type {PointSet} from './points.js';
import type {Trajectory} from './trajectories.js';

/** Which points and paths stand out, and why. */
export interface PlotMarks {
  /** Point under the pointer or the keyboard focus (-1: none). */
  active: number;
  /** Point chosen by click or Enter (-1: none). */
  selected: number;
  /** Point a linked view points at (-1: none). */
  linked: number;
  /** Points whose character (or position) the current text uses. */
  inText: ReadonlySet<number>;
  /** Whether to draw the keyboard focus ring on `active`. */
  focusRing: boolean;
  /** Full-text positions whose residual path is emphasised. */
  emphasised: ReadonlySet<number>;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const pointsAttr = (px: [number, number][]) =>
  px.map(([x, y]) => `${r2(x)},${r2(y)}`).join(' ');

/** The scatter's points and paths (axes are drawn by d3 into #x, #y). */
export function renderPlotBody(scene: Scene, set: PointSet, m: PlotMarks) {
  const tokens = set.source === 'tokens';
  const strong = scene.paths.filter((p) =>
    m.emphasised.has(p.trajectory.position)
  );
  const faint = strong.length > 0 ? 'faint' : '';
  // Number the text's positions while there are few enough to read.
  const few = !tokens && m.inText.size <= 24 ? 'few' : '';
  return svg`
    <g class="paths ${faint}" part="paths">
      ${scene.paths.map((p) => renderPath(p, false, false))}
    </g>
    <g class="points ${tokens ? 'tokens' : 'positions'} ${few}">
      ${scene.points.map((p) => {
        const cls = [
          'point',
          m.inText.has(p.index) ? 'in-text' : '',
          p.index === m.selected ? 'selected' : '',
          p.index === m.linked ? 'linked' : '',
          p.index === m.active ? 'active' : '',
          p.index === m.active && m.focusRing ? 'focus' : '',
        ].join(' ');
        return svg`<g
          class=${cls}
          data-index=${p.index}
          transform="translate(${r2(p.px)},${r2(p.py)})"
        >
          <circle class="hit" r="9"></circle>
          <circle class="ring" r=${tokens ? 9 : 6}></circle>
          ${tokens
            ? svg`<text class="glyph" fill=${p.colour}>${p.label}</text>`
            : svg`<circle class="dot" r="3.5" fill=${p.colour}></circle>
                <text class="num" x="5" y="-4">${p.label}</text>`}
        </g>`;
      })}
    </g>
    <g class="paths strong" part="paths">
      ${strong.map((p) => renderPath(p, true, strong.length === 1))}
    </g>`;
}

/** A path; strong ones get a dot per layer, labelled if `labels`. */
function renderPath(p: ScenePath, strong: boolean, labels: boolean) {
  const {trajectory: t, px} = p;
  const last = px.length - 1;
  return svg`<g class="trajectory" data-position=${t.position}>
    <polyline
      class="path ${strong ? 'strong' : ''}"
      points=${pointsAttr(px)}
    ></polyline>
    ${strong
      ? px.map(
          ([x, y], l) => svg`<circle
              class="layer ${l === 0 ? 'start' : l === last ? 'end' : ''}"
              cx=${r2(x)}
              cy=${r2(y)}
              r=${l === 0 || l === last ? 3.5 : 2.5}
            ></circle>
            ${labels
              ? svg`<text class="layer-label" x=${r2(x) + 5} y=${r2(y) - 5}
                  >${l === 0 ? 'emb' : `L${l}`}</text
                >`
              : nothing}`
        )
      : nothing}
  </g>`;
}

/**
 * Paths to draw strongly: the hovered path, else the linked position's,
 * else those of the inspected point (every occurrence of a character).
 */
export function emphasisedPaths(
  paths: Trajectory[],
  tokens: boolean,
  o: {hoveredPath: number; linkedPosition: number; point: number}
): ReadonlySet<number> {
  if (paths.length === 0) return new Set();
  if (o.hoveredPath >= 0) return new Set([o.hoveredPath]);
  if (o.linkedPosition >= 0) return new Set([o.linkedPosition]);
  return new Set(
    paths
      .filter((p) => o.point >= 0 && (tokens ? p.token : p.slot) === o.point)
      .map((p) => p.position)
  );
}
