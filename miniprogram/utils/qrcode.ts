/**
 * The member code as a QR code image: a GIF data URI from qrcode-generator, shown with `<image>` (works in
 * WeChat and needs no canvas). Error correction M; the code is short, so the symbol stays coarse and easy
 * to scan from a phone screen at the desk.
 */
import qrcode from 'qrcode-generator';

export function qrDataUri(text: string, cellSize = 8, margin = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(cellSize, cellSize * margin);
}
