/** Dates as members read them. */
import dayjs from 'dayjs';

export function formatDate(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : '';
}
