// Jira's flags (`showFlag` from an app, or the host's own notices), stacked in the corner.
import { byId, el } from './dom';

export interface FlagOptions {
  id?: unknown;
  title?: string;
  description?: string;
  appearance?: string;
  type?: string;
  actions?: Array<{ text: string }>;
  isAutoDismiss?: boolean;
}

const flagTimers = new Map<string, number>();

/** Shows a flag; `onAction` hears which of its actions was clicked. */
export function showFlag(options: FlagOptions, onAction?: (index: number) => void): true {
  const id = String(options.id);
  closeFlag(id);
  const appearance = options.appearance || options.type || 'info';
  const actions = options.actions ?? [];
  const node = el('div', { className: 'flag', role: 'alert', 'data-testid': 'flag', 'data-flag-id': id, 'data-appearance': appearance }, [
    el('div', { className: 'flag-title' }, [
      el('span', { text: options.title || '' }),
      el('button', { type: 'button', 'aria-label': 'Dismiss', text: '×', onclick: () => closeFlag(id) }),
    ]),
    options.description ? el('div', { className: 'flag-description', text: options.description }) : null,
    actions.length
      ? el(
          'div',
          { className: 'flag-actions' },
          actions.map((action, index) => el('button', { type: 'button', text: action.text, onclick: () => onAction?.(index) })),
        )
      : null,
  ]);
  byId('flags').appendChild(node);
  if (options.isAutoDismiss) flagTimers.set(id, window.setTimeout(() => closeFlag(id), 8000));
  return true;
}

export function closeFlag(id: unknown): boolean {
  const key = String(id);
  const timer = flagTimers.get(key);
  if (timer) window.clearTimeout(timer);
  flagTimers.delete(key);
  let closed = false;
  document.querySelectorAll('.flag').forEach((node) => {
    if (node.getAttribute('data-flag-id') === key) {
      node.remove();
      closed = true;
    }
  });
  return closed;
}
