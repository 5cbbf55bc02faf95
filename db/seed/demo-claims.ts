import { articleAppearance, DEMO_SOURCES, TROOPS_MEASURE, type DemoClaim, type DemoClaimLink } from './demo-data';

const ARTICLE_DATE = '2024-12-18';
const UNDATED = 'The article does not say when this was said, so the date recorded is the article’s (18 Dec 2024).';

/** The checkable claims of the MENAFN article, each in its claimant's terms. */
export const DEMO_CLAIMS: readonly DemoClaim[] = [
  {
    key: 'us-treasury-sanctions',
    statement:
      'The US Treasury Department has imposed sanctions on North Korean banks, military officials and Russian oil shipping companies.',
    claimant: DEMO_SOURCES.usTreasury,
    claimedOn: '2024-12-16',
    language: 'en',
    context:
      'The article, dated Wednesday 2024-12-18, says the Treasury announced the sanctions "On Monday", i.e. 2024-12-16. Part of a round of US, EU and South Korean sanctions over Russian–North Korean military cooperation.',
    appearance: articleAppearance(
      'On Monday, the US Treasury Department announced sanctions aimed at North Korean banks, military officials, and Russian oil shipping companies.',
    ),
  },
  {
    key: 'south-korea-blacklist',
    statement:
      'South Korea has blacklisted 11 individuals and 15 entities from Russia and North Korea believed to be involved in illegal military dealings.',
    claimant: DEMO_SOURCES.southKoreaForeignMinistry,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} "Both countries" in the article means Russia and North Korea. The counts (11 and 15) can be checked against the ministry's published list.`,
    appearance: articleAppearance(
      "South Korea's Foreign Ministry, on the other hand, blacklisted 11 individuals and 15 entities from both countries believed to be involved in illegal military dealings.",
    ),
  },
  {
    key: 'ri-pong-chun-front-lines',
    statement:
      'Ri Pong Chun, a North Korean army general on South Korea’s sanctions list, is reportedly leading troops deployed to the front lines in Ukraine.',
    claimant: DEMO_SOURCES.menafn,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context:
      'Attributed to MENAFN: that Ri Pong Chun is on the list is South Korea’s Foreign Ministry’s act, but the article says only that he is "reportedly" leading troops and does not name who reported it. Check whether the ministry’s own listing says so.',
    appearance: articleAppearance(
      'The sanctions list includes Ri Pong Chun, a North Korean army general reportedly leading troops deployed to the front lines in Ukraine.',
    ),
  },
  {
    key: 'eu-no-kwang-chol',
    statement:
      'The EU has expanded its sanctions to North Korean Defence Minister No Kwang Chol and others, alongside Russian defence companies, shipping firms and vessels linked to Russian energy exports.',
    claimant: DEMO_SOURCES.europeanUnion,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} The listing is part of an EU sanctions package; the Official Journal of the EU carries the legal acts and their dates.`,
    appearance: articleAppearance(
      'The EU also expanded its sanctions, including North Korean Defense Minister No Kwang Chol and others, alongside Russian defense companies, shipping firms, and vessels linked to Russian energy exports.',
    ),
  },
  {
    key: 'g7-joint-statement',
    statement:
      'The G7 countries, South Korea, Australia and New Zealand condemn the growing military collaboration between Russia and North Korea and warn that North Korea’s support for Russia’s military efforts could further destabilise European and Indo-Pacific security.',
    claimant: DEMO_SOURCES.g7,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} The article says only that the new sanctions "followed" the joint statement, so it predates them.`,
    appearance: articleAppearance(
      'The new sanctions followed a joint statement from the G7 countries, South Korea, Australia, and New Zealand, condemning the growing military collaboration between Russia and North Korea. The statement warned that North Korea\'s support for Russia’s military efforts could further destabilize European and Indo-Pacific security.',
    ),
  },
  {
    key: 'pentagon-troop-estimate',
    statement: 'As many as 10,000 North Korean troops may have been sent to Russia to fight in Ukraine.',
    claimant: DEMO_SOURCES.pentagon,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} An estimate of troops already sent ("may have been sent"), not a projection; compare Zelensky's figure for the same measure.`,
    appearance: articleAppearance(
      'Reports of North Korean troops in Russia have circulated widely, with the Pentagon estimating that as many as 10,000 troops may have been sent to fight in Ukraine.',
    ),
    quantity: {
      measureKey: TROOPS_MEASURE.key,
      value: null,
      low: null,
      high: 10000,
      unit: 'troops',
      bound: 'at_most',
      modality: 'estimate',
      asOf: ARTICLE_DATE,
    },
  },
  {
    key: 'zelensky-troop-projection',
    statement: 'As many as 100,000 North Korean soldiers could be deployed to the region.',
    claimant: DEMO_SOURCES.zelensky,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} A projection of what could be deployed ("could be deployed"), not a count of troops already sent; "the region" is the war in Ukraine.`,
    appearance: articleAppearance(
      'Ukrainian President Volodymyr Zelensky has claimed that as many as 100,000 North Korean soldiers could be deployed to the region.',
    ),
    quantity: {
      measureKey: TROOPS_MEASURE.key,
      value: null,
      low: null,
      high: 100000,
      unit: 'troops',
      bound: 'at_most',
      modality: 'projection',
      asOf: ARTICLE_DATE,
    },
  },
  {
    key: 'putin-defence-treaty',
    statement:
      'Moscow and Pyongyang have signed a defence partnership treaty that includes provisions for mutual military support in the event of an attack.',
    claimant: DEMO_SOURCES.putin,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} The article places the remark at "a recent BRICS summit"; the 2024 summit in Kazan was held 22–24 October 2024, so check the transcript for the exact date.`,
    appearance: articleAppearance(
      'In a recent BRICS summit, Russian President Vladimir Putin confirmed that Moscow and Pyongyang had signed a defense partnership treaty, which includes provisions for mutual military support in the event of an attack.',
    ),
  },
  {
    key: 'north-korea-treaty-pledge',
    statement: 'North Korea will uphold its obligations under its defence partnership treaty with Russia.',
    claimant: DEMO_SOURCES.northKoreaUn,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} A pledge reported second-hand ("according to the country’s UN ambassador"); the checkable part is that the pledge was made.`,
    appearance: articleAppearance(
      'North Korea has also pledged to uphold its obligations under the treaty, according to the country’s UN ambassador.',
    ),
  },
  {
    key: 'japan-similar-restrictions',
    statement: 'Japan may impose restrictions on Russia and North Korea similar to the new US, EU and South Korean sanctions.',
    claimant: DEMO_SOURCES.japan,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context: `${UNDATED} The article says Japan "has also signaled" this without quoting an official or a statement.`,
    appearance: articleAppearance('Japan has also signaled that it may impose similar restrictions.'),
  },
  {
    key: 'north-korean-troops-fighting',
    statement:
      'The increasing military cooperation between Russia and North Korea includes North Korean soldiers fighting in the Ukraine conflict.',
    claimant: DEMO_SOURCES.menafn,
    claimedOn: ARTICLE_DATE,
    language: 'en',
    context:
      'The article’s own framing, hedged with "allegedly" and attributed to no one; the troop figures of the Pentagon and Zelensky bear on it.',
    appearance: articleAppearance(
      'The United States, European Union, and South Korea have introduced new sanctions targeting Russia and North Korea in response to their increasing military cooperation, which allegedly includes North Korean fighting in the Ukraine conflict.',
    ),
  },
];

export const DEMO_CLAIM_LINKS: readonly DemoClaimLink[] = [
  {
    from: 'pentagon-troop-estimate',
    to: 'zelensky-troop-projection',
    kind: 'same_measure',
    note: 'Two figures for North Korean troops in Russia, not directly comparable: the Pentagon estimates how many "may have been sent" (estimate of a past fact), Zelensky says how many "could be deployed" (projection).',
  },
];
