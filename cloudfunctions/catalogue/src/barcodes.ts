/** Generated copy barcodes (pure: no database). */
import { randomInt } from 'node:crypto';

/** Unambiguous characters for labels read or typed at the desk (no 0/O, 1/I/L). */
const BARCODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A generated barcode: `SW` + 10 characters of BARCODE_ALPHABET, e.g. `SW7K3M9Q2XA4` (12 characters,
 * fits Code 128 labels; 31^10 ≈ 8·10^14 values, so a collision is astronomically rare and is refused by
 * the unique index on `copies.barcode` anyway).
 */
export function generateBarcode(): string {
  let code = 'SW';
  for (let i = 0; i < 10; i++) code += BARCODE_ALPHABET[randomInt(BARCODE_ALPHABET.length)];
  return code;
}
