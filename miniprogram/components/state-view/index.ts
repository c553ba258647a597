/**
 * Loading, empty and error states in Chinese that say what to do next. `state="loading"` shows a spinner;
 * `empty` and `error` show a title, a message and an optional button that triggers `action`.
 */
Component({
  properties: {
    state: { type: String, value: 'empty' },
    title: { type: String, value: '' },
    message: { type: String, value: '' },
    actionText: { type: String, value: '' },
    icon: { type: String, value: '' },
  },
  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
