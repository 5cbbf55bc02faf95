import Link from 'next/link';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { StatusBadge } from '../../_components/status-badge';

/** The id of the assessment disclosure, the target of the links that skip to it. */
export const ASSESSMENT_ANCHOR = 'your-assessment';

interface Step {
  text: string;
  href: string;
}

/**
 * What this person can usefully do next on the claim, from what the page already shows them (so
 * it tells a reviewer nothing that blind rating withholds): publish, resolve or discuss a
 * disagreement, add evidence, rate, or read the verdict.
 */
export function nextStep(data: ClaimPageData): Step {
  const { claim, permissions, assessments, evidence, verdict } = data;
  if (claim.status === 'published' || claim.status === 'retracted') {
    return { text: claim.status === 'published' ? 'Read the published verdict' : 'Read the retraction', href: `/verdicts/${claim.id}` };
  }
  const openDisagreement = data.disagreements.some((d) => d.status === 'open');
  const mayRate = permissions.actorId !== null;
  if (verdict.readiness?.ready && permissions.publishVerdict) return { text: 'Publish the verdict', href: '#verdict-heading' };
  if (openDisagreement) {
    return permissions.resolveDisagreements
      ? { text: 'Resolve the open disagreement', href: '#disagreements-heading' }
      : { text: 'Add your view on the open disagreement', href: '#disagreements-heading' };
  }
  if (!evidence.some((item) => item.retractedAt === null)) return { text: 'Add evidence', href: '#evidence-heading' };
  if (mayRate && !assessments.own && !permissions.draftVerdict) return { text: 'Rate this claim', href: `#${ASSESSMENT_ANCHOR}` };
  if (permissions.draftVerdict) return { text: 'See what the verdict still needs', href: '#verdict-heading' };
  return { text: 'Waiting for the other assessments and the editor', href: '#assessments-heading' };
}

/**
 * The status and the next step, at the top of the claim page right under the statement: on a phone
 * the verdict panel comes last, thousands of pixels down, so this is what tells someone where the
 * claim stands and takes them (and the keyboard focus) to the form that moves it on.
 */
export function ClaimSummary({ data }: { data: ClaimPageData }) {
  const step = nextStep(data);
  return (
    <div className="claim-summary">
      <StatusBadge status={data.claim.status} disputed={data.claim.disputed} />
      <p className="next-step">
        <span className="muted">Next:</span>{' '}
        {step.href.startsWith('#') ? <a href={step.href}>{step.text}</a> : <Link href={step.href}>{step.text}</Link>}
      </p>
    </div>
  );
}
