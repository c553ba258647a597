/** Input schemas of the events actions (zod): limits and Chinese messages in one place. */
import { z } from 'zod';
import { EVENT_STATUSES, EVENT_TYPES, SIGNUP_STATUSES } from '../../../typings/entities';
import { id, longText, optionalText, pageNumber, pageSize, requestId, text } from '../../_shared/validation';

export const eventId = id('活动编号');
export const memberIdField = id('读者编号');

/** An ISO 8601 time with a zone (what the pages send: `Date#toISOString()` or `+08:00`); handlers parse it. */
export function isoTime(label: string) {
  return z
    .string({ error: `${label}必须是时间文字` })
    .max(40, { error: `${label}格式不正确` })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s), {
      error: `${label}格式不正确`,
    })
    .refine((s) => !Number.isNaN(Date.parse(s)), { error: `${label}格式不正确` });
}

export const eventType = z.enum(EVENT_TYPES, { error: '活动类型不正确' });
export const eventStatus = z.enum(EVENT_STATUSES, { error: '活动状态不正确' });
export const phase = z.enum(['upcoming', 'ongoing', 'past'], { error: '时间范围不正确' });

export const MAX_QUESTIONS = 10;
export const MAX_ANSWER = 200;

export const question = z.object({
  id: z
    .string({ error: '问题编号必须是文字' })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: '问题编号格式不正确' }),
  label: text('问题', 50),
  kind: z.enum(['text', 'choice'], { error: '问题类型不正确' }),
  options: z
    .array(text('选项', 30), { error: '选项必须是列表' })
    .max(20, { error: '选项不能超过 20 个' })
    .default([]),
  required: z.boolean({ error: '是否必填必须是是或否' }).default(false),
});

export const listInput = z.object({
  managed: z.boolean({ error: 'managed 必须是布尔值' }).optional(),
  status: eventStatus.optional(),
  type: eventType.optional(),
  phase: phase.optional(),
  page: pageNumber(),
  pageSize: pageSize(50, 20),
});

export const detailInput = z.object({ eventId, inviter: memberIdField.optional() });

export const answers = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: '问题编号格式不正确' }),
    z.string({ error: '回答必须是文字' }).max(MAX_ANSWER, { error: `回答不能超过 ${MAX_ANSWER} 个字` }),
    { error: '回答格式不正确' },
  )
  .refine((a) => Object.keys(a).length <= MAX_QUESTIONS, { error: '回答过多' });

export const signupInput = z.object({ eventId, answers: answers.optional() });
export const eventIdInput = z.object({ eventId });
export const mineInput = z.object({ page: pageNumber(), pageSize: pageSize(50, 20) });

export const saveInput = z.object({
  eventId: eventId.optional(),
  requestId: requestId.optional(),
  type: eventType.optional(),
  title: text('活动名称', 60).optional(),
  description: longText('活动介绍', 5000).optional(),
  poster: optionalText('海报', 500).optional(),
  startAt: isoTime('开始时间').optional(),
  endAt: isoTime('结束时间').optional(),
  place: optionalText('地点', 100).optional(),
  onlineUrl: optionalText('线上链接', 500)
    .refine((s) => s === '' || /^https?:\/\/\S+$/.test(s), { error: '线上链接需以 http:// 或 https:// 开头' })
    .optional(),
  capacity: z
    .number({ error: '名额必须是数字' })
    .int({ error: '名额必须是整数' })
    .min(0, { error: '名额不能为负数' })
    .max(100000, { error: '名额过大' })
    .optional(),
  signupDeadline: isoTime('报名截止时间').optional(),
  audienceBranchIds: z
    .array(id('党支部编号'), { error: '参加范围必须是列表' })
    .max(100, { error: '党支部过多' })
    .optional(),
  status: eventStatus.optional(),
  checkinOpensAt: isoTime('签到开始时间').optional(),
  checkinClosesAt: isoTime('签到结束时间').optional(),
  questions: z
    .array(question, { error: '报名问题必须是列表' })
    .max(MAX_QUESTIONS, { error: `报名问题不能超过 ${MAX_QUESTIONS} 个` })
    .optional(),
});
export type SaveInput = z.infer<typeof saveInput>;

export const attendeesInput = z.object({
  eventId,
  status: z.enum([...SIGNUP_STATUSES, 'attended'], { error: '报名状态不正确' }).optional(),
  page: pageNumber(),
  pageSize: pageSize(100, 50),
});

export const markAttendanceInput = z.object({
  eventId,
  memberId: memberIdField,
  attended: z.boolean({ error: '是否到场必须是是或否' }),
});

export const exportInput = z.object({
  eventId,
  format: z.enum(['csv', 'xlsx'], { error: '导出格式不正确' }).default('xlsx'),
});

export const checkinInput = z.object({
  eventId,
  code: z.string({ error: '签到码必须是文字' }).max(200, { error: '签到码格式不正确' }),
});
export const sceneInput = z.object({
  scene: z.string({ error: '场景值必须是文字' }).max(64, { error: '场景值格式不正确' }),
});
