/**
 * One event as a card of a list (活动 tab, 我的活动): the poster (or a band in the type's colour), the type
 * and status tags, title, time (China time), place, seats and waitlist. Presentational: `card` is an
 * `EventCard` (utils/room-events.ts); the list decides what a tap does.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    card: { type: Object, value: {} },
  },
  data: { posterFailed: false },
  observers: {
    'card.poster'() {
      this.setData({ posterFailed: false });
    },
  },
  methods: {
    onPosterError() {
      this.setData({ posterFailed: true });
    },
  },
});
