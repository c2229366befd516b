// 返回登录: the way back to the login page from every signed-out page.
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';

export function BackToLoginLink() {
  const { t } = useI18n();
  return <Link to="/login">{t('common.backToLogin')}</Link>;
}
