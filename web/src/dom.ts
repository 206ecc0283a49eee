/** The DOM helpers: an element with attributes, listeners and children (no framework), and saving a file. */

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/** The listeners h gave each element, per event type, read when the event comes: an element patched in place (morph) takes the new drawing's. */
const listeners = new WeakMap<EventTarget, Map<string, EventListener>>();

function dispatch(e: Event): void {
  listeners.get(e.currentTarget!)?.get(e.type)?.(e);
}

/** `h("button", { class: "x", onclick: f, disabled: true }, "text")`; `on…` props are listeners, false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === "function") {
      let own = listeners.get(el);
      if (!own) listeners.set(el, (own = new Map()));
      own.set(key.slice(2), value);
      el.addEventListener(key.slice(2), dispatch);
    } else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === "number" ? String(c) : c);
  return el;
}

const nodesOf = (children: (Child | Child[])[]): (Node | string)[] =>
  children.flat().filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (typeof c === "number" ? String(c) : c));

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren(...nodesOf(children));
}

/**
 * fill, leaving in place each child that is already there (a part kept from the last drawing,
 * Kept): it keeps its layout and the focus in it. Children no longer given are taken out first,
 * then each new one is put in its place; a kept child is moved only when another kept one came
 * before it and now comes after (a list re-sorted).
 */
export function patch(el: Element, ...children: (Child | Child[])[]): void {
  const next = nodesOf(children).map((c) => (typeof c === "string" ? document.createTextNode(c) : c));
  const keep = new Set(next);
  for (const c of [...el.childNodes]) if (!keep.has(c)) c.remove();
  let at = el.firstChild;
  for (const c of next) {
    if (c === at) at = at.nextSibling;
    else el.insertBefore(c, at);
  }
}

/**
 * Makes `old` (in the document) what `next` (a new drawing of it, built by h) is, changing in place
 * only what differs: attributes, texts, listeners, a control's value; a child of another kind or
 * another count of children is put in anew. An element kept in place keeps its layout and the
 * focus: a closure redraws its point's row without taking the button pressed out of the page
 * (which blurred it, and putting the focus back forced a layout of the panel).
 */
export function morph(old: Node, next: Node): void {
  if (old.nodeType !== next.nodeType || old.nodeName !== next.nodeName) return (old as ChildNode).replaceWith(next);
  if (!(old instanceof Element) || !(next instanceof Element)) {
    if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
    return;
  }
  for (const a of [...old.attributes]) if (!next.hasAttribute(a.name)) old.removeAttribute(a.name);
  for (const a of next.attributes) {
    if (old.getAttribute(a.name) === a.value) continue;
    // An inline style goes through the CSSOM, as h's callers set it: the page's Content-Security-Policy refuses style attributes.
    if (a.name === "style" && old instanceof HTMLElement) old.style.cssText = (next as HTMLElement).style.cssText;
    else old.setAttribute(a.name, a.value);
  }
  const own = listeners.get(next);
  if (own) {
    for (const type of own.keys()) old.addEventListener(type, dispatch);
    listeners.set(old, own);
  } else listeners.delete(old);
  const [now, then] = [old.childNodes, next.childNodes];
  if (now.length !== then.length) old.replaceChildren(...then);
  else for (let i = now.length - 1; i >= 0; i--) morph(now[i], then[i]);
  // What the planner set (a choice, a tick) is the control's state, not its attribute: the new drawing's.
  if (old instanceof HTMLSelectElement && old.value !== (next as HTMLSelectElement).value) old.value = (next as HTMLSelectElement).value;
  if (old instanceof HTMLInputElement && old.type !== "file") {
    if (old.checked !== (next as HTMLInputElement).checked) old.checked = (next as HTMLInputElement).checked;
    if (old.value !== (next as HTMLInputElement).value) old.value = (next as HTMLInputElement).value;
  }
}

/**
 * A part of a view drawn anew at every drawing and changed in place (morph) into the element it was
 * last, which patch then leaves where it is: only what differs changes in the page, so an unchanged
 * part costs no style or layout. For parts whose listeners all come from h.
 */
export class InPlace<T extends Element = HTMLElement> {
  private last: T | null = null;

  /** The part as last placed, made into `next`; `next` itself the first time, or when it is another element. */
  of(next: T): T {
    if (this.last === null || this.last.nodeName !== next.nodeName) return (this.last = next);
    morph(this.last, next);
    return this.last;
  }
}

/**
 * A part of a view kept from its last drawing while what it is drawn from is the same (each
 * dependency compared with ===): patch then leaves that very element in place, with its layout and
 * any focus in it, instead of building and laying it out again.
 */
export class Kept<T = HTMLElement> {
  private last: { deps: readonly unknown[]; node: T } | null = null;

  /** The part drawn from `deps`: the last one when they are the same, else `make()`. */
  of(deps: readonly unknown[], make: () => T): T {
    const last = this.last;
    if (last && last.deps.length === deps.length && last.deps.every((d, i) => d === deps[i])) return last.node;
    this.last = { deps, node: make() };
    return this.last.node;
  }
}

/** Saves a file as the browser's own download, through a temporary link to the blob. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The download holds its own copy once started; the blob is let go of a little later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
