import {noChange} from 'lit';
import {
  Directive,
  directive,
  PartType,
  type ElementPart,
  type PartInfo,
} from 'lit/directive.js';

/** CSS properties by their CSS names (`left`, `--w`); null unsets one. */
export type InlineStyles = Readonly<
  Record<string, string | number | null | undefined>
>;

/**
 * Sets an element's inline styles through the CSSOM only, so they apply
 * under a strict `style-src` Content-Security-Policy. lit's styleMap
 * writes a `style` attribute on first render, which such a page blocks
 * (https://github.com/lit/lit/issues/4719), and so would any
 * `style=${...}` binding. Use it on the element itself:
 * `<span ${inlineStyle({width: '40%'})}>`.
 */
class InlineStyleDirective extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) {
      throw new Error(
        'inlineStyle() goes on an element, as in <span ${inlineStyle(...)}>.'
      );
    }
  }

  render(_styles: InlineStyles) {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [InlineStyles]) {
    const {style} = part.element as HTMLElement;
    for (const name of this.previous) {
      if (styles[name] == null) style.removeProperty(name);
    }
    this.previous = new Set();
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      style.setProperty(name, String(value));
      this.previous.add(name);
    }
    return noChange;
  }
}

export const inlineStyle = directive(InlineStyleDirective);
