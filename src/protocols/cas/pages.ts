/** The few pages CAS shows a person instead of redirecting (zh-CN, same look as the OIDC pages). */
import { page } from '../../http/pages.js';

/** An unknown or malformed `service`: never a redirect to it. */
export const unauthorisedServicePage = () =>
  page(
    '未授权的应用',
    `<h1>未授权的应用</h1><p>您访问的应用未在身份统一认证平台登记，不能使用统一身份登录。</p>
<p>请确认应用地址是否正确，或联系该应用的管理单位。</p><p><a class="button" href="/account">进入个人中心</a></p>`,
  );

export const signedOutPage = () =>
  page('已退出登录', `<h1>您已安全退出</h1><p>您已退出身份统一认证平台，并已通知通过它登录的业务系统。为了您的账户安全，请关闭浏览器。</p><p><a class="button" href="/login">重新登录</a></p>`);
