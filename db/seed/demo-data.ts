import type { BoundKind, LinkKind, Modality, Role, SourceKind } from '../schema';

/**
 * The demo data set (README.md, "What the demo shows"), built by hand from the MENAFN article of
 * 2024-12-18 on North Korea sanctions. Plain data: db/seed/index.ts writes it.
 * The claims themselves are in ./demo-claims.ts.
 */

export interface DemoUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export interface DemoSource {
  name: string;
  kind: SourceKind;
  url: string | null;
  notes: string;
}

/** A source by its natural key, (name, kind). */
export type SourceRef = Pick<DemoSource, 'name' | 'kind'>;

export interface DemoMeasure {
  key: string;
  name: string;
  unit: string;
}

export interface DemoAppearance {
  url: string;
  title: string;
  publisher: SourceRef;
  publishedOn: string;
  /** Copied character for character from the article. */
  quote: string;
}

export interface DemoQuantity {
  measureKey: string;
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  bound: BoundKind;
  modality: Modality;
  asOf: string | null;
}

export interface DemoClaim {
  /** Names the claim inside this data set (links refer to it); not stored. */
  key: string;
  statement: string;
  claimant: SourceRef;
  claimedOn: string;
  language: string;
  context: string;
  appearance: DemoAppearance;
  quantity?: DemoQuantity;
}

export interface DemoClaimLink {
  from: string;
  to: string;
  kind: LinkKind;
  note: string;
}

/** The demo desk by part: the review data set (./demo-review.ts) says who did what. */
export const DEMO_DESK = {
  reviewer1: { email: 'reviewer1@demo.claimbench.test', password: 'demo-reviewer-1-pass', name: 'Rosa Reviewer', role: 'reviewer' },
  reviewer2: { email: 'reviewer2@demo.claimbench.test', password: 'demo-reviewer-2-pass', name: 'Ravi Reviewer', role: 'reviewer' },
  // Two more reviewers, so that the published claims have three and four independent ratings and
  // the insights page (agreement, calibration) has something real to show.
  reviewer3: { email: 'reviewer3@demo.claimbench.test', password: 'demo-reviewer-3-pass', name: 'Rhea Reviewer', role: 'reviewer' },
  reviewer4: { email: 'reviewer4@demo.claimbench.test', password: 'demo-reviewer-4-pass', name: 'Remy Reviewer', role: 'reviewer' },
  editor: { email: 'editor@demo.claimbench.test', password: 'demo-editor-pass', name: 'Edith Editor', role: 'editor' },
  admin: { email: 'admin@demo.claimbench.test', password: 'demo-admin-pass', name: 'Adam Admin', role: 'admin' },
} as const satisfies Record<string, DemoUser>;

export type DeskMember = keyof typeof DEMO_DESK;

/** Sign-in details the demo prints and the browser tests use. Never for a real deployment. */
export const DEMO_USERS: readonly DemoUser[] = Object.values(DEMO_DESK);

export const DEMO_SOURCES = {
  menafn: {
    name: 'MENAFN',
    kind: 'media',
    url: 'https://menafn.com',
    notes: 'Middle East North Africa Financial Network, a Jordan-based news and newswire site; publisher of the article the demo data set is built from.',
  },
  usTreasury: {
    name: 'US Treasury Department',
    kind: 'government',
    url: null,
    notes: 'United States Department of the Treasury; its Office of Foreign Assets Control designates sanctions targets.',
  },
  southKoreaForeignMinistry: {
    name: "South Korea's Foreign Ministry",
    kind: 'government',
    url: null,
    notes: 'Ministry of Foreign Affairs of the Republic of Korea; announces South Korea’s independent sanctions lists.',
  },
  europeanUnion: {
    name: 'European Union',
    kind: 'organisation',
    url: null,
    notes: 'The EU, whose Council adopts sanctions packages against Russia and listings of individuals and entities.',
  },
  g7: {
    name: 'G7',
    kind: 'organisation',
    url: null,
    notes: 'Group of Seven (Canada, France, Germany, Italy, Japan, the UK, the US, with the EU). Here: the joint statement of the G7 countries with South Korea, Australia and New Zealand.',
  },
  pentagon: {
    name: 'Pentagon (US Department of Defense)',
    kind: 'government',
    url: null,
    notes: 'The United States Department of Defense, referred to in reporting as the Pentagon.',
  },
  zelensky: {
    name: 'Volodymyr Zelensky',
    kind: 'person',
    url: null,
    notes: 'President of Ukraine.',
  },
  putin: {
    name: 'Vladimir Putin',
    kind: 'person',
    url: null,
    notes: 'President of Russia.',
  },
  northKoreaUn: {
    name: "North Korea's UN ambassador",
    kind: 'government',
    url: null,
    notes: 'The permanent representative of North Korea (DPRK) to the United Nations; the article does not name the ambassador.',
  },
  japan: {
    name: 'Government of Japan',
    kind: 'government',
    url: null,
    notes: 'The Japanese government, which the article says has signalled it may impose similar restrictions.',
  },
  // Publishers of the evidence the demo reviewers found (./demo-evidence.ts), not claimants.
  reuters: {
    name: 'Reuters',
    kind: 'media',
    url: 'https://www.reuters.com',
    notes: 'International news agency. Its wire stories are republished by subscribers; the demo links some of them there.',
  },
  agenceFrancePresse: {
    name: 'Agence France-Presse',
    kind: 'media',
    url: 'https://www.afp.com',
    notes: 'French international news agency (AFP). Its wire stories are republished by subscribers such as Inquirer.net.',
  },
  radioFreeAsia: {
    name: 'Radio Free Asia',
    kind: 'media',
    url: 'https://www.rfa.org',
    notes: 'US government-funded news service covering Asia, North Korea included.',
  },
  kyivIndependent: {
    name: 'The Kyiv Independent',
    kind: 'media',
    url: 'https://kyivindependent.com',
    notes: 'English-language Ukrainian news outlet.',
  },
  interfaxUkraine: {
    name: 'Interfax-Ukraine',
    kind: 'media',
    url: 'https://en.interfax.com.ua',
    notes: 'Ukrainian news agency.',
  },
  ukrainePresidentOffice: {
    name: 'Office of the President of Ukraine',
    kind: 'government',
    url: 'https://www.president.gov.ua',
    notes: 'Publishes the president’s speeches and statements on president.gov.ua.',
  },
} as const satisfies Record<string, DemoSource>;

/** The article every demo claim appears in, as MENAFN published it; the seed's quotes are verbatim from it. */
export const DEMO_ARTICLE = {
  url: 'https://menafn.com/1109007014/Ukraines-supporters-impose-new-sanctions-on-Russia-N-Korea',
  title: 'Ukraine’s supporters impose new sanctions on Russia, N. Korea',
  publisher: DEMO_SOURCES.menafn,
  publishedOn: '2024-12-18',
} as const satisfies Omit<DemoAppearance, 'quote'>;

/** The article's first appearance of a claim, with the sentence(s) that carry it. */
export function articleAppearance(quote: string): DemoAppearance {
  return { ...DEMO_ARTICLE, quote };
}

export const TROOPS_MEASURE = {
  key: 'north-korean-troops-in-russia',
  name: 'North Korean troops in Russia',
  unit: 'troops',
} as const satisfies DemoMeasure;

export const DEMO_MEASURES: readonly DemoMeasure[] = [TROOPS_MEASURE];
