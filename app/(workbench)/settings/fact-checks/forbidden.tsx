import { ForbiddenNotice } from '../../_components/forbidden-notice';

/** The 403 of this page: shown when page.tsx calls forbidden() for a role that may not use it. */
export default function Forbidden() {
  return <ForbiddenNotice title="Fact-checks">Only editors and admins can import fact-checks and map their ratings.</ForbiddenNotice>;
}
