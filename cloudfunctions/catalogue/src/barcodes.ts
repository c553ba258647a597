/** Generated copy barcodes (pure: no database). */
import { randomCode } from '../../_shared/ids';

/**
 * A generated barcode: `SW` + 10 characters of `CODE_ALPHABET` (no 0/O, 1/I/L), e.g. `SW7K3M9Q2XA4`
 * (12 characters, fits Code 128 labels; 31^10 ≈ 8·10^14 values, so a collision is astronomically rare and
 * is refused by the unique index on `copies.barcode` anyway).
 */
export function generateBarcode(): string {
  return 'SW' + randomCode(10);
}
