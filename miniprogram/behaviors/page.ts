/**
 * Shared by every page: `textSizeClass` for the root view (字号调节), kept in step when the member
 * changes the size on 我的 while other pages stay alive (tab pages do).
 */
import { onTextSizeChange, textSizeClass } from '../utils/text-size';

const unsubscribers = new WeakMap<object, () => void>();

export const pageBehavior = Behavior({
  data: { textSizeClass: textSizeClass() },
  lifetimes: {
    attached() {
      this.setData({ textSizeClass: textSizeClass() });
      unsubscribers.set(
        this,
        onTextSizeChange((size) => this.setData({ textSizeClass: textSizeClass(size) })),
      );
    },
    detached() {
      unsubscribers.get(this)?.();
      unsubscribers.delete(this);
    },
  },
});
