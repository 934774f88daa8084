// Jira sizes a Custom UI iframe to its content, so the page scrolls in the host, not in the iframe.
// An Atlaskit modal is fixed to the iframe's viewport, which is then the whole, tall page: it would
// open far above or below where the person is looking. The part of the iframe the person can see is
// known from an IntersectionObserver (its implicit root is the top-level viewport, across frames),
// so the modals' positioner is pinned to that band.

/** The test ids of the app's modals; Atlaskit names their positioner `${testId}--positioner`. */
export const MODAL_TEST_IDS = ['objective-form', 'key-result-form', 'check-in-form', 'history-dialog', 'delete-dialog', 'limit-override', 'tie-sprint-goal-dialog', 'sprint-review'] as const;

const STEPS = 200;

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

  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries[entries.length - 1];
      if (!entry || entry.intersectionRect.height <= 0) return;
      // In the iframe's own coordinates, which is what a fixed element is placed in.
      root.style.setProperty('--outcomes-visible-top', `${Math.max(0, Math.round(entry.intersectionRect.top))}px`);
      root.style.setProperty('--outcomes-visible-height', `${Math.round(entry.intersectionRect.height)}px`);
    },
    { threshold: Array.from({ length: STEPS + 1 }, (_, step) => step / STEPS) },
  );
  observer.observe(document.body);
}
