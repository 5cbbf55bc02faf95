/** Sign-in wording shared by the server check and the form (which runs in the browser). */
export const INVALID_CREDENTIALS = 'Email or password is incorrect.';

/**
 * The error code next-auth carries in its redirect when sign-in attempts are refused for a while
 * (followed by ":<seconds>" from the server; the sign-in page gets it with `retryAfter`).
 */
export const RATE_LIMITED_ERROR = 'RateLimited';

/**
 * The error code next-auth carries in its redirect when sign-in failed for a reason other than the
 * credentials (a database error, say): the reason itself stays in the server's log.
 */
export const SIGN_IN_FAILED_ERROR = 'SignInFailed';

/** When PASSWORD_SIGNIN=0: the credentials endpoint and the form refuse with this. */
export const PASSWORD_SIGN_IN_OFF = 'Password sign-in is turned off here: use your organisation’s sign-on.';

/** The error code next-auth carries in its redirect when password sign-in is off. */
export const PASSWORD_SIGN_IN_OFF_ERROR = 'PasswordSignInOff';
