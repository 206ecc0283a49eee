/**
 * What each measure of a grouping comparison means, worded once in Finnish, Swedish and English:
 * the CLI's `compare --help`, the API's comparison (`definitions`), the app beside its table and
 * the reports all print these. `{h}` is the horizon: the minutes up to which times are known.
 */
import type { Lang, LocalText } from "../engine/index.ts";

type Definition = Readonly<Record<Lang, string>>;

const MEASURE_KEYS = ["mean", "p90", "within", "offRoad", "meanRatio", "gini", "unitMeanGini", "rank", "worst", "farthest"] as const;
type MeasureKey = (typeof MEASURE_KEYS)[number];

const DEFINITIONS: Readonly<Record<MeasureKey, Definition>> = {
  mean: {
    fi: "Keskiarvo: matka-aika lähimpään tason palveluun keskimäärin niillä, joilla on tieyhteys. Ajat tunnetaan {h} minuuttiin asti; kauempana asuvat lasketaan {h} minuutin mukaan, ja silloin keskiarvo on alaraja (merkintä ≥).",
    sv: "Medeltid: restiden till närmaste tjänst på nivån i medeltal för dem som har vägförbindelse. Tiderna är kända upp till {h} min; den som bor längre bort räknas som {h} min, och då är medeltiden en nedre gräns (märkt ≥).",
    en: "Mean: the average time to the nearest service of the level over the people with a road. Times are known up to {h} min; anyone farther counts at {h} min, and the mean is then a lower bound (marked ≥).",
  },
  p90: {
    fi: "P90: aika, jonka sisällä asuu yhdeksän kymmenestä niistä, joilla on tieyhteys; ≥, kun se on yli {h} min.",
    sv: "P90: tiden inom vilken nio av tio av dem som har vägförbindelse bor; ≥ när den ligger bortom {h} min.",
    en: "P90: the time within which nine in ten of the people with a road live; ≥ when it lies beyond {h} min.",
  },
  within: {
    fi: "Osuus m minuutin sisällä: enintään m minuutin päässä lähimmästä palvelusta asuvat kaikista alueen asukkaista; viimeistä rajaa kauempana ja ilman tieyhteyttä asuvat ovat ulkopuolella.",
    sv: "Andel inom m min: de som bor högst m min från närmaste tjänst av alla i området; de som bor bortom den sista gränsen och de utan vägförbindelse räknas som utanför.",
    en: "Share within m min: the people at most m min from the nearest service over all the unit's people; people beyond the last threshold and people with no road count as outside.",
  },
  offRoad: {
    fi: "Ilman tieyhteyttä: asukkaat, joiden lähellä ei ole tietä (esimerkiksi saaristossa). Heillä ei ole ajoaikaa, joten he eivät ole mukana keskiarvoissa, P90:ssä eivätkä Gini-kertoimissa; heidän osuutensa näytetään erikseen.",
    sv: "Utan vägförbindelse: invånare utan väg inom räckhåll (till exempel i skärgården). De har ingen körtid och ingår därför inte i medeltider, P90 eller Ginikoefficienter; deras andel visas separat.",
    en: "No road: people with no road within reach (in the archipelago, for example). They have no driving time, so they are not in the means, the P90 or the Ginis; their share is shown apart.",
  },
  meanRatio: {
    fi: "Suurin/pienin: pisimmän alueen keskiarvo jaettuna lyhimmällä (samoin P90). ≥, kun vain pisin on alaraja; ≈, kun lyhinkin on alaraja, jolloin suhde voi olla kumpaan suuntaan tahansa.",
    sv: "Största/minsta: det längsta områdets medeltid delad med det kortastes (likaså P90). ≥ när bara den längsta är en nedre gräns; ≈ när också den kortaste är det, och kvoten kan då ändras åt båda hållen.",
    en: "Max/min: the longest unit mean over the shortest (likewise the P90). ≥ when only the longest is a lower bound; ≈ when the shortest is one too, and the ratio can then move either way.",
  },
  gini: {
    fi: "Gini henkilöittäin: kaikkien tieyhteyden päässä asuvien matka-aikojen Gini-kerroin koko alueella (0: kaikilla sama aika). Ei riipu aluejaosta. ≥, kun joku asuu yli {h} minuutin päässä.",
    sv: "Gini per person: Ginikoefficienten för restiderna för alla med vägförbindelse i hela regionen (0: alla har samma tid). Den beror inte på indelningen. ≥ när någon bor bortom {h} min.",
    en: "Gini per person: the Gini coefficient of the times of everyone with a road in the whole region (0: everyone has the same time). It does not depend on the grouping. ≥ when anyone is beyond {h} min.",
  },
  unitMeanGini: {
    fi: "Gini, alueiden keskiarvot: alueiden keskiarvojen Gini-kerroin, jossa kunkin alueen paino on sen tieyhteyden päässä asuvien määrä, joten suuri alue painaa enemmän kuin pieni. Mittaa alueiden välistä eriarvoisuutta. ≥ tai ≈, kun jonkin alueen keskiarvo on alaraja.",
    sv: "Gini för områdenas medeltider: Ginikoefficienten för områdenas medeltider, där varje område vägs med antalet invånare med vägförbindelse, så att ett stort område väger mer än ett litet. Den mäter ojämlikheten mellan områdena. ≥ eller ≈ när något områdes medeltid är en nedre gräns.",
    en: "Gini of unit means: the Gini coefficient of the units' means, each unit weighted by its people with a road, so a large unit weighs more than a small one. It measures inequality between units. ≥ or ≈ when any unit's mean is a lower bound.",
  },
  rank: {
    fi: "Sija: 1 on heikoimmassa asemassa (pisin keskiarvo). Jos järjestys jää auki, sija näytetään välinä, esimerkiksi 1–2.",
    sv: "Placering: 1 är sämst ställt (längst medeltid). Om ordningen inte kan avgöras visas placeringen som ett intervall, till exempel 1–2.",
    en: "Rank: 1 is the worst off (longest mean). Where the order cannot be decided, the rank is the range of places the unit can hold, e.g. 1–2.",
  },
  worst: {
    fi: "Heikoimmassa asemassa: alue, jonka keskiarvo on pisin. Se nimetään vain, kun asia on varma; muuten luetellaan alueet, jotka voivat olla heikoimmassa asemassa.",
    sv: "Sämst ställt: området med den längsta medeltiden. Det namnges bara när det är säkert; annars räknas de områden upp som kan vara sämst ställda.",
    en: "Worst off: the unit with the longest mean. It is named only when that is certain; otherwise the units that may be worst off are listed.",
  },
  farthest: {
    fi: "Kaukaisin jäsenkunta: alueen kunta, jonka asukkaiden keskiarvo on pisin; nimetään vain, kun asia on varma, muuten luetellaan ehdokkaat.",
    sv: "Kommunen längst bort: den medlemskommun vars invånare har den längsta medeltiden; den namnges bara när det är säkert, annars räknas kandidaterna upp.",
    en: "Farthest member: the member municipality whose people have the longest mean; named only when that is certain, else the candidates are listed.",
  },
};

/** Every measure's definition in one language, with the horizon filled in. */
export function definitions(lang: Lang, horizonMin: number): Record<MeasureKey, string> {
  const fill = (s: string) => s.replaceAll("{h}", String(horizonMin));
  return Object.fromEntries(MEASURE_KEYS.map((k) => [k, fill(DEFINITIONS[k][lang])])) as Record<MeasureKey, string>;
}

/** Every measure's definition in Finnish, Swedish and English, with the horizon filled in. */
export function definitionTexts(horizonMin: number): Record<MeasureKey, LocalText> {
  const [fi, sv, en] = (["fi", "sv", "en"] as const).map((l) => definitions(l, horizonMin));
  return Object.fromEntries(MEASURE_KEYS.map((k) => [k, { fi: fi[k], sv: sv[k], en: en[k] }])) as Record<MeasureKey, LocalText>;
}
