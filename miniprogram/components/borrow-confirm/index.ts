/**
 * The scan-to-borrow sheet (首页 扫码借书, the book page's 扫码借阅): the book the scanned copy belongs to,
 * a 确认借阅 step, then the result (title and due date) or why it did not work. Presentational: the page's
 * behaviors/scan-borrow.ts owns the steps and handles the events `confirm`, `close`, `rescan`, `loans`.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    /** A BorrowSheet (behaviors/scan-borrow.ts), or null when closed. */
    sheet: { type: Object, value: null },
  },
  methods: {
    onConfirm() {
      this.triggerEvent('confirm');
    },
    onClose() {
      this.triggerEvent('close');
    },
    onRescan() {
      this.triggerEvent('rescan');
    },
    onLoans() {
      this.triggerEvent('loans');
    },
    /** Taps on the panel stay on the panel (the mask behind it closes the sheet). */
    noop() {
      return undefined;
    },
  },
});
