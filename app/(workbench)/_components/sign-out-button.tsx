import { signOutAction } from '../actions';

/** A form, so signing out works without JavaScript as well. */
export function SignOutButton() {
  return (
    <form action={signOutAction} className="inline-form">
      <button type="submit" className="button quiet">
        Sign out
      </button>
    </form>
  );
}
