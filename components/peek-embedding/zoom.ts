import {
  select,
  zoom,
  zoomIdentity,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';

/**
 * Pan and zoom of the scatter, with d3-zoom. Dragging pans; the wheel
 * zooms only with Ctrl or ⌘ held (and trackpad pinches), so a page that
 * embeds the plot still scrolls past it. Glyphs keep their size: only
 * positions are scaled.
 */
export class PlotZoom {
  /** The current transform, identity when the whole layout shows. */
  transform: ZoomTransform = zoomIdentity;
  private readonly behavior: ZoomBehavior<SVGSVGElement, unknown>;
  private svg: SVGSVGElement | undefined;

  constructor(onChange: () => void) {
    this.behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.5, 64])
      .filter((e: Event) =>
        e.type === 'wheel'
          ? (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey
          : !(e as MouseEvent).button
      )
      .on('zoom', (e: {transform: ZoomTransform}) => {
        this.transform = e.transform;
        onChange();
      });
  }

  /** Binds to the plot's SVG (again if it was re-created). */
  attach(svg: SVGSVGElement | null): void {
    if (!svg || svg === this.svg) return;
    this.svg = svg;
    select(svg).call(this.behavior);
    select(svg).property('__zoom', this.transform);
  }

  /** Zooms by factor k around the plot's centre. */
  scaleBy(k: number): void {
    if (this.svg) select(this.svg).call(this.behavior.scaleBy, k);
  }

  /** Shows the whole layout again. */
  reset(): void {
    if (this.svg) select(this.svg).call(this.behavior.transform, zoomIdentity);
    else this.transform = zoomIdentity;
  }
}
