/** The DOM helpers: an element with attributes, listeners and children (no framework), and saving a file. */

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("button", { class: "x", onclick: f, disabled: true }, "text")`; `on…` props are listeners, false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
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
