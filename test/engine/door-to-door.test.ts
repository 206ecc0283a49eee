// The matrix's door-to-door car time (engine/door-to-door.ts), worked by hand.
import { describe, expect, it } from "vitest";
import { doorToDoor, inInnerCity, PARKING_SEARCH_MIN } from "../../engine/door-to-door.ts";

const STATION = { lon: 24.94315, lat: 60.17003 }; // Helsinki railway station: inner city
const LEPPAVAARA = { lon: 24.8133, lat: 60.2191 }; // Espoo: not

describe("door to door as the Helsinki Region Travel Time Matrix counts a car trip", () => {
  it("knows the inner city by the tool's quadrilateral", () => {
    expect(inInnerCity(STATION.lon, STATION.lat)).toBe(true);
    expect(inInnerCity(24.9526, 60.1675)).toBe(true); // Senate Square
    expect(inInnerCity(LEPPAVAARA.lon, LEPPAVAARA.lat)).toBe(false);
    expect(inInnerCity(24.97, 60.21)).toBe(false); // Arabianranta, north of the quadrilateral
  });

  it("swaps the connectors for walks and adds the walks to and from the car and the parking search", () => {
    // 10 min of driving including connectors of 18 s and 9 s (100 m and 50 m at 20 km/h).
    const d = doorToDoor(6000, { ...STATION, snap: { distanceM: 100 }, connectorDs: 180 }, { ...LEPPAVAARA, snap: { distanceM: 50 }, connectorDs: 90 });
    expect(d.driveMin).toBeCloseTo((6000 - 270) / 600, 10);
    // 100 m + 180 m (inner city) at the origin, 135 m (elsewhere) + 50 m at the destination, at 70 m/min.
    expect(d.walkMin).toBeCloseTo((100 + 180 + 135 + 50) / 70, 10);
    expect(d.parkingMin).toBe(0.42);
    expect(d.totalMin).toBeCloseTo(9.55 + 465 / 70 + 0.42, 10);
  });

  it("inside the inner city at both ends adds 5.56 min besides the stretches to the road", () => {
    const d = doorToDoor(3000, { ...STATION, snap: { distanceM: 0 }, connectorDs: 0 }, { lon: 24.9526, lat: 60.1675, snap: { distanceM: 0 }, connectorDs: 0 });
    expect(d.totalMin - 5).toBeCloseTo(360 / 70 + PARKING_SEARCH_MIN, 10);
  });
});
