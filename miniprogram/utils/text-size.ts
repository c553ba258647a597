/**
 * 字号调节: the text size every page follows. Pages put `textSizeClass` on their root view (through
 * behaviors/page.ts); app.wxss maps each class to font sizes and Vant's size variables.
 */
export const TEXT_SIZES = [
  { key: 'standard', label: '标准' },
  { key: 'large', label: '大' },
  { key: 'xlarge', label: '特大' },
] as const;

export type TextSize = (typeof TEXT_SIZES)[number]['key'];

const STORAGE_KEY = 'settings.textSize';
/** Many readers are retired cadres: start one step above standard. */
const DEFAULT_SIZE: TextSize = 'large';

type Listener = (size: TextSize) => void;
const listeners = new Set<Listener>();

function isTextSize(value: unknown): value is TextSize {
  return TEXT_SIZES.some((s) => s.key === value);
}

export function textSize(): TextSize {
  const stored: unknown = wx.getStorageSync(STORAGE_KEY);
  return isTextSize(stored) ? stored : DEFAULT_SIZE;
}

export function textSizeClass(size: TextSize = textSize()): string {
  return `text-${size}`;
}

export function setTextSize(size: TextSize): void {
  wx.setStorageSync(STORAGE_KEY, size);
  listeners.forEach((listener) => listener(size));
}

export function onTextSizeChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
