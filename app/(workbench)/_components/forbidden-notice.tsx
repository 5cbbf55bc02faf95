/**
 * What a signed-in person sees on a page their role may not use. Rendered by the segment's
 * forbidden.tsx after the page calls forbidden() (next/navigation), so the answer is a real 403
 * with the workbench around it, not a 200 that merely says no.
 */
export function ForbiddenNotice({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <h1>{title}</h1>
      <p role="alert" className="notice">
        {children}
      </p>
    </div>
  );
}
