import { ForbiddenNotice } from '../../_components/forbidden-notice';

/** The 403 of this page: shown when page.tsx calls forbidden() for a role that may not use it. */
export default function Forbidden() {
  return (
    <ForbiddenNotice title="API keys">
      Only editors and admins can manage API keys.
    </ForbiddenNotice>
  );
}
