/**
 * A ref that moves focus to its element once, when the element appears: the first field of a form
 * dialog, the search of a picker just opened. One function for every render, so React calls it only
 * when the element mounts (and with null when it goes), never again on a re-render.
 */
export function focusOnMount(element: { focus(): void } | null): void {
  element?.focus();
}
