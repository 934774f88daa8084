// Small browser helpers: elements built without innerHTML, JSON requests to the dev server, storage
// that survives private mode.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** An element with attributes (`text`, `className`, `on<event>` handlers, the rest as attributes) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attributes, children?: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'className') node.className = String(value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children ?? []) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** The dev server (or the Jira it relays) refused: its message, status and, for a site failure, a title. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly title: string | undefined,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { message?: string; title?: string };
  errorMessages?: string[];
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as T & ErrorBody;
  if (!response.ok) {
    const message = body?.error?.message || body?.errorMessages?.join(' ') || `${response.status} ${response.statusText}`;
    throw new RequestError(message, response.status, body?.error?.title);
  }
  return body;
}

export function storageGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storageSet(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode: keep the choice for this page only.
  }
}

/** An element the host page's HTML always has. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The host page has no #${id}.`);
  return node as T;
}
