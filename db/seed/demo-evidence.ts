import type { Stance } from '../schema';
import { DEMO_SOURCES, type SourceRef } from './demo-data';

/**
 * The evidence the demo reviewers found for the claims they worked on, keyed by the claim keys
 * of ./demo-claims.ts. Real public pages: where the exact page of a release was not confirmed, the
 * item links the publisher's landing page and its note says so. No item carries an exact quote,
 * because none of these pages was copied here word for word; the notes paraphrase them.
 */
export interface DemoEvidence {
  /** Names the item inside its claim's review so assessments and verdicts can cite it; not stored. */
  key: string;
  url: string;
  title: string;
  publisher: SourceRef;
  publishedOn?: string;
  stance: Stance;
  note: string;
  addedBy: 'reviewer1' | 'reviewer2';
}

const PENTAGON_18_NOVEMBER = {
  url: 'https://www.defense.gov/News/News-Stories/Article/Article/3968230/north-korean-troops-enter-kursk-where-ukrainians-are-fighting/',
  title: 'North Korean Troops Enter Kursk Where Ukrainians Are Fighting',
  publisher: DEMO_SOURCES.pentagon,
  publishedOn: '2024-11-18',
} as const;

const RFA_16_DECEMBER = {
  url: 'https://rfa.org/english/korea/2024/12/16/north-korea-sanctions-missile-russia-ukraine',
  title: 'US hits North Korea with new sanctions',
  publisher: DEMO_SOURCES.radioFreeAsia,
  publishedOn: '2024-12-16',
} as const;

export const DEMO_EVIDENCE: Readonly<Record<string, readonly DemoEvidence[]>> = {
  'us-treasury-sanctions': [
    {
      key: 'ofac',
      url: 'https://ofac.treasury.gov/recent-actions/20241216',
      title: 'OFAC recent actions, 16 December 2024',
      publisher: DEMO_SOURCES.usTreasury,
      publishedOn: '2024-12-16',
      stance: 'supports',
      note: 'Primary source: the Office of Foreign Assets Control’s page for its actions of Monday 16 December 2024, the North Korea and Russia designations among them. The address follows OFAC’s dated pattern for recent actions; Treasury’s press release of the same day is listed at https://home.treasury.gov/news/press-releases (landing page; the release’s own address was not confirmed).',
      addedBy: 'reviewer1',
    },
    {
      key: 'reuters',
      url: 'https://ca.news.yahoo.com/us-sanctions-target-north-korea-151616252.html',
      title: 'US hits North Korea and Russia with new sanctions, Treasury says',
      publisher: DEMO_SOURCES.reuters,
      publishedOn: '2024-12-16',
      stance: 'supports',
      note: 'Reuters report of 16 December 2024, republished by Yahoo News. The sanctions list North Korean banks (Golden Triangle Bank and Korea Mandal Credit Bank among them), generals and other officials, and Russian oil shipping companies; Treasury tied them to North Korea’s military support for Russia and its missile tests.',
      addedBy: 'reviewer1',
    },
    {
      key: 'rfa',
      ...RFA_16_DECEMBER,
      stance: 'supports',
      note: 'Same-day report naming the targets: the two banks, Reconnaissance General Bureau director Ri Chang Ho and senior general Kim Yong Bok, both linked by Treasury to the troop deployment to Russia, and Defence Minister No Kwang Chol (spelled Ro Kwang Chol here).',
      addedBy: 'reviewer2',
    },
  ],
  'eu-no-kwang-chol': [
    {
      key: 'council',
      url: 'https://www.consilium.europa.eu/en/press/press-releases/2024/12/16/russia-s-war-of-aggression-against-ukraine-eu-adopts-15th-package-of-restrictive-measures/',
      title: 'Russia’s war of aggression against Ukraine: EU adopts 15th package of restrictive measures',
      publisher: DEMO_SOURCES.europeanUnion,
      publishedOn: '2024-12-16',
      stance: 'supports',
      note: 'Primary source: the Council of the EU’s release on the 15th sanctions package, adopted 16 December 2024. It lists 54 individuals and 30 entities, among them two senior North Korean officials (reports of the package name Defence Minister No Kwang Chol as one), Russian defence companies and shipping companies carrying Russian oil, and adds 52 vessels to the ships barred from EU ports and services, for carrying Russian oil but also for arms deliveries or grain theft (as dpa reported the release). Address as cited in archived references to the release.',
      addedBy: 'reviewer2',
    },
    {
      key: 'kyiv-independent',
      url: 'https://kyivindependent.com/eu-adopts-15th-package-of-sanctions/',
      title: 'EU adopts 15th package of sanctions against Russia',
      publisher: DEMO_SOURCES.kyivIndependent,
      publishedOn: '2024-12-16',
      stance: 'supports',
      note: 'Same-day report of the package: shipping companies that help Russia sell its crude oil, defence companies, and 52 vessels carrying Russian oil above the price cap barred from EU ports and services.',
      addedBy: 'reviewer1',
    },
    {
      key: 'rfa',
      ...RFA_16_DECEMBER,
      stance: 'adds_context',
      note: 'The United States sanctioned the same minister on the same day, spelling the name Ro Kwang Chol.',
      addedBy: 'reviewer2',
    },
  ],
  'south-korea-blacklist': [
    {
      key: 'mofa',
      url: 'https://www.mofa.go.kr/eng/brd/m_5676/list.do',
      title: 'Ministry of Foreign Affairs, Republic of Korea: press releases',
      publisher: DEMO_SOURCES.southKoreaForeignMinistry,
      stance: 'supports',
      note: 'Landing page of the ministry’s English press releases, where its announcement of independent sanctions of 17 December 2024 belongs; the release’s own address was not confirmed, so the reports below, which cite the ministry’s statement, carry the detail.',
      addedBy: 'reviewer1',
    },
    {
      key: 'kyiv-independent',
      url: 'https://kyivindependent.com/south-korea-imposes-sanctions-over-russia-north-korea-cooperation/',
      title: 'South Korea imposes new sanctions over Russia-North Korea cooperation',
      publisher: DEMO_SOURCES.kyivIndependent,
      publishedOn: '2024-12-17',
      stance: 'supports',
      note: 'Cites the ministry’s statement of 17 December 2024: 11 individuals and 15 entities engaged in illegal military cooperation between Russia and North Korea, in force from 19 December. Seven of the individuals and 13 of the organisations are Russian, several of them banks; the North Koreans include officers deployed to Russia.',
      addedBy: 'reviewer1',
    },
    {
      key: 'reuters',
      url: 'https://www.business-standard.com/amp/world-news/us-sanctions-target-north-korea-and-russia-over-military-cooperation-124121700212_1.html',
      title: 'US sanctions target North Korea and Russia over military cooperation',
      publisher: DEMO_SOURCES.reuters,
      publishedOn: '2024-12-17',
      stance: 'supports',
      note: 'Reuters report republished by Business Standard: South Korea’s foreign ministry announced the blacklisting of 11 individuals and 15 entities on Tuesday, 17 December 2024, the day after the US sanctions.',
      addedBy: 'reviewer2',
    },
  ],
  'pentagon-troop-estimate': [
    {
      key: 'briefing-28-october',
      url: 'https://www.defense.gov/News/Transcripts/',
      title: 'Pentagon press briefing by Deputy Press Secretary Sabrina Singh, 28 October 2024',
      publisher: DEMO_SOURCES.pentagon,
      publishedOn: '2024-10-28',
      stance: 'supports',
      note: 'Where the figure comes from: Singh said North Korea had sent around 10,000 soldiers in total to train in eastern Russia, likely to reinforce Russian forces near Ukraine within weeks. Landing page of defense.gov transcripts; the transcript of 28 October 2024 is in its archive (its own address was not confirmed).',
      addedBy: 'reviewer1',
    },
    {
      key: 'afp-4-november',
      url: 'https://globalnation.inquirer.net/254406/about-2000-more-north-korea-troops-in-russias-kursk-pentagon/amp',
      title: 'About 2,000 more North Korea troops in Russia’s Kursk – Pentagon',
      publisher: DEMO_SOURCES.agenceFrancePresse,
      publishedOn: '2024-11-04',
      stance: 'refutes',
      note: 'AFP report republished by Inquirer.net: on 4 November Pentagon spokesman Pat Ryder said the North Korean forces in Russia could total closer to 11,000 to 12,000, with at least 10,000 in Kursk. That contradicts 10,000 as an upper bound six weeks before the article.',
      addedBy: 'reviewer2',
    },
    {
      key: 'dod-18-november',
      ...PENTAGON_18_NOVEMBER,
      stance: 'adds_context',
      note: 'DOD News: Singh said about 11,000 North Korean troops had likely moved into Russia’s Kursk region; the Pentagon had not confirmed they had fought, and saw no evidence of more entering Russia. The troops were in Russia, not in Ukraine.',
      addedBy: 'reviewer1',
    },
  ],
  'zelensky-troop-projection': [
    {
      key: 'interfax',
      url: 'https://en.interfax.com.ua/news/general/1028587.html',
      title: 'Interfax-Ukraine report of Zelensky’s address to the European Parliament, 19 November 2024',
      publisher: DEMO_SOURCES.interfaxUkraine,
      publishedOn: '2024-11-19',
      stance: 'supports',
      note: 'Where he said it: in a video address to the European Parliament on the war’s 1,000th day, Zelensky said Putin had brought 11,000 North Korean troops to Ukraine’s borders and that the contingent could grow to 100,000. He gave no source for the larger figure.',
      addedBy: 'reviewer2',
    },
    {
      key: 'president-speeches',
      url: 'https://www.president.gov.ua/en/news/speeches?date-from=19-11-2024&date-to=19-11-2024',
      title: 'President of Ukraine: speeches of 19 November 2024',
      publisher: DEMO_SOURCES.ukrainePresidentOffice,
      publishedOn: '2024-11-19',
      stance: 'supports',
      note: 'The president’s official list of speeches, filtered to 19 November 2024, where the text of the address belongs; the speech’s own page was not confirmed.',
      addedBy: 'reviewer1',
    },
    {
      key: 'dod-18-november',
      ...PENTAGON_18_NOVEMBER,
      stance: 'adds_context',
      note: 'The day before the speech, the Pentagon put the North Korean troops in Kursk at about 11,000 and said it saw no evidence of more entering Russia, adding that this could change.',
      addedBy: 'reviewer2',
    },
  ],
};
