/**
 * The registration form's rules, checked before anything is sent. The cloud function checks the same
 * again (cloudfunctions/user: name 1..20 characters after trimming, a known branch and category).
 */
export const NAME_MAX = 20;

export interface RegistrationForm {
  name: string;
  branchId: string;
  category: string;
}

export type RegistrationErrors = Partial<Record<keyof RegistrationForm, string>>;

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

export function validateRegistration(form: RegistrationForm): RegistrationErrors {
  const errors: RegistrationErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = '请填写姓名';
  else if (name.length > NAME_MAX) errors.name = `姓名不能超过 ${NAME_MAX} 个字`;
  else if (CONTROL_CHARS.test(name)) errors.name = '姓名含有不允许的字符';
  if (!form.branchId) errors.branchId = '请选择所属党支部';
  if (!form.category) errors.category = '请选择人员类别';
  return errors;
}

export function hasErrors(errors: RegistrationErrors): boolean {
  return Object.keys(errors).length > 0;
}
