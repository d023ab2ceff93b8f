/**
 * Keeps the newest generated character in view inside the element's own
 * scrolling text box. A long prompt would otherwise push everything the
 * model writes below the fold. Scrolls only the box, never the page.
 */
export function keepNewestInView(root: ParentNode): void {
  const box = root.querySelector<HTMLElement>('.output');
  const mark = root.querySelector<HTMLElement>('.output .newest');
  if (!box || !mark) return;
  const b = box.getBoundingClientRect();
  const m = mark.getBoundingClientRect();
  if (m.top >= b.top && m.bottom <= b.bottom) return;
  box.scrollTop += m.top - b.top - box.clientHeight / 2;
}
