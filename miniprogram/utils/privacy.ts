/**
 * WeChat's privacy authorization (always on since 2023-10-17). When a privacy-relevant API or component
 * needs the member's consent, WeChat calls the listener installed here; it opens the privacy popup of the
 * page on top, and the popup's buttons answer every waiting request at once.
 */
type Answer =
  { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };
type Resolve = (answer: Answer) => void;

export interface PrivacyPopup {
  open(): void;
  close(): void;
}

/** The popups of the pages alive now; the last one belongs to the page on top. */
const popups: PrivacyPopup[] = [];
let waiting: Resolve[] = [];

export function installPrivacyHandler(): void {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return; // base library < 2.32.3
  wx.onNeedPrivacyAuthorization((resolve) => {
    // miniprogram-api-typings declares the first argument as a result object; WeChat passes the
    // resolve function (see the API's own documentation in the same typings file).
    waiting.push(resolve as unknown as Resolve);
    const top = popups[popups.length - 1];
    if (top) top.open();
  });
}

export function attachPopup(popup: PrivacyPopup): void {
  detachPopup(popup);
  popups.push(popup);
}

export function detachPopup(popup: PrivacyPopup): void {
  const at = popups.indexOf(popup);
  if (at >= 0) popups.splice(at, 1);
}

/** Tells WeChat the popup was shown (optional in the protocol, recommended). */
export function reportExposure(): void {
  waiting.forEach((resolve) => resolve({ event: 'exposureAuthorization' }));
}

function answerAll(answer: Answer): void {
  const pending = waiting;
  waiting = [];
  pending.forEach((resolve) => resolve(answer));
  popups.forEach((popup) => popup.close());
}

export function agree(buttonId: string): void {
  answerAll({ event: 'agree', buttonId });
}

export function disagree(): void {
  answerAll({ event: 'disagree' });
}

/**
 * Asks for consent before the app handles personal information (registration): resolves true when
 * the member has agreed (now or before), false when they refused.
 */
export function requirePrivacyConsent(): Promise<boolean> {
  if (typeof wx.requirePrivacyAuthorize !== 'function') return Promise.resolve(true);
  return new Promise((resolve) => {
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
