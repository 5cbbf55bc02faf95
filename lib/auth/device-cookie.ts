import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';

/** A year: the device stays known across many sessions (browsers cap cookies at about 400 days). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const VERSION = 'v1';

export interface KnownDevice {
  userId: number;
  /** Random, per browser; names the device's own failure counter. */
  deviceId: string;
}

function isSecure(): boolean {
  const env = getEnv();
  return (env.NEXTAUTH_URL ?? env.PUBLIC_URL).startsWith('https://');
}

/**
 * The cookie that marks a browser its user has signed in from: httpOnly, and `__Host-` over https
 * (Secure, whole site, no Domain, so no sibling site can set it).
 */
export function deviceCookieName(): string {
  return `${isSecure() ? '__Host-' : ''}claimbench.device`;
}

function mac(payload: string): Buffer {
  return createHmac('sha256', getEnv().AUTH_SECRET).update(`claimbench-device:${payload}`).digest();
}

/** The device a cookie value names, when its signature (HMAC with AUTH_SECRET) holds. */
export function readDeviceCookie(value: string | undefined | null): KnownDevice | null {
  if (!value || value.length > 200) return null;
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, userText = '', deviceId = '', signature = ''] = parts;
  const userId = Number(userText);
  if (!/^[1-9]\d{0,15}$/.test(userText) || !Number.isSafeInteger(userId) || !/^[A-Za-z0-9_-]{22}$/.test(deviceId)) return null;
  const expected = mac(`${VERSION}.${userText}.${deviceId}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, deviceId };
}

/** The device cookie's value in a Cookie request header, if any. */
export function deviceCookieFromHeader(cookieHeader: string | undefined | null): string | undefined {
  const name = deviceCookieName();
  for (const part of (cookieHeader ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The device cookie for a user who has just signed in: the same device id again when the browser
 * already carries this user's cookie (its failure count stays with it), a new one otherwise.
 */
export function issueDeviceCookie(userId: number, current?: string | null) {
  const known = readDeviceCookie(current);
  const deviceId = known?.userId === userId ? known.deviceId : randomBytes(16).toString('base64url');
  const payload = `${VERSION}.${userId}.${deviceId}`;
  return {
    name: deviceCookieName(),
    value: `${payload}.${mac(payload).toString('base64url')}`,
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: isSecure(), maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS },
  };
}
