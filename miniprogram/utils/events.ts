/**
 * Event shapes the typings do not cover: Vant components emit custom events whose `detail` is a bare
 * value (the field's text, the switch's boolean), and taps carry `data-*` values in the dataset.
 */
export interface ValueEvent<T> {
  detail: T;
}

export interface DatasetEvent<D> {
  currentTarget: { dataset: D };
}
