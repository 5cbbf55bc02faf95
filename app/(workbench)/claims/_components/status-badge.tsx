import type { ClaimStatus } from '@/lib/vocabulary';
import { STATUS_LABELS } from '@/lib/display/labels';

export function StatusBadge({ status, disputed = false }: { status: ClaimStatus; disputed?: boolean }) {
  return (
    <span className="badges">
      <span className={`badge status-${status}`}>{STATUS_LABELS[status]}</span>
      {disputed ? <span className="badge disputed">Disputed</span> : null}
    </span>
  );
}
