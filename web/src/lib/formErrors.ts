// Puts an API error's per-field messages under the matching antd Form fields.
import type { FormInstance } from 'antd';
import type { ApiError } from '../api';

/** Error codes that belong to one field even when the server sends no `fields`. */
const FIELD_OF_CODE: Array<[RegExp, string]> = [
  [/^username\./, 'username'],
  [/^password\.mismatch$/, 'confirmPassword'],
  [/^password\./, 'password'],
  [/^captcha\./, 'captcha'],
  [/^pow\./, 'captcha'],
  [/^name\./, 'name'],
  [/^id_type\./, 'idType'],
  [/^id_number\./, 'idNumber'],
  [/^phone\./, 'phone'],
  [/^agreement\./, 'agree'],
];

/** The messages of `err` that belong to one of `fieldNames`: `err.fields`, else the field its code names. */
export function fieldErrors(err: ApiError, fieldNames: readonly string[]): Array<[string, string]> {
  const entries = Object.entries(err.fields).filter(([name]) => fieldNames.includes(name));
  if (entries.length > 0) return entries;
  const name = FIELD_OF_CODE.find(([re]) => re.test(err.code))?.[1];
  return name && fieldNames.includes(name) ? [[name, err.message]] : [];
}

/** Shows the field messages of `err` under the form's fields; returns true when at least one landed. */
export function applyFieldErrors(form: FormInstance, err: ApiError, fieldNames: readonly string[]): boolean {
  const entries = fieldErrors(err, fieldNames);
  if (entries.length > 0) form.setFields(entries.map(([name, message]) => ({ name, errors: [message] })));
  return entries.length > 0;
}
