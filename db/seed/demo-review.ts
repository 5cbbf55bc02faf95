import type { RatingLabel } from '../schema';
import type { DeskMember } from './demo-data';

/**
 * The review work the demo desk did on the article's claims (see README.md), in the order it
 * happened: evidence (./demo-evidence.ts), then each reviewer's rating, then the editor's verdict
 * and, for one claim, a correction. Evidence is cited by its key. ./seed-review.ts writes it through
 * the domain functions, so the workflow rules move each claim along as a person's work would.
 */
export interface DemoAssessment {
  by: 'reviewer1' | 'reviewer2' | 'reviewer3' | 'reviewer4';
  label: RatingLabel;
  confidence: number;
  rationale: string;
  cites: readonly string[];
}

export interface DemoVerdictText {
  label: RatingLabel;
  headline: string;
  explanation: string;
  cites: readonly string[];
}

export interface DemoReview {
  /** A key of ./demo-claims.ts. */
  claim: string;
  assessments: readonly DemoAssessment[];
  verdict?: DemoVerdictText;
  /** Published after the verdict as version 2, with a note saying what changed. */
  correction?: DemoVerdictText & { note: string };
  /** Comments in the reviewers' disagreement the assessments open. */
  comments?: readonly { by: DeskMember; body: string }[];
}

const SOUTH_KOREA_HEADLINE =
  'Accurate: South Korea blacklisted 11 individuals and 15 entities over Russian–North Korean military cooperation';
const SOUTH_KOREA_DETAIL =
  'Seven of the individuals and 13 of the entities are Russian, several of them banks; the North Koreans include officers deployed to Russia. Financial dealings with anyone on the list need the South Korean authorities’ prior approval.';

export const DEMO_REVIEWS: readonly DemoReview[] = [
  {
    claim: 'us-treasury-sanctions',
    assessments: [
      {
        by: 'reviewer1',
        label: 'accurate',
        confidence: 90,
        rationale:
          'Treasury announced the designations on Monday 16 December 2024, as the article says. Reuters and RFA both name the North Korean banks and senior officers, and Reuters describes the Russian targets as oil shipping companies. Every part of the claim checks out.',
        cites: ['ofac', 'reuters', 'rfa'],
      },
      {
        by: 'reviewer2',
        label: 'accurate',
        confidence: 85,
        rationale:
          'Two independent same-day reports confirm banks, military officials and Russian shipping companies. The claim leaves out that the action also answered North Korea’s missile tests, which does not make it less accurate.',
        cites: ['reuters', 'rfa'],
      },
      {
        by: 'reviewer3',
        label: 'accurate',
        confidence: 80,
        rationale:
          'Treasury’s own press release of 16 December lists the banks and officers the article names, and the Russian shipping companies. Nothing in the claim goes beyond it.',
        cites: ['ofac'],
      },
      {
        by: 'reviewer4',
        label: 'mostly_accurate',
        confidence: 55,
        rationale:
          'Right on the banks and officers. I am less sure every Russian company named ships oil rather than other cargo, so I hold back from “accurate”.',
        cites: ['reuters'],
      },
    ],
    verdict: {
      label: 'accurate',
      headline:
        'Accurate: the US Treasury sanctioned North Korean banks, military officers and Russian oil shipping companies on 16 December 2024',
      explanation:
        'The US Treasury Department announced the sanctions on Monday 16 December 2024, the “Monday” of the article. Reuters and Radio Free Asia, reporting the same day, name the North Korean banks targeted, Golden Triangle Bank and Korea Mandal Credit Bank, and senior officers including Reconnaissance General Bureau director Ri Chang Ho and general Kim Yong Bok; Reuters describes the Russian targets as oil shipping companies. The action also answered North Korea’s missile tests, which the article leaves out; the omission does not change the rating.',
      cites: ['ofac', 'reuters', 'rfa'],
    },
  },
  {
    claim: 'eu-no-kwang-chol',
    assessments: [
      {
        by: 'reviewer2',
        label: 'accurate',
        confidence: 85,
        rationale:
          'The Council’s release of 16 December 2024 on the 15th package lists two senior North Korean officials, the defence minister among them, alongside Russian defence companies, shipping companies carrying Russian oil and 52 more vessels. The claim matches it point by point.',
        cites: ['council', 'kyiv-independent'],
      },
      {
        by: 'reviewer1',
        label: 'mostly_accurate',
        confidence: 75,
        rationale:
          'Right on No Kwang Chol and on the defence and shipping companies. “Vessels linked to Russian energy exports” simplifies: some of the 52 ships were listed for arms deliveries or grain theft rather than oil. A small simplification.',
        cites: ['council', 'kyiv-independent', 'rfa'],
      },
      {
        by: 'reviewer3',
        label: 'mostly_accurate',
        confidence: 70,
        rationale:
          'The minister and the companies are right. The 52 vessels were listed for several reasons, not only energy exports, which the claim blurs.',
        cites: ['council'],
      },
    ],
    verdict: {
      label: 'accurate',
      headline: 'Accurate: the EU sanctioned North Korea’s defence minister No Kwang Chol in its 15th package',
      explanation:
        'On 16 December 2024 the Council of the EU adopted its 15th package of sanctions over Russia’s war against Ukraine. Its listings include two senior North Korean officials, among them Defence Minister No Kwang Chol, together with Russian defence companies and shipping companies that carry Russian crude oil and oil products, and it bars 52 more vessels from EU ports and services. Some of those ships were listed for arms deliveries or grain theft rather than energy exports, a simplification too small to change the rating. The United States sanctioned the same minister on the same day.',
      cites: ['council', 'kyiv-independent', 'rfa'],
    },
  },
  {
    claim: 'south-korea-blacklist',
    assessments: [
      {
        by: 'reviewer1',
        label: 'accurate',
        confidence: 90,
        rationale:
          'The ministry’s statement, as reported by The Kyiv Independent and Reuters, gives exactly 11 individuals and 15 entities, Russian and North Korean, over illegal military cooperation between the two countries.',
        cites: ['mofa', 'kyiv-independent', 'reuters'],
      },
      {
        by: 'reviewer2',
        label: 'mostly_accurate',
        confidence: 80,
        rationale:
          'The counts are right. The list also covers financing and procurement for North Korea’s nuclear and missile programmes, not only “military dealings”, and it took effect on 19 December, not on the day it was announced.',
        cites: ['kyiv-independent', 'reuters'],
      },
      {
        by: 'reviewer3',
        label: 'accurate',
        confidence: 85,
        rationale: 'Eleven individuals and fifteen entities, Russian and North Korean, as the ministry’s statement gives them.',
        cites: ['kyiv-independent'],
      },
      {
        by: 'reviewer4',
        label: 'accurate',
        confidence: 75,
        rationale: 'Reuters reports the same counts and the same reason for the listing. The claim holds.',
        cites: ['reuters'],
      },
    ],
    verdict: {
      label: 'accurate',
      headline: SOUTH_KOREA_HEADLINE,
      explanation: `South Korea’s Foreign Ministry announced on Monday 16 December 2024, the same day as the US and EU measures, independent sanctions on 11 individuals and 15 entities involved in illegal military cooperation between Russia and North Korea and in financing North Korea’s nuclear and missile programmes. ${SOUTH_KOREA_DETAIL}`,
      cites: ['mofa', 'kyiv-independent', 'reuters'],
    },
    correction: {
      label: 'accurate',
      headline: SOUTH_KOREA_HEADLINE,
      explanation: `South Korea’s Foreign Ministry announced on Tuesday 17 December 2024, a day after the US and EU measures, independent sanctions on 11 individuals and 15 entities involved in illegal military cooperation between Russia and North Korea and in financing North Korea’s nuclear and missile programmes; they took effect on 19 December. ${SOUTH_KOREA_DETAIL}`,
      cites: ['mofa', 'kyiv-independent', 'reuters'],
      note: 'Corrected the date of the announcement: the Foreign Ministry announced the sanctions on 17 December 2024, not 16 December, as Reuters and The Kyiv Independent report. Added the date they took effect, 19 December. The rating is unchanged.',
    },
  },
  {
    // The two reviewers are two steps apart, so a reviewers' disagreement opens by itself and
    // stays open in the demo. (The Zelensky figure is left unrated: the walkthrough starts there.)
    claim: 'pentagon-troop-estimate',
    assessments: [
      {
        by: 'reviewer1',
        label: 'mixed',
        confidence: 65,
        rationale:
          'The Pentagon did say “around 10,000” on 28 October, but by 4 November it put the total at 11,000 to 12,000 and on 18 November about 11,000 in Kursk alone. Reported in December as “as many as 10,000”, an approximate and superseded estimate becomes a ceiling the later figures exceed; and the troops went to Russia’s Kursk region, not into Ukraine.',
        cites: ['briefing-28-october', 'afp-4-november', 'dod-18-november'],
      },
      {
        by: 'reviewer2',
        label: 'accurate',
        confidence: 70,
        rationale:
          'The article reports an estimate as an estimate (“may have been sent”), and the Pentagon did give about 10,000 on 28 October. That later counts rose does not make a report of the earlier estimate wrong; where the troops were sent is a separate question from how many.',
        cites: ['briefing-28-october', 'dod-18-november'],
      },
    ],
    comments: [
      {
        by: 'reviewer2',
        body: 'I rated whether the Pentagon made the estimate the article reports. It did, on 28 October, and the article hedges it with “may have been sent”.',
      },
      {
        by: 'reviewer1',
        body: 'By 18 December the Pentagon’s own figure was about 11,000 in Kursk. Repeating “as many as 10,000” then presents a stale estimate as a ceiling, and “to fight in Ukraine” is not where they went.',
      },
      {
        by: 'editor',
        body: 'The claim is dated 18 December, so the figure current then is what we check it against. Please agree on whether the Kursk point changes the rating; I’ll resolve this once you have.',
      },
    ],
  },
  {
    // Evidence gathered, not yet rated: the walkthrough has the reviewers rate it.
    claim: 'zelensky-troop-projection',
    assessments: [],
  },
];
