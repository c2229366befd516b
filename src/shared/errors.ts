/**
 * The one catalog of error codes, shared by the server and the SPA.
 * A code is stable once released; its message is rendered per language.
 * Example: `errorCatalog['auth.invalid_credentials'].message['zh-CN']`.
 */
export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];

interface ErrorSpec {
  status: number;
  message: Record<Lang, string>;
}

const e = (status: number, zh: string, en: string): ErrorSpec => ({ status, message: { 'zh-CN': zh, 'en-US': en } });

export const errorCatalog = {
  // request shape
  'request.malformed': e(400, '请求格式不正确', 'The request is malformed'),
  'request.invalid': e(400, '请求内容有误，请检查后重试', 'The request has invalid fields'),
  'request.too_large': e(413, '请求内容过大', 'The request body is too large'),
  'request.unsupported_media_type': e(415, '不支持的请求类型', 'Unsupported content type'),
  'request.not_found': e(404, '请求的资源不存在', 'Not found'),
  'request.method_not_allowed': e(405, '不支持的请求方法', 'Method not allowed'),
  'server.internal': e(500, '系统繁忙，请稍后再试', 'Something went wrong, please try again later'),
  rate_limited: e(429, '操作过于频繁，请稍后再试', 'Too many requests, please try again later'),
  'csrf.invalid': e(403, '页面已过期，请刷新后重试', 'The page has expired, please reload and try again'),

  'admin.unauthorized': e(401, '需要管理员授权', 'Administrator authorisation required'),

  // flows
  'flow.not_found': e(404, '操作已失效，请重新开始', 'This step is no longer valid, please start again'),
  'flow.expired': e(410, '操作超时，请重新开始', 'This took too long, please start again'),
  'flow.wrong_state': e(409, '请按步骤操作', 'Please complete the steps in order'),
  'captcha.invalid': e(400, '图片验证码错误，请重新输入', 'The picture code is wrong, please try again'),
  'captcha.required': e(400, '请输入图片验证码', 'Please enter the picture code'),

  // session and login
  'session.required': e(401, '请先登录', 'Please sign in'),
  'auth.invalid_credentials': e(401, '用户名或密码错误', 'Wrong account or password'),
  'auth.locked': e(429, '登录失败次数过多，账户已暂时锁定，请15分钟后再试', 'Too many failed sign-ins; please try again in 15 minutes'),

  // registration
  'username.taken': e(409, '用户名已被使用', 'This username is already in use'),
  'username.invalid': e(400, '用户名须为4-20位字母、数字或下划线，且以字母开头', 'Username: 4–20 letters, digits or underscores, starting with a letter'),
  'password.mismatch': e(400, '两次输入的密码不一致', 'The two passwords do not match'),
  'password.weak': e(400, '密码强度不足', 'The password is too weak'),
  'password.too_short': e(400, '密码长度至少8位', 'The password must have at least 8 characters'),
  'password.too_long': e(400, '密码长度不能超过64位', 'The password must have at most 64 characters'),
  'password.common': e(400, '密码过于常见，请换一个', 'This password is too common'),
  'password.contains_context': e(400, '密码不能包含用户名、证件号码或网站名称', 'The password must not contain your username, ID number or the site name'),
  'password.reused': e(400, '新密码不能与最近5次使用过的密码相同', 'The new password must differ from your last 5 passwords'),
  'password.composition': e(400, '密码须包含字母和数字', 'The password must contain letters and digits'),
  'name.invalid': e(400, '请输入正确的姓名', 'Please enter your name as on your ID'),
  'id_type.invalid': e(400, '请选择证件类型', 'Please choose an ID type'),
  'id_number.taken': e(409, '该证件号码已注册，请直接登录或找回密码', 'This ID number is already registered; please sign in or recover your password'),
  'agreement.required': e(400, '请阅读并同意用户协议', 'Please read and accept the agreement'),

  // one-time codes (SMS / mail)
  'otp.cooldown': e(429, '获取验证码过于频繁，请60秒后再试', 'Please wait 60 seconds before asking for another code'),
  'otp.daily_limit': e(429, '今日获取验证码次数已达上限，请明天再试', 'You have asked for too many codes today; please try again tomorrow'),
  'otp.invalid': e(400, '短信验证码错误，请重新输入', 'The code is wrong, please try again'),
  'otp.expired': e(400, '短信验证码已失效，请重新获取', 'The code has expired; please ask for a new one'),
  'otp.too_many_attempts': e(429, '验证码错误次数过多，请重新开始', 'Too many wrong codes; please start again'),

  // real-name verification
  'realname.unknown_method': e(404, '该认证方式暂未开放', 'This verification method is not available'),
  'realname.identity_differs': e(400, '填写的姓名或证件号码与注册信息不一致', 'The name or ID number differs from your registered identity'),
  'realname.id_mismatch': e(400, '身份信息核验未通过，请检查姓名和身份证号码', 'The identity check did not pass; please check your name and ID number'),
  'realname.not_applicable': e(400, '您的证件类型暂不支持该认证方式', 'This method is not available for your type of ID'),
  'realname.unavailable': e(503, '认证服务暂时不可用，请稍后再试', 'The verification service is unavailable, please try again later'),

  // orgs (src/orgs, docs/orgs.md)
  'org.person_required': e(403, '请先使用个人账户登录，再以经办人身份办理单位注册', 'Please sign in with your personal account to register an org as its agent'),
  'org.uscc_taken': e(409, '该统一社会信用代码已注册单位账户，请直接登录或找回密码', 'An org account already exists for this code; please sign in or recover its password'),
  'org.registry_not_found': e(400, '登记机关未查到该统一社会信用代码，请核对', 'The registry has no org with this unified social credit code; please check it'),
  'org.registry_name_mismatch': e(400, '单位名称与登记机关登记的名称不一致，请核对', 'The org name differs from the registered name; please check it'),
  'org.registry_legal_rep_mismatch': e(400, '法定代表人姓名或身份证号码与登记信息不一致，请核对', 'The legal representative’s name or ID number differs from the register; please check them'),
  'org.registry_revoked': e(400, '该单位已注销或被吊销营业执照，不能注册', 'This org is deregistered or its licence revoked; it cannot be registered'),
  'org.registry_unavailable': e(503, '单位信息核验服务暂时不可用，请稍后再试', 'The org registry is unavailable, please try again later'),
  'org.name_invalid': e(400, '请输入单位全称（2-100个字）', 'Please enter the org’s full name (2–100 characters)'),
  'org.forbidden': e(403, '只有单位账户、法定代表人或单位管理员可以办理此项业务', 'Only the org account, its legal representative or an administrator may do this'),
  'org.not_member': e(403, '您不是该单位的经办人，或绑定已解除', 'You do not act for this org, or the binding has ended'),
  'org.choose_required': e(403, '请先选择要办理业务的单位', 'Please choose the org you act for first'),
  'org.member_not_found': e(404, '该子账号不存在或已解除绑定', 'This sub-account does not exist or has been unbound'),
  'org.invitation_not_found': e(404, '该绑定请求不存在或已处理', 'This binding request does not exist or has been answered'),
  'org.already_member': e(409, '已向该人员发起绑定或已绑定', 'A binding request was already sent to this person, or they are bound'),
  'org.admins_full': e(409, '单位管理员最多5名', 'An org may have at most 5 administrators'),
  'org.legal_rep_fixed': e(409, '法定代表人的角色随法定代表人变更，不能在此修改或解除', 'The legal representative’s role follows the register; it cannot be changed or unbound here'),
  'org.business_system_unknown': e(400, '所选业务系统不存在', 'The chosen business system does not exist'),
  'org.expiry_past': e(400, '授权截止时间须晚于当前时间', 'The grant’s end must be in the future'),
  'org.ss_code_taken': e(409, '该社保编码已添加', 'This social-security code is already listed'),
  'org.ss_code_invalid': e(400, '请输入正确的社保编码（6-20位字母或数字）', 'Please enter a valid social-security code (6–20 letters or digits)'),
  'org.ss_code_not_found': e(404, '该社保编码不存在', 'This social-security code does not exist'),
  'org.no_change': e(400, '信息未修改', 'Nothing was changed'),
  'org.photo_invalid': e(400, '请上传JPG或PNG格式的照片（不超过2MB）', 'Please upload a JPG or PNG photo (at most 2 MB)'),
  'org.recovery_not_found': e(404, '该找回申请不存在或已处理', 'This recovery request does not exist or has been handled'),
  'org.questions_distinct': e(400, '请选择三个不同的密保问题', 'Please choose three different questions'),
  'staff.required': e(403, '需要工作人员权限', 'Staff access required'),
  'account.person_only': e(403, '此功能仅限个人账户使用，请使用个人账户登录', 'This is for personal accounts; please sign in with one'),

  // domain rules (src/domain)
  'id_number.empty': e(400, '请输入证件号码', 'Please enter the ID number'),
  'id_number.format': e(400, '证件号码格式不正确', 'The ID number has the wrong format'),
  'id_number.region': e(400, '证件号码地区码不正确', 'The ID number has an invalid region code'),
  'id_number.birth_date': e(400, '证件号码中的出生日期不正确', 'The ID number has an invalid date of birth'),
  'id_number.checksum': e(400, '证件号码校验位不正确，请核对', 'The ID number check digit is wrong, please check it'),
  'uscc.empty': e(400, '请输入统一社会信用代码', 'Please enter the unified social credit code'),
  'uscc.format': e(400, '统一社会信用代码格式不正确', 'The unified social credit code has the wrong format'),
  'uscc.checksum': e(400, '统一社会信用代码校验位不正确', 'The unified social credit code check character is wrong'),
  'phone.invalid': e(400, '请输入正确的手机号码', 'Please enter a valid mobile number'),
  'bank_card.format': e(400, '银行卡号格式不正确', 'The bank card number has the wrong format'),
  'bank_card.checksum': e(400, '银行卡号校验不通过，请核对', 'The bank card number is wrong, please check it'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}

export function errorMessage(code: ErrorCode, lang: Lang): string {
  return errorCatalog[code].message[lang];
}
