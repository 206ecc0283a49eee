/**
 * Notes: what a reader of the figures must know (every approximation, every person or point not
 * counted as asked), as data. Each note has a stable code, a severity, the numbers and ids it is
 * about, and its text in Finnish, Swedish and English, made here once from one catalogue; the CLI
 * prints the text, the API sends the whole note, the web app shows it beside the figures, and
 * every report renders it in its language.
 */
import { countOf, fill, formatNumber, formatShare, formatThreshold, inEvery, pointName, type Lang, type LocalText, type ServiceLevel } from "../engine/index.ts";

export type NoteSeverity = "info" | "warning" | "critical";

/** A municipality or point as a note names it. */
export interface NamedCode {
  readonly code: string;
  readonly name: { readonly fi: string; readonly sv: string };
}
interface NamedPoint {
  readonly id: string;
  readonly name: { readonly fi: string; readonly sv: string };
}

/** The numbers and ids of each note, by code. */
export interface NoteParams {
  /** The roads are a generated demo network. */
  "generated-roads": Record<string, never>;
  /**
   * Times at a time of day: the junction delays (s, per junction: main roads, regional roads,
   * streets; null under the turns model, which prices junctions itself), the fast-road and ramp factors.
   */
  "time-of-day": { readonly time: "midday" | "rush"; readonly junctionDelayS: readonly [number, number, number] | null; readonly fastRoadFactor: number; readonly rampFactor: number };
  /** Times on foot or by bike: the speeds (km/h: walking, on steps, cycling) of engine/modes.ts and the connector's. */
  "active-mode": { readonly mode: "walk" | "bike"; readonly walkKmh: number; readonly stepsKmh: number; readonly bikeKmh: number; readonly connectorKmh: number };
  /** Times on the turns model: seconds per turn class and per node control (engine/turn-costs.ts). */
  "turns-model": { readonly turnS: { readonly left: number; readonly right: number; readonly uTurn: number }; readonly nodeS: { readonly signals: number; readonly stop: number; readonly giveWay: number; readonly crossing: number } };
  /** Door-to-door times beside the drive times: the walks (m/min; m to the car by zone) and the parking search (min) of engine/door-to-door.ts. */
  "door-to-door": { readonly walkMPerMin: number; readonly walkToCarM: { readonly innerCity: number; readonly elsewhere: number }; readonly parkingMin: number };
  /** No boundaries: areas are nearest-centre cells. */
  "approximate-areas": Record<string, never>;
  /** No population grid: municipal totals spread along the roads. */
  "population-on-roads": { readonly year: number | null };
  "no-population-total": { readonly municipalities: readonly NamedCode[] };
  /** Totals of municipalities with no road of the extract inside them. */
  "people-not-placed": { readonly people: number; readonly municipalities: readonly (NamedCode & { readonly people: number })[] };
  /** People of a population grid outside the study grid. */
  "people-outside-study-area": { readonly people: number };
  /** People on the grid outside the region's municipalities (in others, far at sea). */
  "people-outside-region": { readonly people: number; readonly region: LocalText };
  /** The region was taken from the roads. */
  "region-from-roads": { readonly region: LocalText };
  /** The built-in generalised boundaries were used. */
  "generalised-boundaries": Record<string, never>;
  /** Municipalities partly outside the extract's box (inside: share of their land inside). */
  "partial-coverage": { readonly municipalities: readonly (NamedCode & { readonly inside: number })[]; readonly scaled: boolean };
  "points-left-out": { readonly maxSnapM: number; readonly points: readonly NamedPoint[] };
  /** Points of the set outside the extract's box: elsewhere, so counted for nothing here. */
  "points-outside-extract": { readonly points: readonly NamedPoint[] };
  "point-far-from-road": NamedPoint & { readonly distanceM: number };
  "level-without-open-point": { readonly level: ServiceLevel };
  "people-beyond-cutoff": { readonly cutoffMin: number; readonly people: Readonly<Partial<Record<ServiceLevel, number>>> };
  "unit-member-missing": { readonly grouping: string; readonly unit: string; readonly municipalities: readonly NamedCode[] };
  /** People by language from a file, spread within each municipality as all its residents are. */
  "languages-spread": { readonly file: string; readonly year: number | null };
  /** Points that give no languages, taken to serve in their municipality's official languages. */
  "languages-by-status": { readonly points: number };
}

export type NoteCode = keyof NoteParams;

export interface Note<C extends NoteCode = NoteCode> {
  readonly code: C;
  readonly severity: NoteSeverity;
  readonly params: NoteParams[C];
  readonly text: LocalText;
}

type Texts<C extends NoteCode> = (p: NoteParams[C], lang: Lang) => string;

const num = (lang: Lang, n: number) => formatNumber(lang, n);
const place = (lang: Lang, m: NamedCode) => `${pointName(lang, m.name)} (${m.code})`;
const places = (lang: Lang, ms: readonly NamedCode[]) => ms.map((m) => place(lang, m)).join(", ");
const pick = (lang: Lang, t: LocalText, vars: Record<string, string | number> = {}) => fill(t[lang], vars);

/** Every note: its severity and its text in each language. */
const CATALOGUE: { readonly [C in NoteCode]: { readonly severity: NoteSeverity; readonly text: Texts<C> } } = {
  "generated-roads": {
    severity: "critical",
    text: (_p, lang) =>
      pick(lang, {
        fi: "Tieverkko on GENEROITU esittelyverkko eikä todellinen: kaikki ajat ja luvut ovat vain havainnollistuksia.",
        sv: "Vägnätet är ett GENERERAT demonät och inte verkligt: alla tider och siffror är endast illustrationer.",
        en: "The road network is GENERATED (a demo network), not real: every time and figure is an illustration only.",
      }),
  },
  "active-mode": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        p.mode === "walk"
          ? {
              fi: "Ajat ovat kävelyaikoja: {w} km/h (70 m/min, Helsingin seudun matka-aikamatriisin ja HSL:n reittioppaan oletus) jalkakäytävillä, poluilla, kävelykaduilla ja kaduilla kumpaankin suuntaan, portaissa {s} km/h (puolet, Fruin 1971); ei moottoriteitä eikä -liikenneteitä. Mäkiä, liikennevaloja ja vuodenaikaa ei oteta huomioon. Matka lähimmälle kulkuväylälle kävellään {c} km/h.",
              sv: "Tiderna är gångtider: {w} km/h (70 m/min, standardvärdet i Helsingforsregionens restidsmatris och HRT:s reseplanerare) på trottoarer, stigar, gågator och gator i båda riktningarna, {s} km/h i trappor (hälften, Fruin 1971); inga motorvägar eller motortrafikleder. Backar, trafikljus och årstid beaktas inte. Sträckan till närmaste gångväg går man i {c} km/h.",
              en: "Times are walking times: {w} km/h (70 m/min, the Helsinki Region Travel Time Matrix's and HSL Journey Planner's default) on footways, paths, pedestrian streets and streets in both directions, {s} km/h on steps (half, Fruin 1971); no motorways or motor roads. Hills, traffic lights and the season are not modelled. The stretch to the nearest way is walked at {c} km/h.",
            }
          : {
              fi: "Ajat ovat pyöräilyaikoja: {b} km/h (neljä kertaa kävelynopeus, kuten Helsingin seudun matka-aikamatriisi 2013) pyöräteillä, poluilla ja kaduilla yksisuuntaisuutta noudattaen (ellei pyörille sallita vastasuuntaa); jalkakäytävillä ja kävelykaduilla pyörää taluttaen {w} km/h; ei portaita, moottoriteitä eikä -liikenneteitä. Mäkiä, liikennevaloja, pyörän lukitsemista ja vuodenaikaa ei oteta huomioon. Matka lähimmälle kulkuväylälle kävellään pyörää taluttaen {c} km/h.",
              sv: "Tiderna är cykeltider: {b} km/h (fyra gånger gånghastigheten, som i Helsingforsregionens restidsmatris 2013) på cykelbanor, stigar och gator enligt enkelriktningen (om inte cyklar får köra mot); på trottoarer och gågator leds cykeln i {w} km/h; inga trappor, motorvägar eller motortrafikleder. Backar, trafikljus, låsning av cykeln och årstid beaktas inte. Sträckan till närmaste väg leder man cykeln i {c} km/h.",
              en: "Times are cycling times: {b} km/h (four times walking speed, as the Helsinki Region Travel Time Matrix 2013 had it) on cycleways, paths and streets, keeping to one-way streets unless cycles may ride against; the bike is walked on footways and pedestrian streets at {w} km/h; no steps, motorways or motor roads. Hills, traffic lights, locking the bike and the season are not modelled. The stretch to the nearest way is walked, pushing the bike, at {c} km/h.",
            },
        { w: formatNumber(lang, p.walkKmh, 1), s: formatNumber(lang, p.stepsKmh, 1), b: formatNumber(lang, p.bikeKmh, 1), c: formatNumber(lang, p.connectorKmh, 1) },
      ),
  },
  "time-of-day": {
    severity: "info",
    text: (p, lang) => {
      const when = { midday: { fi: "keskipäivällä", sv: "mitt på dagen", en: "at midday" }, rush: { fi: "ruuhkatunnilla", sv: "under rusningstimmen", en: "in the rush hour" } }[p.time][lang];
      const f = formatNumber(lang, p.fastRoadFactor, 1);
      if (p.junctionDelayS === null) {
        return pick(
          lang,
          {
            fi: "Ajat kuvaavat liikennettä {when} kääntymismallilla: MetropAccess-Digiroad-mallista (Jaakkola 2013) on mukana vain nopeiden teiden hidastuminen: vähintään 70 km/h teillä risteysten välillä nopeusrajoituksen mukainen aika kerrotaan luvulla {f} ja vähintään 70 km/h rampeilla luvulla {r}. Mallin risteysviive korvautuu kääntymisajoilla, joten liikenteen jonot risteyksissä eivät näy ajoissa.",
            sv: "Tiderna gäller trafiken {when} med svängmodellen: av MetropAccess-Digiroads modell (Jaakkola 2013) ingår bara att snabba vägar går långsammare: på vägar med minst 70 km/h mellan korsningarna multipliceras tiden i hastighetsgränsen med {f} och på ramper med minst 70 km/h med {r}. Modellens korsningsfördröjning ersätts av svängtiderna, så köer i korsningarna syns inte i tiderna.",
            en: "Times are for traffic {when} on the turns model: of MetropAccess-Digiroad's model (Jaakkola 2013) only the slowdown of fast roads is kept: on roads of 70 km/h or more between junctions the time at the posted limit is multiplied by {f}, on ramps of 70 km/h or more by {r}. The model's junction delay is replaced by the turn costs, so queues at junctions are not in the times.",
          },
          { when, f, r: formatNumber(lang, p.rampFactor, 2) },
        );
      }
      const [a, b, c] = p.junctionDelayS.map((s) => formatNumber(lang, s, 1));
      return pick(
        lang,
        {
          fi: "Ajat kuvaavat liikennettä {when} (MetropAccess-Digiroad-malli, Jaakkola 2013): tiet ajetaan nopeusrajoituksen mukaan, ja kuhunkin risteykseen kuluu {a} s pääteillä, {b} s seututeillä ja {c} s kaduilla (puolet kalibroidusta viiveestä; liikennevaloja ei tunnisteta, joten niissä viive on todellisuudessa suurempi). Vähintään 70 km/h teillä risteysten välillä aika kerrotaan luvulla {f}.",
          sv: "Tiderna gäller trafiken {when} (MetropAccess-Digiroads modell, Jaakkola 2013): vägarna körs i hastighetsgränsen, och varje korsning tar {a} s på huvudvägar, {b} s på regionala vägar och {c} s på gator (halva den kalibrerade fördröjningen; trafikljus läses inte, så där är fördröjningen i verkligheten större). På vägar med minst 70 km/h mellan korsningarna multipliceras tiden med {f}.",
          en: "Times are for traffic {when} (MetropAccess-Digiroad's model, Jaakkola 2013): roads are driven at their posted limit, and each junction takes {a} s on main roads, {b} s on regional roads and {c} s on streets (half the calibrated delay; traffic lights are not read, so more is lost at them in reality). On roads of 70 km/h or more, between junctions, times are multiplied by {f}.",
        },
        { when, a, b, c, f },
      );
    },
  },
  "turns-model": {
    severity: "info",
    text: (p, lang) => {
      const s = (x: number) => formatNumber(lang, x);
      return pick(
        lang,
        {
          fi: "Ajoajat noudattavat kokonaan Conveyal R5:n automallia: tiet ajetaan nopeusrajoituksen mukaan, ja risteyksessä kääntyminen vie aikaa (vasemmalle {left} s, oikealle {right} s, U-käännös {u} s); liikennevaloissa ja liikennemerkeillä ei R5:n tapaan lisätä aikaa. Kääntymiskiellot on otettu huomioon, paitsi toisen tien kautta määritellyt. Tavallinen malli ajaa 0,8-kertaisella nopeusrajoituksella ilman risteysaikoja, joten matkalla, jolla käännytään vähän, kääntymismallin aika voi olla lyhyempi.",
          sv: "Körtiderna följer Conveyal R5:s bilmodell i sin helhet: vägarna körs i hastighetsgränsen, och en sväng i en korsning tar tid (vänster {left} s, höger {right} s, U-sväng {u} s); liksom i R5 läggs ingen tid till vid trafikljus eller vägmärken. Svängförbud har beaktats, utom de som anges via en annan väg. Den vanliga modellen kör i 0,8 gånger hastighetsgränsen utan tid i korsningarna, så på en resa med få svängar kan svängmodellens tid vara kortare.",
          en: "Drive times follow Conveyal R5's car model whole: roads are driven at their posted limit, and turning at a junction takes time (left {left} s, right {right} s, U-turn {u} s); as in R5, nothing is added at traffic lights or signs. Turn restrictions are applied, except those given via another road. The plain model drives at 0.8 × the limit with free junctions, so on a trip with few turns the turns model can be the faster.",
        },
        { left: s(p.turnS.left), right: s(p.turnS.right), u: s(p.turnS.uTurn), sig: s(p.nodeS.signals), stop: s(p.nodeS.stop), gw: s(p.nodeS.giveWay), cr: s(p.nodeS.crossing) },
      );
    },
  },
  "door-to-door": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Ovelta ovelle -ajat on laskettu vertailua varten niin kuin Helsingin seudun matka-aikamatriisi laskee automatkan (MetropAccess-Digiroad): matkan kummassakin päässä kävely lähimmälle tielle ja edelleen pysäköidylle autolle ({inner} m Helsingin kantakaupungissa, muualla {other} m) nopeudella {w} m/min sekä määränpäässä {p} min pysäköintipaikan etsimiseen. Suunnittelun luvut ovat ajoaikoja.",
          sv: "Tiderna från dörr till dörr är räknade för jämförelse så som Helsingforsregionens restidsmatris räknar en bilresa (MetropAccess-Digiroad): i båda ändarna av resan promenaden till närmaste väg och vidare till den parkerade bilen ({inner} m i Helsingfors innerstad, {other} m på andra håll) i {w} m/min, och vid målet {p} min för att hitta en parkeringsplats. Planeringssiffrorna är körtider.",
          en: "Door-to-door times are counted, for comparison, as the Helsinki Region Travel Time Matrix counts a car trip (MetropAccess-Digiroad): at both ends the walk to the nearest road and on to the parked car ({inner} m in Helsinki's inner city, {other} m elsewhere) at {w} m/min, and {p} min to find a parking place at the destination. Planning figures are drive times.",
        },
        { w: formatNumber(lang, p.walkMPerMin), inner: formatNumber(lang, p.walkToCarM.innerCity), other: formatNumber(lang, p.walkToCarM.elsewhere), p: formatNumber(lang, p.parkingMin, 2) },
      ),
  },
  "approximate-areas": {
    severity: "warning",
    text: (_p, lang) =>
      pick(lang, {
        fi: "Kuntarajoja ei annettu: kukin ruutu kuuluu kuntaan, jonka hallinnollinen keskus on lähimpänä, joten kuntien luvut ovat likimääräisiä.",
        sv: "Inga kommungränser angavs: varje ruta hör till den kommun vars administrativa centrum ligger närmast, så siffrorna per kommun är ungefärliga.",
        en: "No municipal boundaries were given: each cell belongs to the municipality whose administrative centre is nearest, so the municipal figures are approximate.",
      }),
  },
  "population-on-roads": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Väestöruudukkoa ei annettu: kunkin kunnan asukasluku{year} on sijoitettu sen teiden varrelle asutuksella painotetun tiepituuden mukaan (asuinkadut painavat eniten).",
          sv: "Inget befolkningsrutnät angavs: varje kommuns invånarantal{year} har placerats längs dess vägar i proportion till bebyggelseviktad väglängd (bostadsgator väger mest).",
          en: "No population grid was given: each municipality's population{year} is placed along its roads in proportion to settlement-weighted road length (residential streets count most).",
        },
        { year: p.year === null ? "" : ` (${lang === "fi" ? "31.12." : lang === "sv" ? "31.12." : "31 Dec "}${p.year})` },
      ),
  },
  "no-population-total": {
    severity: "warning",
    text: (p, lang) =>
      pick(lang, { fi: "Asukasluku puuttuu, joten se on laskettu nollaksi: {list}.", sv: "Invånarantal saknas och har räknats som noll: {list}.", en: "No population total, so counted as zero: {list}." }, { list: places(lang, p.municipalities) }),
  },
  "people-not-placed": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "{count} jäi sijoittamatta, koska otteessa ei ole teitä heidän kunnassaan: {list}.",
          sv: "{count} kunde inte placeras eftersom utdraget saknar vägar i deras kommun: {list}.",
          en: "{count} not placed, as the extract has no roads inside their municipality: {list}.",
        },
        { count: countOf(lang, p.people, "resident"), list: p.municipalities.map((m) => `${place(lang, m)} ${num(lang, m.people)}`).join(", ") },
      ),
  },
  "people-outside-study-area": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Väestöaineiston {count} asuu tutkimusalueen (otteen tieverkon kattaman alueen) ulkopuolella, eivätkä he sisälly lukuihin.",
          sv: "{count} i befolkningsmaterialet bor utanför studieområdet (det område utdragets vägnät täcker) och ingår inte i siffrorna.",
          en: "{count} of the population data live outside the study area (the area the extract's roads cover) and are not in the figures.",
        },
        { count: countOf(lang, p.people, "resident") },
      ),
  },
  "languages-spread": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Kieliryhmien asukasmäärät ({file}{year}) on jaettu kunkin kunnan sisällä samoin kuin kunnan koko väestö: kielestä ei ole ruututietoa.",
          sv: "Invånarna per språk ({file}{year}) har fördelats inom varje kommun som kommunens hela befolkning: det finns inga rutdata om språk.",
          en: "People by language ({file}{year}) are spread within each municipality as all its residents are: there is no grid of language.",
        },
        { file: p.file, year: p.year === null ? "" : `, ${p.year}` },
      ),
  },
  "languages-by-status": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "{count}: palvelukieliä ei annettu, joten niiden oletetaan palvelevan kuntansa virallisilla kielillä (kielilaki 423/2003, 5 §).",
          sv: "{count}: inga servicespråk angavs, så de antas betjäna på sin kommuns officiella språk (språklagen 423/2003, 5 §).",
          en: "{count}: no languages of service were given, so each is taken to serve in its municipality's official languages (Language Act 423/2003, § 5).",
        },
        { count: countOf(lang, p.points, "servicePoint") },
      ),
  },
  "people-outside-region": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Ruudukolla {count} asuu alueen {region} kuntien ulkopuolella (naapurikunnissa tai kaukana merellä), eivätkä he sisälly lukuihin.",
          sv: "{count} i rutnätet bor utanför kommunerna i {region} (i grannkommuner eller långt ute till havs) och ingår inte i någon siffra.",
          en: "{count} on the grid live outside the municipalities of {region} (in neighbouring ones, or far out at sea) and are in no figure.",
        },
        { count: countOf(lang, p.people, "resident"), region: p.region[lang] },
      ),
  },
  "region-from-roads": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Alue on {region}, tieverkosta päätelty: ne palvelujen järjestäjät, joiden kuntia otteen tiet palvelevat. Toisen alueen voi valita.",
          sv: "Regionen är {region}, härledd ur vägnätet: de organisatörer vars kommuner utdragets vägar betjänar. En annan region kan väljas.",
          en: "The region is {region}, taken from the roads: the organisers whose municipalities the extract's roads serve. Another region can be named.",
        },
        { region: p.region[lang] },
      ),
  },
  "generalised-boundaries": {
    severity: "info",
    text: (_p, lang) =>
      pick(lang, {
        fi: "Kuntarajat ovat Tilastokeskuksen vuoden 2023 rajat yleistettyinä (kunkin kunnan pinta-ala enintään 0,6 % alkuperäisestä, Ahvenanmaan saaristokunnissa 2,2 %); tarkat rajat saa antamalla rajatiedoston.",
        sv: "Kommungränserna är Statistikcentralens gränser för 2023 i generaliserad form (varje kommuns areal inom 0,6 % av originalet, 2,2 % i Ålands skärgårdskommuner); exakta gränser fås med en gränsfil.",
        en: "Municipal borders are Statistics Finland's 2023 boundaries, generalised (each municipality's area within 0.6 % of the original, 2.2 % in Åland's archipelago); give a boundary file for exact ones.",
      }),
  },
  "partial-coverage": {
    severity: "warning",
    text: (p, lang) => {
      const list = p.municipalities.map((m) => `${place(lang, m)} ${formatShare(lang, m.inside)}`).join(", ");
      const scaled = p.scaled
        ? {
            fi: " Niiden asukasluvuista on otettu mukaan arvioitu otteen sisällä asuva osuus (asukkaiden oletetaan asuvan kuntakeskuksen ympärillä, puolet vähemmän jokaista 1,5 km kohden kauempana).",
            sv: " Av deras invånarantal har den andel tagits med som beräknas bo innanför utdraget (invånarna antas bo kring kommuncentrum, hälften så många för var 1,5 km längre bort).",
            en: " Of their population totals, the share estimated to live inside was kept (people taken to live around the administrative centre, half as many every 1.5 km farther out).",
          }[lang]
        : "";
      const text = pick(
        lang,
        {
          fi: "Osittain otteen ulkopuolella, joten niiden luvut koskevat vain sisäpuolista osaa (osuus maa-alasta otteen sisällä): {list}.",
          sv: "Delvis utanför utdraget, så deras siffror gäller bara delen innanför (andel av landarealen innanför utdraget): {list}.",
          en: "Partly outside the extract, so their figures cover only the part inside (share of their land inside the extract): {list}.",
        },
        { list },
      );
      return text + scaled;
    },
  },
  "points-left-out": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "{count} jätettiin pois, koska tietä ei ole {m} metrin säteellä: {list}.",
          sv: "{count} lämnades bort eftersom ingen väg finns inom {m} m: {list}.",
          en: "{count} left out, with no road within {m} m: {list}.",
        },
        { count: countOf(lang, p.points.length, "servicePoint"), m: num(lang, p.maxSnapM), list: p.points.map((x) => pointName(lang, x.name)).join(", ") },
      ),
  },
  "points-outside-extract": {
    severity: "info",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "{count} palveluverkosta on otteen ulkopuolella, eikä niitä lasketa tässä: {list}.",
          sv: "{count} i servicenätet ligger utanför utdraget och räknas inte här: {list}.",
          en: "{count} of the set lie outside the extract and count for nothing here: {list}.",
        },
        { count: countOf(lang, p.points.length, "servicePoint"), list: p.points.map((x) => pointName(lang, x.name)).join(", ") },
      ),
  },
  "point-far-from-road": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Palvelupiste {name} on {d} metrin päässä lähimmästä tiestä: onko se otteen ulkopuolella?",
          sv: "Servicestället {name} ligger {d} m från närmaste väg: ligger det utanför utdraget?",
          en: "Service point {name} is {d} m from the nearest road: does it lie outside the extract?",
        },
        { name: pointName(lang, p.name), d: num(lang, Math.round(p.distanceM)) },
      ),
  },
  "level-without-open-point": {
    severity: "critical",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Yksikään avoin palvelupiste ei tarjoa tason {level} palveluja: kukaan ei tavoita tason {level} palvelua, ja tason kartta on tyhjä.",
          sv: "Inget öppet serviceställe erbjuder tjänster på nivå {level}: ingen når en tjänst på nivå {level}, och nivåns karta är tom.",
          en: "No open service point offers level {level}: nobody reaches a level {level} service, and the level's map is empty.",
        },
        { level: p.level },
      ),
  },
  "people-beyond-cutoff": {
    severity: "info",
    text: (p, lang) => {
      const t = formatThreshold(lang, p.cutoffMin);
      const list = (Object.entries(p.people) as [ServiceLevel, number][]).map(([level, n]) => `${level} ${countOf(lang, n, "resident")}`).join(", ");
      return pick(
        lang,
        {
          fi: "Yli {t} min päässä tai tieverkon ulkopuolella asuu {list}. Heidät lasketaan vyöhykkeeseen yli {t} min; keskiarvot on laskettu enintään {t} min päässä asuvista, ja mediaani, 90 %:n aika tai pisin aika jää tyhjäksi, kun se on yli {t} min.",
          sv: "Över {t} min bort eller utanför vägnätet bor {list}. De räknas till zonen över {t} min; medelvärdena gäller dem som bor högst {t} min bort, och median, 90 %-tid eller längsta tid lämnas tom när den är över {t} min.",
          en: "Beyond {t} min or off the roads live {list}. They count in the band over {t} min; means are over the people within {t} min, and a median, 90 % time or longest time is left empty when it is over {t} min.",
        },
        { t, list },
      );
    },
  },
  "unit-member-missing": {
    severity: "warning",
    text: (p, lang) =>
      pick(
        lang,
        {
          fi: "Aluejako {grouping}, alue {unit}: {count} ei ulotu ruudukolle eikä vaikuta lukuihin ({list}).",
          sv: "Indelningen {grouping}, området {unit}: {count} når inte rutnätet och påverkar inte siffrorna ({list}).",
          en: "Grouping {grouping}, unit {unit}: {count} outside the grid, counted for nothing ({list}).",
        },
        { grouping: p.grouping, unit: p.unit, count: countOf(lang, p.municipalities.length, "municipality"), list: places(lang, p.municipalities) },
      ),
  },
};

/** A note with its text in every language. */
export function note<C extends NoteCode>(code: C, params: NoteParams[C]): Note<C> {
  const entry = CATALOGUE[code];
  return { code, severity: entry.severity, params, text: inEvery((lang) => entry.text(params, lang)) };
}

/** Every note code, for tests and documentation. */
export const NOTE_CODES = Object.keys(CATALOGUE) as NoteCode[];

/** Notes in the order a reader should see them: critical first, then warnings, then the rest, each group as made. */
export function sortNotes(notes: readonly Note[]): Note[] {
  const rank: Record<NoteSeverity, number> = { critical: 0, warning: 1, info: 2 };
  return notes.map((n, i) => ({ n, i })).sort((a, b) => rank[a.n.severity] - rank[b.n.severity] || a.i - b.i).map((x) => x.n);
}
