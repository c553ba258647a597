/**
 * The demo events, relative to the seed time, organised by demo-organiser (张红梅): a 主题党日 visit next
 * week for three branches, a 读书分享会 with 50 seats in two days, a past 讲座 with attendance (finished),
 * and an online 征文. A few demo members are signed up; the counts on each event match its sign-ups.
 * Stored as the events function stores them (cloudfunctions/events/src/docs.ts).
 */
import type { EventQuestion } from '../../typings/entities';
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { memberIdFor } from '../../cloudfunctions/_shared/members';
import type { EventDoc, SignupDoc } from '../../cloudfunctions/events/src/docs';
import { signupId } from '../../cloudfunctions/events/src/ids';
import { audienceOf } from '../../cloudfunctions/events/src/rules';
import type { Store } from '../local-cloud/store';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const ORGANISER = { openid: 'demo-organiser', name: '张红梅' };

type DemoEvent = Omit<
  EventDoc,
  | 'organiserId'
  | 'organiserName'
  | 'registered'
  | 'waitlisted'
  | 'nextWaitlistSeq'
  | 'audience'
  | 'createdAt'
  | 'updatedAt'
>;

interface DemoSignup {
  openid: string;
  name: string;
  branchName: string;
  daysBefore: number;
  answers?: Record<string, string>;
  attended?: boolean;
}

const MEMBER = { openid: 'demo-member', name: '陈志远', branchName: '离退休干部党支部' };
const STUDENT = { openid: 'demo-student', name: '刘晓燕', branchName: '主体班临时党支部' };
const LIBRARIAN = { openid: 'demo-librarian', name: '李书文', branchName: '机关第二党支部' };

const q = (id: string, label: string, options: string[] = [], required = false): EventQuestion => ({
  id,
  label,
  kind: options.length > 0 ? 'choice' : 'text',
  options,
  required,
});

function demoEvents(at: Date): { event: DemoEvent; signups: DemoSignup[] }[] {
  const visitStart = chinaAt(at, 6, 8.5);
  const shareStart = chinaAt(at, 2, 14.5);
  const lectureStart = chinaAt(at, -7, 19);
  const essayStart = chinaAt(at, 3, 9);
  return [
    {
      event: {
        _id: 'THEMEDAY26',
        type: 'themeDay',
        title: '主题党日：参观红岩革命纪念馆',
        description:
          '重温入党誓词，参观红岩革命纪念馆和白公馆旧址，结合《红岩》读书心得开展交流。\n统一乘坐班车，8:30 在党校东门集合，请着正装、佩戴党员徽章。',
        poster: '',
        startAt: visitStart,
        endAt: new Date(visitStart.getTime() + 3.5 * HOUR),
        place: '红岩革命纪念馆（党校东门集合）',
        onlineUrl: '',
        capacity: 40,
        signupDeadline: chinaAt(at, 4, 18),
        audienceBranchIds: ['branch-office-1', 'branch-teaching', 'branch-retired'],
        status: 'published',
        checkinOpensAt: new Date(visitStart.getTime() - HOUR),
        checkinClosesAt: new Date(visitStart.getTime() + 3.5 * HOUR),
        questions: [q('bus', '是否乘坐班车', ['乘坐', '自行前往'], true)],
      },
      signups: [{ ...MEMBER, daysBefore: 1, answers: { bus: '乘坐' } }],
    },
    {
      event: {
        _id: 'READSHARE2',
        type: 'readingShare',
        title: '读书分享会：《习近平新时代中国特色社会主义思想学习纲要》',
        description: '每位分享人 8 分钟，围绕一个章节谈体会；欢迎带上自己的读书笔记。书屋提供茶水。',
        poster: '',
        startAt: shareStart,
        endAt: new Date(shareStart.getTime() + 2 * HOUR),
        place: '党校书屋（图书馆二楼）',
        onlineUrl: '',
        capacity: 50,
        signupDeadline: shareStart,
        audienceBranchIds: [],
        status: 'published',
        checkinOpensAt: new Date(shareStart.getTime() - HOUR),
        checkinClosesAt: new Date(shareStart.getTime() + 2 * HOUR),
        questions: [q('book', '分享书目或章节'), q('speak', '是否上台分享', ['上台分享', '只听不讲'], true)],
      },
      signups: [
        { ...STUDENT, daysBefore: 2, answers: { book: '第三章 坚持以人民为中心', speak: '上台分享' } },
        { ...LIBRARIAN, daysBefore: 1, answers: { speak: '只听不讲' } },
      ],
    },
    {
      event: {
        _id: 'PASTTEACH5',
        type: 'lecture',
        title: '书屋课堂：党史中的读书故事',
        description: '党史教研室主讲，讲述革命先辈在艰苦条件下坚持读书学习的故事。',
        poster: '',
        startAt: lectureStart,
        endAt: new Date(lectureStart.getTime() + 1.5 * HOUR),
        place: '党校书屋（图书馆二楼）',
        onlineUrl: '',
        capacity: 30,
        signupDeadline: lectureStart,
        audienceBranchIds: [],
        status: 'finished',
        checkinOpensAt: new Date(lectureStart.getTime() - HOUR),
        checkinClosesAt: new Date(lectureStart.getTime() + 1.5 * HOUR),
        questions: [],
      },
      signups: [
        { ...MEMBER, daysBefore: 10, attended: true },
        { ...STUDENT, daysBefore: 9, attended: true },
        { ...LIBRARIAN, daysBefore: 8 },
      ],
    },
    {
      event: {
        _id: 'ESSAYCNTST',
        type: 'essayContest',
        title: '“书香润初心”主题征文',
        description:
          '围绕“读一本好书、悟一份初心”撰写心得，1500 字以内，评出一、二、三等奖。报名后在线提交作品。',
        poster: '',
        startAt: essayStart,
        endAt: chinaAt(at, 33, 18),
        place: '',
        onlineUrl: 'https://example.org/shuwu/essay',
        capacity: 0,
        signupDeadline: essayStart,
        audienceBranchIds: [],
        status: 'published',
        checkinOpensAt: new Date(essayStart.getTime() - HOUR),
        checkinClosesAt: chinaAt(at, 33, 18),
        questions: [q('title', '拟定题目')],
      },
      signups: [{ ...MEMBER, daysBefore: 0, answers: { title: '在书页间重温初心' } }],
    },
  ];
}

export async function seedEvents(store: Store, at = new Date()): Promise<void> {
  const organiserId = memberIdFor(ORGANISER.openid);
  const events: EventDoc[] = [];
  const signups: SignupDoc[] = [];
  for (const { event, signups: people } of demoEvents(at)) {
    const created = new Date(Math.min(at.getTime(), event.startAt.getTime()) - 14 * DAY);
    events.push({
      ...event,
      organiserId,
      organiserName: ORGANISER.name,
      registered: people.length,
      waitlisted: 0,
      nextWaitlistSeq: 1,
      audience: audienceOf(event.audienceBranchIds),
      createdAt: created,
      updatedAt: created,
    });
    for (const p of people) {
      const memberId = memberIdFor(p.openid);
      const signedUpAt = new Date(
        Math.min(at.getTime(), event.startAt.getTime()) - p.daysBefore * DAY - HOUR,
      );
      signups.push({
        _id: signupId(event._id, memberId),
        eventId: event._id,
        memberId,
        memberName: p.name,
        branchName: p.branchName,
        status: 'registered',
        signedUpAt,
        answers: p.answers ?? {},
        updatedAt: signedUpAt,
        ...(p.attended ? { attendedAt: new Date(event.startAt.getTime() - 10 * 60_000) } : {}),
      });
    }
  }
  await store.insert(COLLECTIONS.events.name, events);
  await store.insert(COLLECTIONS.signups.name, signups);
}
