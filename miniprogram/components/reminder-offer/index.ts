/** The "开启提醒" card of 我的借阅 / 我的预约 (behaviors/reminder-offer.ts): a bell, what the reminders say, 开启. */
Component({
  properties: {
    title: { type: String, value: '' },
    message: { type: String, value: '' },
  },
  methods: {
    onEnable() {
      this.triggerEvent('enable');
    },
  },
});
