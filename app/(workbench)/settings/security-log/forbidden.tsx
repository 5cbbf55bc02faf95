import { ForbiddenNotice } from '../../_components/forbidden-notice';

/** The 403 of this page: shown when page.tsx calls forbidden() for a role that may not use it. */
export default function Forbidden() {
  return <ForbiddenNotice title="Security log">Only admins can read the security log.</ForbiddenNotice>;
}
