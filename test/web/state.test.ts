// The web app's scenario state, without a browser: net change lists (a reopened point leaves no
// trace), undo/redo, and the URL hash that restores level, bands, view and changes, including
// ids that hold the separators and hand-edited hashes with junk in them.
import { describe, expect, it } from "vitest";
import { History, decodeHash, encodeHash, hasCrossBorder, movedPlaces, movePoint, pointStates, setPoint, withCrossBorder, type BasePoint, type Change, type NewPoint, type UrlState } from "../../web/src/state.ts";

const BASE: BasePoint[] = [
  { id: "kirurginen", level: "E", open: true },
  { id: "kamppi", level: "L", open: true },
  { id: "spare", level: "L", open: false },
];
const FALLBACK: UrlState = { lang: "fi", level: "L", bands: "planning", changes: [] };

describe("change lists", () => {
  it("keeps one net change per point and kind, in the order points were first changed", () => {
    let c: Change[] = [];
    c = setPoint(BASE, c, "kamppi", { open: false, level: "L" });
    c = setPoint(BASE, c, "kirurginen", { open: true, level: "A" });
    c = setPoint(BASE, c, "kamppi", { open: false, level: "A" });
    expect(c).toEqual([{ op: "relevel", id: "kamppi", level: "A" }, { op: "close", id: "kamppi" }, { op: "relevel", id: "kirurginen", level: "A" }]);
    expect(pointStates(BASE, c).get("kamppi")).toEqual({ open: false, level: "A" });
  });

  it("drops a point that is back at its base state, and opens a point closed in the base", () => {
    const closed = setPoint(BASE, [], "kamppi", { open: false, level: "L" });
    expect(setPoint(BASE, closed, "kamppi", { open: true, level: "L" })).toEqual([]);
    expect(setPoint(BASE, [], "spare", { open: true, level: "L" })).toEqual([{ op: "open", id: "spare" }]);
    expect(setPoint(BASE, closed, "nowhere", { open: false, level: "E" })).toEqual(closed);
  });
});

describe("History", () => {
  it("undoes and redoes, drops the redo list on a new step, and ignores a step that changes nothing", () => {
    const a: Change[] = [{ op: "close", id: "kamppi" }];
    const b: Change[] = [...a, { op: "relevel", id: "kirurginen", level: "A" }];
    let h = History.of().push(a).push(b);
    expect(h.push([...b])).toBe(h);
    h = h.undo();
    expect(h.present).toEqual(a);
    expect(h.canRedo).toBe(true);
    expect(h.redo().present).toEqual(b);
    h = h.undo().undo();
    expect([h.present, h.canUndo, h.undo()]).toEqual([[], false, h]);
    h = h.redo().push([]);
    expect([h.present, h.canRedo]).toEqual([[], false]);
  });
});

describe("URL hash", () => {
  it("round-trips level, bands, language, view and changes, ids with separators included", () => {
    const s: UrlState = {
      lang: "sv", level: "A", bands: "short", view: { zoom: 12.5, lon: 24.94123, lat: 60.17042 },
      changes: [{ op: "close", id: "a:b,c&d" }, { op: "relevel", id: "x", level: "E" }, { op: "open", id: "ö 1" }],
    };
    const hash = encodeHash(s);
    expect(hash).toBe("#lang=sv&level=A&bands=short&map=12.50/60.17042/24.94123&changes=close:a%3Ab%2Cc%26d,relevel:x:E,open:%C3%B6%201");
    expect(decodeHash(hash, FALLBACK)).toEqual(s);
    expect(encodeHash(FALLBACK)).toBe("#lang=fi&level=L&bands=planning");
  });

  it("keeps the fallback for anything missing or malformed", () => {
    expect(decodeHash("", FALLBACK)).toEqual(FALLBACK);
    expect(decodeHash("#level=Q&lang=de&bands=huge&map=99/1/2&changes=close:,demolish:x,relevel:y:Z,close:%E0%A4%A,open:ok", FALLBACK)).toEqual({ ...FALLBACK, changes: [{ op: "open", id: "ok" }] });
    expect(decodeHash("#type=Dental%20care&language=swedish", FALLBACK)).toEqual(FALLBACK);
  });

  it("round-trips the service type and the language of service", () => {
    const s: UrlState = { ...FALLBACK, type: "dental-care", language: "sv" };
    expect(encodeHash(s)).toBe("#lang=fi&level=L&bands=planning&type=dental-care&language=sv");
    expect(decodeHash(encodeHash(s), FALLBACK)).toEqual(s);
  });

  it("round-trips the profile and the road model, and drops a model that is not one", () => {
    const s: UrlState = { ...FALLBACK, profile: "car-rush", model: "turns" };
    expect(encodeHash(s)).toBe("#lang=fi&level=L&bands=planning&profile=car-rush&model=turns");
    expect(decodeHash(encodeHash(s), FALLBACK)).toEqual(s);
    expect(decodeHash("#model=bends", FALLBACK)).toEqual(FALLBACK);
  });
});

describe("added points", () => {
  const add: Change = { op: "add", point: { id: "new-1", name_fi: "Uusi: asema, 1", municipality: "091", lon: 24.912, lat: 60.16, level: "L" } };

  it("re-levels an added point in its add change, removes it when closed, and keeps it through other points' changes", () => {
    let c: Change[] = [add];
    c = setPoint(BASE, c, "kamppi", { open: false, level: "L" });
    expect(c).toEqual([{ op: "close", id: "kamppi" }, add]);
    expect(pointStates(BASE, c).get("new-1")).toEqual({ open: true, level: "L" });
    c = setPoint(BASE, c, "new-1", { open: true, level: "A" });
    expect(c).toEqual([{ op: "close", id: "kamppi" }, { op: "add", point: { ...add.point, level: "A" } }]);
    expect(setPoint(BASE, c, "new-1", { open: false, level: "A" })).toEqual([{ op: "close", id: "kamppi" }]);
  });

  it("round-trips through the URL hash, separators in the name included, and drops a malformed one", () => {
    const s: UrlState = { ...FALLBACK, changes: [add, { op: "close", id: "kamppi" }] };
    expect(decodeHash(encodeHash(s), FALLBACK).changes).toEqual(s.changes);
    expect(decodeHash("#changes=add:x:L:24.9:60.1:091,add:y:Q:24.9:60.1:091:Name,add:z:L:nan:60.1:091:Name", FALLBACK).changes).toEqual([]);
  });
});

describe("the neighbours' points across the border", () => {
  const PEIJAS: NewPoint = { id: "A-hus-peijas", name_fi: "Peijaksen sairaala", municipality: "092", lon: 25.047, lat: 60.331, level: "A" };
  const L092: NewPoint = { id: "L-092", name_fi: "Vantaa, terveysasema", municipality: "092", lon: 25.04, lat: 60.29, level: "L" };

  it("adds each once after the planner's changes, and takes out only them (with what was done to them)", () => {
    const close: Change = { op: "close", id: "kamppi" };
    const on = withCrossBorder([close], [PEIJAS, L092], true);
    expect(on).toEqual([close, { op: "add", point: PEIJAS }, { op: "add", point: L092 }]);
    expect(hasCrossBorder(on, [PEIJAS, L092])).toBe(true);
    expect(withCrossBorder(on, [PEIJAS, L092], true)).toEqual(on);
    // Re-levelled by the planner, then unticked: the point goes, the closure stays.
    const relevelled = setPoint(BASE, on, "L-092", { open: true, level: "A" });
    expect(hasCrossBorder(relevelled, [PEIJAS, L092])).toBe(true);
    expect(withCrossBorder(relevelled, [PEIJAS, L092], false)).toEqual([close]);
    // One of them closed by the planner: no longer all counted.
    expect(hasCrossBorder(setPoint(BASE, on, "L-092", { open: false, level: "L" }), [PEIJAS, L092])).toBe(false);
    expect(hasCrossBorder([], [])).toBe(false);
  });
});

describe("moved points", () => {
  const PLACED = [{ id: "kirurginen", lon: 24.9486, lat: 60.1628 }, { id: "kamppi", lon: 24.9305, lat: 60.168 }];
  const add: Change = { op: "add", point: { id: "new-1", name_fi: "Uusi", municipality: "091", lon: 24.912, lat: 60.16, level: "L" } };

  it("keeps one move per point, rounded to 1e-5°, replaced in place, and none once back at the base place", () => {
    let c = movePoint(PLACED, [{ op: "close", id: "kirurginen" }], "kamppi", { lon: 24.9123456, lat: 60.1598765 });
    expect(c).toEqual([{ op: "close", id: "kirurginen" }, { op: "move", id: "kamppi", lon: 24.91235, lat: 60.15988 }]);
    c = movePoint(PLACED, [...c, add], "kamppi", { lon: 24.92, lat: 60.161 });
    expect(c).toEqual([{ op: "close", id: "kirurginen" }, { op: "move", id: "kamppi", lon: 24.92, lat: 60.161 }, add]);
    expect(movedPlaces(c)).toEqual(new Map([["kamppi", { lon: 24.92, lat: 60.161 }]]));
    expect(movePoint(PLACED, c, "kamppi", { lon: 24.930501, lat: 60.167999 })).toEqual([{ op: "close", id: "kirurginen" }, add]);
    expect(movePoint(PLACED, c, "nowhere", { lon: 25, lat: 60 })).toEqual(c);
  });

  it("moves an added point in its add change, with the municipality it now counts in", () => {
    expect(movePoint(PLACED, [add], "new-1", { lon: 24.95, lat: 60.17 }, "049")).toEqual([{ op: "add", point: { ...add.point, lon: 24.95, lat: 60.17, municipality: "049" } }]);
  });

  it("survives other points' changes, and a move does not open or close its point", () => {
    const move: Change = { op: "move", id: "kamppi", lon: 24.92, lat: 60.161 };
    const c = setPoint(BASE, [move], "kirurginen", { open: true, level: "A" });
    expect(c).toEqual([{ op: "relevel", id: "kirurginen", level: "A" }, move]);
    expect(setPoint(BASE, c, "kamppi", { open: false, level: "L" })).toEqual([{ op: "relevel", id: "kirurginen", level: "A" }, { op: "close", id: "kamppi" }, move]);
    expect(pointStates(BASE, c).get("kamppi")).toEqual({ open: true, level: "L" });
  });

  it("round-trips through the URL hash, separators in the id included, and drops a malformed one", () => {
    const s: UrlState = { ...FALLBACK, changes: [{ op: "move", id: "a:b,c", lon: 24.92, lat: 60.161 }, { op: "close", id: "kamppi" }] };
    expect(encodeHash(s)).toBe("#lang=fi&level=L&bands=planning&changes=move:a%3Ab%2Cc:24.92000:60.16100,close:kamppi");
    expect(decodeHash(encodeHash(s), FALLBACK).changes).toEqual(s.changes);
    expect(decodeHash("#changes=move:x:24.9,move:y:nan:60.1,move::24.9:60.1,move:z:24.9:91,move:w:24.9:60.1:extra", FALLBACK).changes).toEqual([]);
  });
});

describe("capacity changes", () => {
  it("pass through a point's open and level changes, and round-trip through the URL hash (none for no limit)", () => {
    const cap: Change = { op: "capacity", id: "kamppi", capacity: 12500 };
    const c = setPoint(BASE, [cap], "kamppi", { open: false, level: "L" });
    expect(c).toEqual([{ op: "close", id: "kamppi" }, cap]);
    expect(pointStates(BASE, [cap]).get("kamppi")).toEqual({ open: true, level: "L" });
    const s: UrlState = { ...FALLBACK, changes: [cap, { op: "capacity", id: "a:b", capacity: null }] };
    expect(encodeHash(s)).toBe("#lang=fi&level=L&bands=planning&changes=capacity:kamppi:12500,capacity:a%3Ab:none");
    expect(decodeHash(encodeHash(s), FALLBACK).changes).toEqual(s.changes);
    expect(decodeHash("#changes=capacity:x:-5,capacity:y:lots,capacity:z", FALLBACK).changes).toEqual([]);
    const langs: UrlState = { ...FALLBACK, changes: [{ op: "languages", id: "kamppi", languages: ["fi", "sv"] }, { op: "languages", id: "b", languages: null }] };
    expect(encodeHash(langs)).toBe("#lang=fi&level=L&bands=planning&changes=languages:kamppi:fi+sv,languages:b:none");
    expect(decodeHash(encodeHash(langs), FALLBACK).changes).toEqual(langs.changes);
    expect(decodeHash("#changes=languages:x:FI,languages:y:fi+fi,languages:z", FALLBACK).changes).toEqual([]);
  });
});
