/**
 * `export`: the attendee list as a file in cloud storage (CSV with a BOM, which Excel opens as UTF-8, or
 * XLSX written by exceljs, the library the import already uses): name, branch, status, signed-up time,
 * attended time, invited by, then one column per sign-up question.
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Attendee } from '../../../typings/functions/events';
import type { Caller } from '../../_shared/caller';
import { cloud } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { managedEvent } from './access';
import { allAttendees } from './attendees';
import type { exportInput } from './schemas';

const CHINA_OFFSET_MS = 8 * 3600_000;

/** `2026-12-04 20:30` in China time (the organiser's clock), empty for none. */
function chinaTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function statusLabel(a: Attendee): string {
  if (a.status === 'waitlisted') return `候补第 ${a.position ?? '?'} 位`;
  if (a.status === 'cancelled') return '已取消';
  return a.attendedAt ? '已签到' : '已报名';
}

/** The table: a header row and one row per attendee. */
export function attendeeTable(questions: { id: string; label: string }[], rows: Attendee[]): string[][] {
  const header = [
    '姓名',
    '党支部',
    '状态',
    '报名时间',
    '签到时间',
    '邀请人',
    ...questions.map((q) => q.label),
  ];
  return [
    header,
    ...rows.map((a) => [
      a.memberName,
      a.branchName,
      statusLabel(a),
      chinaTime(a.signedUpAt),
      chinaTime(a.attendedAt),
      a.invitedByName ?? '',
      ...questions.map((q) => a.answers[q.id] ?? ''),
    ]),
  ];
}

/** A cell as CSV (RFC 4180); a leading = + - @ is quoted away so that a spreadsheet never runs it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: string[][]): Buffer {
  return Buffer.from('\uFEFF' + table.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(table: string[][], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of table) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name without characters storage or phones dislike. */
function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '活动';
}

export async function exportAttendees(
  input: z.infer<typeof exportInput>,
  caller: Caller,
): Promise<{ fileID: string; fileName: string; rows: number }> {
  const event = await managedEvent(input.eventId, caller);
  const rows = await allAttendees(event._id);
  const table = attendeeTable(event.questions, rows);
  const content = input.format === 'csv' ? toCsv(table) : await toXlsx(table, '报名名单');
  const fileName = `${safeName(event.title)}-报名名单.${input.format}`;
  const stamp = now().toISOString().replace(/[-:.]/g, '');
  const cloudPath = `exports/events/${event._id}/${stamp}-${Math.random().toString(36).slice(2, 8)}.${input.format}`;
  const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: content });
  return { fileID, fileName, rows: rows.length };
}
