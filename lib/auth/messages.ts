/** Sign-in wording shared by the server check and the form (which runs in the browser). */
export const INVALID_CREDENTIALS = 'Email or password is incorrect.';
