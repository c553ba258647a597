/**
 * 新建活动 / 编辑活动 (organisers, admins): type, title, description, poster (uploaded to cloud storage),
 * start and end (China dates and times, sent as ISO 8601), place, online link, capacity (or 不限), sign-up
 * deadline (the start unless set), audience (everyone or chosen branches), check-in window (an hour before
 * the start until the end unless set) and the questions asked at sign-up. 保存草稿 / 发布 for a draft;
 * 保存修改, 结束活动 and 取消活动 (after a confirmation) for a published one. The function's refusals are shown
 * above the buttons as they come. The form logic lives in ./form.ts.
 */
import type { Branch, EventStatus, RoomEvent } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import { chooseAndUpload } from '../../services/storage';
import { userApi } from '../../services/user';
import { confirm } from '../../utils/dialogs';
import { newRequestId } from '../../utils/request-id';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { moved } from '../shared/catalogue';
import { organiserAccess } from '../shared/access';
import { countsLabel, EVENT_ROUTES, EVENT_STATUS_LABELS, EVENT_STATUS_TAG_TYPES } from '../shared/events';
import {
  capacityNote,
  defaultLabels,
  emptyErrors,
  emptyForm,
  EVENT_TYPE_NAMES,
  formOf,
  hasErrors,
  LIMITS,
  newQuestion,
  requestOf,
  validate,
  withDefaults,
  type EventForm,
  type QuestionForm,
} from './form';

type LoadState = 'loading' | 'ready' | 'error';

/** Fields whose change moves the defaults that follow them (deadline, check-in window). */
const TIME_KEYS = ['startDate', 'startTime', 'endDate', 'endTime'];

const DONE_TOASTS: Record<EventStatus, string> = {
  draft: '草稿已保存',
  published: '已发布',
  cancelled: '活动已取消',
  finished: '活动已结束',
};

type BranchRef = Pick<Branch, '_id' | 'name'>;

interface BranchOption extends BranchRef {
  checked: boolean;
}

Component({
  behaviors: [pageBehavior, organiserAccess],
  data: {
    loadState: 'loading' as LoadState,
    loadError: '',
    eventId: '',
    /** A new event's create key: a retried 保存 after a lost answer meets the first try's draft. */
    createRequestId: '',
    event: null as RoomEvent | null,
    statusLabel: '',
    statusTagType: 'primary',
    countsText: '',
    typeNames: EVENT_TYPE_NAMES,
    limits: LIMITS,
    branches: [] as BranchOption[],
    form: emptyForm(),
    ...defaultLabels(emptyForm()),
    errors: emptyErrors(),
    capacityText: '',
    capacityWarn: false,
    saving: '' as '' | EventStatus | 'edit',
    formError: '',
    uploading: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ eventId: query.eventId ?? '', createRequestId: newRequestId() });
      if (!(await this.admit())) return;
      wx.setNavigationBarTitle({ title: query.eventId ? '编辑活动' : '新建活动' });
      await this.load();
    },

    async load() {
      this.setData({ loadState: 'loading' });
      const { eventId } = this.data;
      const [branches, detail] = await Promise.all([
        userApi.branches(),
        eventId ? eventsApi.detail(eventId) : Promise.resolve(null),
      ]);
      if (!branches.ok || (detail && !detail.ok)) {
        const error = !branches.ok ? branches.error : detail && !detail.ok ? detail.error : null;
        this.setData({ loadState: 'error', loadError: error ? error.message : '' });
        return;
      }
      const event = detail && detail.ok ? detail.data.event : null;
      this.show(event, branches.data.items);
    },

    /** Shows a loaded or saved event (or the empty form) with the branches to choose from. */
    show(event: RoomEvent | null, branches?: BranchRef[]) {
      const form = event ? formOf(event) : withDefaults(emptyForm());
      this.setData({
        loadState: 'ready',
        event,
        statusLabel: event ? EVENT_STATUS_LABELS[event.status] : '',
        statusTagType: event ? EVENT_STATUS_TAG_TYPES[event.status] : 'primary',
        countsText: event ? countsLabel(event) : '',
        form,
        ...defaultLabels(form),
        errors: emptyErrors(),
        formError: '',
        branches: (branches ?? this.data.branches).map((b) => ({
          _id: b._id,
          name: b.name,
          checked: form.branchIds.includes(b._id),
        })),
      });
      this.updateCapacityNote();
    },

    /** Sets form fields, keeps the defaults that follow the times, clears what they fix. */
    patch(changes: Partial<EventForm>, errorKeys: string[] = []) {
      const form = { ...this.data.form, ...changes };
      const touchesTimes = Object.keys(changes).some((key) => TIME_KEYS.includes(key));
      const update: Record<string, unknown> = { formError: '' };
      const next = touchesTimes ? withDefaults(form) : form;
      for (const key of Object.keys(next) as (keyof EventForm)[]) {
        if (next[key] !== this.data.form[key]) update[`form.${key}`] = next[key];
      }
      for (const key of errorKeys) update[`errors.${key}`] = '';
      if (touchesTimes) Object.assign(update, defaultLabels(next));
      this.setData(update);
    },

    onField(e: ValueEvent<string> & DatasetEvent<{ key: keyof EventForm; error?: string }>) {
      const { key, error } = e.currentTarget.dataset;
      this.patch({ [key]: e.detail } as Partial<EventForm>, error ? [error] : []);
      if (key === 'capacity') this.updateCapacityNote();
    },

    /** Date, time and type pickers: `data-key` names the field, `data-error` the message it clears. */
    onPick(e: WechatMiniprogram.PickerChange & DatasetEvent<{ key: keyof EventForm; error?: string }>) {
      const { key, error } = e.currentTarget.dataset;
      const value = key === 'typeIndex' ? Number(e.detail.value) : String(e.detail.value);
      this.patch({ [key]: value } as Partial<EventForm>, error ? [error] : []);
    },

    onUnlimited(e: ValueEvent<boolean>) {
      this.patch({ unlimited: e.detail }, ['capacity']);
      this.updateCapacityNote();
    },

    updateCapacityNote() {
      const note = capacityNote(this.data.event, this.data.form);
      this.setData({ capacityText: note.text, capacityWarn: note.warn });
    },

    onDeadlineCustom(e: ValueEvent<boolean>) {
      this.patch(withDefaults({ ...this.data.form, deadlineCustom: e.detail }), ['deadline']);
    },

    onCheckinCustom(e: ValueEvent<boolean>) {
      this.patch(withDefaults({ ...this.data.form, checkinCustom: e.detail }), ['checkin']);
    },

    onAudience(e: DatasetEvent<{ audience: EventForm['audience'] }>) {
      this.patch({ audience: e.currentTarget.dataset.audience }, ['audience']);
    },

    onBranch(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const branches = this.data.branches.map((b, i) => (i === index ? { ...b, checked: !b.checked } : b));
      this.setData({ branches });
      this.patch({ branchIds: branches.filter((b) => b.checked).map((b) => b._id) }, ['audience']);
    },

    async onChoosePoster() {
      const src = await chooseAndUpload('posters', (uploading) => this.setData({ uploading }));
      if (!src) return;
      this.patch({ poster: src });
      wx.showToast({ title: '海报已上传，保存后生效', icon: 'none' });
    },

    onRemovePoster() {
      this.patch({ poster: '' });
    },

    // ——— questions ———

    setQuestions(questions: QuestionForm[]) {
      this.setData({ 'form.questions': questions, 'errors.questions': [], formError: '' });
    },

    onAddQuestion() {
      if (this.data.form.questions.length >= LIMITS.questions) {
        wx.showToast({ title: `报名问题最多 ${LIMITS.questions} 个`, icon: 'none' });
        return;
      }
      this.setQuestions([...this.data.form.questions, newQuestion()]);
    },

    onQuestionField(e: ValueEvent<string> & DatasetEvent<{ index: number; key: 'label' | 'optionsText' }>) {
      const { index, key } = e.currentTarget.dataset;
      this.setData({ [`form.questions[${index}].${key}`]: e.detail, [`errors.questions[${index}]`]: '' });
    },

    onQuestionKind(e: DatasetEvent<{ index: number; kind: QuestionForm['kind'] }>) {
      const { index, kind } = e.currentTarget.dataset;
      this.setData({ [`form.questions[${index}].kind`]: kind, [`errors.questions[${index}]`]: '' });
    },

    onQuestionRequired(e: ValueEvent<boolean> & DatasetEvent<{ index: number }>) {
      this.setData({ [`form.questions[${e.currentTarget.dataset.index}].required`]: e.detail });
    },

    onMoveQuestion(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      const next = moved(this.data.form.questions, index, Number(delta) < 0 ? -1 : 1);
      if (next) this.setQuestions(next);
    },

    onRemoveQuestion(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      this.setQuestions(this.data.form.questions.filter((_q, i) => i !== index));
    },

    // ——— saving ———

    /** Saves the form, with `status` when the organiser publishes, cancels or finishes. */
    async save(status?: EventStatus) {
      if (this.data.saving) return;
      const errors =
        status === 'cancelled' || status === 'finished' ? emptyErrors() : validate(this.data.form);
      this.setData({ errors });
      if (hasErrors(errors)) {
        this.setData({ formError: '请先改正上面标红的内容' });
        return;
      }
      const req =
        status === 'cancelled' || status === 'finished'
          ? { eventId: this.data.eventId, status }
          : {
              ...requestOf(this.data.form, this.data.eventId),
              ...(this.data.eventId ? {} : { requestId: this.data.createRequestId }),
              ...(status ? { status } : {}),
            };
      this.setData({ saving: status ?? 'edit', formError: '' });
      const res = await eventsApi.save(req);
      if (!res.ok) {
        this.setData({ saving: '', formError: res.error.message });
        return;
      }
      const eventId = res.data.eventId;
      const detail = await eventsApi.detail(eventId);
      this.setData({ saving: '', eventId });
      wx.setNavigationBarTitle({ title: '编辑活动' });
      if (detail.ok) this.show(detail.data.event);
      wx.showToast({ title: status ? DONE_TOASTS[status] : '已保存', icon: 'success' });
    },

    onSaveDraft() {
      void this.save('draft');
    },

    async onPublish() {
      const ok = await confirm(
        '发布这个活动？',
        '发布后，参加范围内的读者就能在“活动”里看到并报名。',
        '发布',
        false,
      );
      if (ok) await this.save('published');
    },

    onSaveEdit() {
      void this.save();
    },

    async onFinish() {
      const ok = await confirm(
        '结束这个活动？',
        '结束后不再接受报名和签到，报名名单和签到记录都会保留。',
        '结束活动',
      );
      if (ok) await this.save('finished');
    },

    async onCancelEvent() {
      const event = this.data.event;
      const people = event ? event.registered + event.waitlisted : 0;
      const ok = await confirm(
        '取消这个活动？',
        people
          ? `已报名和候补的 ${people} 人会在活动页和“我的活动”里看到活动已取消。取消后不能再报名。`
          : '取消后读者在活动页会看到活动已取消，不能再报名。',
        '取消活动',
      );
      if (ok) await this.save('cancelled');
    },

    onAttendees() {
      wx.navigateTo({ url: `${EVENT_ROUTES.attendees}?eventId=${this.data.eventId}` });
    },

    onCheckin() {
      wx.navigateTo({ url: `${EVENT_ROUTES.checkin}?eventId=${this.data.eventId}` });
    },
  },
});
