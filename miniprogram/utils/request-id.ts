/**
 * A key for one attempt at a create or a borrow (8–64 letters and digits): sent again on retry, the cloud
 * function answers the first result and changes nothing twice.
 */
export function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
