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
 * fill, leaving in place each child that is already there at its position: a section kept from
 * the last drawing keeps its layout, and the focus in it. Anything else (another count of
 * children, a kept child moved) is filled anew.
 */
export function patch(el: Element, ...children: (Child | Child[])[]): void {
  const next = nodesOf(children);
  const now = el.childNodes;
  const moved = next.some((c, i) => typeof c !== "string" && c.parentNode === el && now[i] !== c);
  if (next.length !== now.length || moved) return el.replaceChildren(...next);
  next.forEach((c, i) => now[i] !== c && now[i].replaceWith(c));
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
