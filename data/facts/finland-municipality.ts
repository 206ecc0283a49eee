/**
 * One municipality of the 2023 division, as data/facts/finland.ts lists all 309 of them (generated
 * by scripts/build-facts.ts; that file's header names every source).
 */
import type { CountyId } from "./counties.ts";

/**
 * Official language status under the Language Act (423/2003, § 5) as the Government decree on the
 * language status of municipalities 2023–2032 sets it: monolingual Finnish ("fi") or Swedish
 * ("sv"), or bilingual with a Finnish ("bilingual-fi") or Swedish ("bilingual-sv") majority.
 * Åland's municipalities are Swedish-speaking by the Autonomy Act (1144/1991, § 36), not by the
 * decree; they are "sv" here too.
 */
export type LanguageStatus = "fi" | "sv" | "bilingual-fi" | "bilingual-sv";

/**
 * The Sámi homeland (saamelaisten kotiseutualue) of the Sámi Parliament Act (974/1995, § 4):
 * the municipalities of Enontekiö, Inari and Utsjoki ("whole") and the area of the Lapin
 * paliskunta reindeer-herding cooperative in the north of Sodankylä ("part"); null elsewhere.
 */
export type SamiHomeland = "whole" | "part" | null;

/** Names in the Sámi languages, by ISO 639-3 code: North (se), Inari (smn) and Skolt (sms) Sámi. */
export interface SamiNames {
  readonly se?: string;
  readonly smn?: string;
  readonly sms?: string;
}

export interface FinnishMunicipality {
  /** Statistics Finland code, three digits with leading zeros ("091"). */
  readonly code: string;
  readonly nameFi: string;
  /** Swedish name; equal to nameFi where the municipality has none. */
  readonly nameSv: string;
  /** Names in Sámi, only for the four municipalities of the Sámi homeland. */
  readonly nameSami?: SamiNames;
  /** Administrative-centre point, WGS84 degrees. */
  readonly centre: { readonly lon: number; readonly lat: number };
  /** Residents on 31 December of populationYear. */
  readonly population: number;
  readonly populationYear: number;
  /** The organiser of its health and social services; null for Åland (see data/facts/counties.ts). */
  readonly county: CountyId | null;
  readonly language: LanguageStatus;
  readonly samiHomeland: SamiHomeland;
}
