import { ForbiddenNotice } from '../_components/forbidden-notice';

/** The 403 of this page: shown when page.tsx calls forbidden() for someone who may not see insights. */
export default function Forbidden() {
  return <ForbiddenNotice title="Insights">Only the desk’s reviewers, editors and admins can see insights.</ForbiddenNotice>;
}
