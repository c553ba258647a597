/** WeChat's modal for what a member must read in full (toasts cut long text) and for confirmations. */

/** A message box with one button: for a refusal the member should read in full. */
export function tell(title: string, content: string): void {
  wx.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

/**
 * Asks before acting; answers true when confirmed. The confirm button is red by default (something
 * destructive); pass `danger` false for an ordinary step such as a renewal.
 */
export function confirm(
  title: string,
  content: string,
  confirmText = '确定',
  danger = true,
): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      confirmColor: danger ? '#c62828' : '#b71c1c',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}
