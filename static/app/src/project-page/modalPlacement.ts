// Jira sizes a Custom UI iframe to its content, so the page scrolls in the host, not in the iframe.
// An Atlaskit modal is fixed to the iframe's viewport, which is then the whole, tall page: it would
// open far above or below where the person is looking. The part of the iframe the person can see is
// known from an IntersectionObserver (its implicit root is the top-level viewport, across frames),
// so the modals' positioner is pinned to that band.

/** The test ids of the app's modals; Atlaskit names their positioner `${testId}--positioner`. */
export const MODAL_TEST_IDS = ['objective-form', 'key-result-form', 'check-in-form', 'history-dialog', 'delete-dialog', 'limit-override', 'tie-sprint-goal-dialog', 'sprint-review', 'carry-dialog'] as const;

/** Each slice reports at every 5 % of itself: the band is right to within 5 px. */
const STEPS = 20;
const SLICE_PX = 100;

export function pinModalsToVisibleBand(): void {
  if (typeof IntersectionObserver !== 'function') return;
  const root = document.documentElement;
  const style = document.createElement('style');
  // Atlaskit places the positioner 60px below the viewport's top and caps it 119px short of its
  // height; the same gutters, measured from the visible band instead.
  style.textContent = `${MODAL_TEST_IDS.map((id) => `html [data-testid="${id}--positioner"]`).join(',')} {
    inset-block-start: calc(var(--outcomes-visible-top, 0px) + 60px) !important;
    max-height: max(280px, calc(var(--outcomes-visible-height, 100vh) - 119px)) !important;
  }`;
  document.head.appendChild(style);

  // One observer on the whole body only reports when its visible share changes, which it does not
  // while a tall page scrolls with the viewport inside it: the band would go stale and a modal open
  // off-screen. So the body's height is cut into slices (absolutely placed, so they change no layout
  // and no height), each of which reports as it crosses the viewport's edges; the band is the union
  // of what is visible of them.
  const visible = new Map<Element, { top: number; bottom: number } | null>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const rect = entry.intersectionRect;
        visible.set(entry.target, entry.isIntersecting && rect.height > 0 ? { top: rect.top, bottom: rect.bottom } : null);
      }
      let top = Number.POSITIVE_INFINITY;
      let bottom = Number.NEGATIVE_INFINITY;
      for (const rect of visible.values()) {
        if (!rect) continue;
        top = Math.min(top, rect.top);
        bottom = Math.max(bottom, rect.bottom);
      }
      if (bottom <= top) return;
      // In the iframe's own coordinates, which is what a fixed element is placed in.
      root.style.setProperty('--outcomes-visible-top', `${Math.max(0, Math.round(top))}px`);
      root.style.setProperty('--outcomes-visible-height', `${Math.round(bottom - top)}px`);
    },
    { threshold: Array.from({ length: STEPS + 1 }, (_, step) => step / STEPS) },
  );
  const layer = document.createElement('div');
  layer.setAttribute('aria-hidden', 'true');
  layer.style.cssText = 'position:absolute;inset-block-start:0;inset-inline-start:0;width:1px;pointer-events:none;visibility:hidden';
  document.body.appendChild(layer);
  const slice = (height: number) => {
    const count = Math.max(1, Math.ceil(height / SLICE_PX));
    while (layer.children.length > count) {
      const last = layer.lastElementChild;
      if (!last) break;
      observer.unobserve(last);
      visible.delete(last);
      last.remove();
    }
    while (layer.children.length < count) {
      const piece = document.createElement('div');
      piece.style.cssText = `position:absolute;inset-inline-start:0;width:1px;height:${SLICE_PX}px;inset-block-start:${layer.children.length * SLICE_PX}px`;
      layer.appendChild(piece);
      observer.observe(piece);
    }
  };
  slice(document.body.offsetHeight);
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => slice(document.body.offsetHeight)).observe(document.body);
}
