/**
 * One book as a line of a list (search results, new arrivals, booklists): a small cover (or a coloured
 * spine with the title's first character), the title, author · publisher · year, and 可借 x / 共 y.
 * Presentational: the list around it decides what a tap does.
 */
import type { BookSummary } from '../../../typings/index';

/** Muted spine colours, all with white text above 4.5:1. */
const TONES = ['#8e1b1b', '#27496d', '#2e5e3a', '#6b4423', '#4a3b6b'];

function tone(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return TONES[hash % TONES.length];
}

/** "author · publisher · year", leaving out what is unknown. */
export function bookMeta(book: Pick<BookSummary, 'author' | 'publisher' | 'year'>): string {
  return [book.author, book.publisher, book.year ? `${book.year}` : ''].filter(Boolean).join(' · ');
}

Component({
  options: { addGlobalClass: true },
  properties: {
    book: { type: Object, value: {} },
  },
  data: {
    meta: '',
    initial: '',
    tone: TONES[0],
    coverFailed: false,
  },
  observers: {
    book(book: Partial<BookSummary>) {
      this.setData({
        meta: bookMeta({ author: book.author ?? '', publisher: book.publisher ?? '', year: book.year ?? 0 }),
        initial: (book.title ?? '').slice(0, 1),
        tone: tone(book._id ?? ''),
        coverFailed: false,
      });
    },
  },
  methods: {
    onCoverError() {
      this.setData({ coverFailed: true });
    },
  },
});
