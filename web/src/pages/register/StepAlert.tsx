// The server's message above a step's form, when it does not belong under one of the step's fields.
import { Alert } from 'antd';
import type { ApiError } from '../../api';
import { fieldErrors } from '../../lib/formErrors';

export function StepAlert({ error, fields }: { error: ApiError | null; fields: readonly string[] }) {
  if (!error || fieldErrors(error, fields).length > 0) return null;
  return <Alert className="sf-form-alert" type="error" showIcon role="alert" data-testid="register-alert" title={error.message} />;
}
