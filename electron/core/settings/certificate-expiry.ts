/**
 * When an imported certificate expires, for the home screen's warning. Apart from certificates.ts
 * so that showing the warning never loads node-forge (read a PKCS#12 only when one is imported).
 */
import type { CertificateInfo } from './certificates';

/** Days from `now` to the certificate's expiry, rounded down (negative once expired). */
export function daysLeft(info: Pick<CertificateInfo, 'notAfter'>, now: Date): number {
  return Math.floor((Date.parse(info.notAfter) - now.getTime()) / 86_400_000);
}

/** The home screen warns from this many days before a certificate expires. */
export const EXPIRY_WARNING_DAYS = 30;
