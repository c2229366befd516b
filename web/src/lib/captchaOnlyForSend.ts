// Forms where the image captcha guards only '获取短信验证码': the final submit goes ahead when the
// only unmet rule is the (already used up) captcha.
import type { FormInstance } from 'antd';

interface FinishFailed<V> {
  values: V;
  errorFields: Array<{ name: Array<string | number> }>;
}

/** `onFinishFailed={submitDespiteCaptcha(form, onFinish)}` */
export function submitDespiteCaptcha<V>(form: FormInstance<V>, onFinish: (values: V) => unknown) {
  return ({ values, errorFields }: FinishFailed<V>) => {
    if (errorFields.length === 0 || !errorFields.every((f) => f.name[0] === 'captcha')) return;
    form.setFields([{ name: 'captcha' as never, errors: [] }]);
    void onFinish(values);
  };
}
