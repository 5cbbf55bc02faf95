import { ForbiddenNotice } from '../_components/forbidden-notice';

/** The 403 of this page: shown when page.tsx calls forbidden() for a role that may not use it. */
export default function Forbidden() {
  return (
    <ForbiddenNotice title="Export">
      Only editors can export. Ask an editor or an administrator if you need a copy of the claims.
    </ForbiddenNotice>
  );
}
