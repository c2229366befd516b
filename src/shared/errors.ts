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
  'request.control_character': e(400, '输入内容含有不可见的控制字符，请删除后重试', 'The input contains invisible control characters; please remove them and try again'),
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
  'pow.required': e(400, '页面验证尚未完成，请稍候再试', 'The page check has not finished yet, please try again in a moment'),
  'pow.invalid': e(400, '页面验证已失效，请换一张验证码后重试', 'The page check is no longer valid, please get a new picture code and try again'),

  // session and login
  'session.required': e(401, '请先登录', 'Please sign in'),
  'auth.invalid_credentials': e(401, '用户名或密码错误', 'Wrong account or password'),
  'auth.locked': e(429, '登录失败次数过多，账户已暂时锁定，请{minutes}分钟后再试', 'Too many failed sign-ins; please try again in {minutes} minutes'),
  'auth.locked_until_reset': e(429, '登录失败次数过多，账户已锁定。请通过“忘记密码”重置密码后再登录', 'Too many failed sign-ins; the account is locked. Reset the password with “Forgot password” to sign in again'),

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

  // SMS login, registration by phone, recovery, security questions (issue 5)
  'phone.registered': e(409, '该手机号无法注册，请直接登录或找回密码', 'This mobile number cannot be registered; please sign in or recover your password'),
  'recovery.verification_failed': e(400, '验证信息不正确，请检查后重试', 'The verification details are not correct; please check and try again'),
  'registration.too_many_attempts': e(429, '尝试次数过多，请重新开始注册', 'Too many attempts; please start the registration again'),
  'recovery.too_many_attempts': e(429, '验证失败次数过多，请稍后重新开始', 'Too many failed verifications; please start again later'),
  'recovery.phone_taken': e(409, '银行预留手机号已绑定其他账户，无法修改为本账户的手机号，请选择其他验证方式', 'The bank-reserved mobile number is bound to another account and cannot become this account’s number; please choose another way to verify'),
  'security_questions.invalid': e(400, '请选择3个不同的密保问题并填写答案', 'Please choose 3 different security questions and answer each'),
  'security_questions.answer_invalid': e(400, '答案须为1-50个字', 'Each answer must have 1–50 characters'),

  // real-name verification
  'realname.unknown_method': e(404, '该认证方式暂未开放', 'This verification method is not available'),
  'realname.identity_differs': e(400, '填写的姓名或证件号码与注册信息不一致', 'The name or ID number differs from your registered identity'),
  'realname.id_mismatch': e(400, '身份信息核验未通过，请检查姓名和身份证号码', 'The identity check did not pass; please check your name and ID number'),
  'realname.not_applicable': e(400, '您的证件类型暂不支持该认证方式', 'This method is not available for your type of ID'),
  'realname.unavailable': e(503, '认证服务暂时不可用，请稍后再试', 'The verification service is unavailable, please try again later'),

  // real-name methods, counter verification, Shenzhen-style registration (issue 4)
  'realname.bank_mismatch': e(400, '人员姓名或证件类型或证件号与银行登记不匹配', 'The name, ID type or ID number does not match the bank’s records'),
  'realname.bank_phone_mismatch': e(400, '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号', 'The mobile number is not the one reserved at the bank; please use another card or update the reserved number at your bank'),
  'realname.social_security_mismatch': e(400, '社保编号核验未通过，请核对后重试', 'The social security number check did not pass; please check it and try again'),
  'realname.housing_fund_mismatch': e(400, '公积金联名卡号核验未通过，请核对后重试', 'The housing fund card check did not pass; please check it and try again'),
  'realname.telecom_mismatch': e(400, '手机号码实名信息核验未通过，请确认该号码登记在您本人名下', 'The operator check did not pass; please make sure the number is registered in your name'),
  'realname.drivers_licence_mismatch': e(400, '驾驶证档案编号核验未通过，请核对后重试', 'The driver’s licence file number check did not pass; please check it and try again'),
  'realname.alipay_not_certified': e(400, '您的支付宝账户尚未完成实名认证', 'Your Alipay account has not completed real-name verification'),
  'realname.alipay_mismatch': e(400, '支付宝实名信息与您的注册信息不一致', 'The Alipay real-name details differ from your registered identity'),
  'realname.alipay_failed': e(400, '支付宝授权未完成，请重试', 'The Alipay authorisation did not complete; please try again'),
  'realname.coming_soon': e(404, '该认证方式即将开放', 'This verification method is coming soon'),
  'realname.counter_only': e(400, '该功能请到办事大厅现场完成', 'Please complete this at a service-hall counter'),
  'realname.redirect_only': e(400, '请通过授权页面完成该认证', 'Please complete this through the authorisation page'),
  'realname.phone_required': e(400, '请先绑定手机号码', 'Please bind a mobile number first'),
  'realname.sms_required': e(400, '请先获取并填写短信验证码', 'Please get and enter the SMS code first'),
  'realname.bank_required': e(400, '请填写银行卡号、银行预留手机号和短信验证码', 'Please enter the bank card number, the bank-reserved mobile number and the SMS code'),
  'social_security.format': e(400, '社保编号格式不正确', 'The social security number has the wrong format'),
  'file_number.format': e(400, '档案编号应为12位数字', 'The file number must have 12 digits'),
  'staff.required': e(403, '仅限办事大厅工作人员操作', 'Only service-hall staff may do this'),
  'staff.person_not_found': e(404, '未找到该证件号码对应的用户', 'No person is registered with this ID number'),
  'staff.document_mismatch': e(400, '核验的证件号码与该用户的注册信息不一致', 'The document number checked differs from the person’s registered ID number'),
  'staff.self': e(403, '此事项与您本人有关，须由其他工作人员办理', 'This concerns you: another staff member must decide it'),
  // orgs (src/orgs, docs/orgs.md)
  'org.agent_needs_id': e(403, '经办人须先完成身份证实名认证，再办理单位注册', 'The agent must verify their ID card (real-name) before registering an org'),
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

  // account centre: re-authentication, password, phone, e-mail, profile, addresses, sessions, deactivation
  'reauth.required': e(403, '为了您的账户安全，请先验证身份', 'For your security, please verify it is you first'),
  'reauth.wrong_password': e(400, '密码错误，请重新输入', 'The password is wrong, please try again'),
  'reauth.no_phone': e(400, '您的账户未绑定已验证的手机号码，请使用密码验证', 'Your account has no verified mobile number; please verify with your password'),
  'password.current_wrong': e(400, '当前密码错误，请重新输入', 'The current password is wrong, please try again'),
  'phone.same': e(400, '新手机号码与当前绑定的号码相同', 'This is already your bound mobile number'),
  'phone.taken': e(409, '该手机号码无法绑定到您的账户，请更换其他号码', 'This mobile number cannot be bound to your account; please use another number'),
  'phone.bank_no_identity': e(
    400,
    '您的账户没有登记可供银行核验的姓名和证件号码，不能使用银联实名认证修改手机号。请先完成实名认证，或改用短信验证码修改手机号码。',
    'Your account has no name and ID number on record that the bank can check, so the number cannot be changed by bank card. Please complete real-name verification first, or change the number with an SMS code.',
  ),
  'email.invalid': e(400, '请输入正确的电子邮箱地址', 'Please enter a valid e-mail address'),
  'email.same': e(400, '该邮箱已绑定到您的账户', 'This e-mail address is already bound to your account'),
  'email.taken': e(409, '该邮箱无法绑定到您的账户，请更换其他邮箱', 'This e-mail address cannot be bound to your account; please use another one'),
  'email.link_invalid': e(400, '激活链接无效或已使用，请重新发送激活邮件', 'This activation link is not valid or was already used; please send a new one'),
  'email.link_expired': e(410, '激活链接已过期（有效期24小时），请重新发送激活邮件', 'This activation link has expired (it is valid for 24 hours); please send a new one'),
  'mail.unavailable': e(503, '邮件服务暂时不可用，请稍后再试', 'The mail service is unavailable, please try again later'),
  'nickname.invalid': e(400, '昵称须为1-20个字符，不能包含特殊符号', 'Nickname: 1–20 characters, no special symbols'),
  'address.recipient': e(400, '请输入收件人姓名（不超过20个字）', 'Please enter the recipient (up to 20 characters)'),
  'address.region': e(400, '请输入所在地区，如：广东省 广州市 天河区', 'Please enter the region, e.g. Guangdong Guangzhou Tianhe'),
  'address.detail': e(400, '请输入详细地址（2-100个字）', 'Please enter the street address (2–100 characters)'),
  'address.postcode': e(400, '请输入6位数字邮政编码', 'Please enter the 6-digit postcode'),
  'address.too_many': e(400, '最多可保存10个邮寄地址', 'You can keep at most 10 mailing addresses'),
  'address.not_found': e(404, '该地址不存在或已删除', 'This address does not exist or was deleted'),
  'session.not_found': e(404, '该设备已退出登录', 'This device is already signed out'),
  'deactivate.confirm_required': e(400, '请确认您已了解注销账户的后果', 'Please confirm that you understand what deactivation means'),
  // face (issue 13; the two failures word for word from seed 003)
  'face.consent_required': e(400, '请先阅读并同意人脸信息处理规则', 'Please read and agree to how your face data is processed first'),
  'face.actions_not_done': e(400, '认证失败，您的相貌能对上，但您没有跟着引导做动作', 'Verification failed: your face matches, but you did not follow the guided actions'),
  'face.no_match': e(400, '认证失败，您的认证照片与建模照片不匹配，请您通过其他方式进行认证', 'Verification failed: your photo does not match the reference photo; please verify another way'),
  'face.environment': e(400, '环境检测未通过，请调整背景、距离、光照、遮挡后重新拍摄', 'The capture check did not pass; please adjust the background, distance, light or anything covering your face and try again'),
  'face.too_many_attempts': e(
    429,
    '今日刷脸认证次数已用完，请明天再试，或通过其他方式进行认证：找回密码可使用密保问题、手机验证或银行卡验证，实名认证可使用身份证、银行卡等方式或到办事大厅现场认证',
    'You have used today’s face verification attempts; please try again tomorrow or use another way: to recover a password, security questions, SMS or bank card; for real-name verification, ID card, bank card and the other methods, or a service-hall counter',
  ),
  'face.nonce_invalid': e(400, '本次认证已失效，请重新开始', 'This verification is no longer valid; please start again'),
  'face.frames_invalid': e(400, '拍摄的照片不完整或顺序有误，请重新拍摄', 'The captured photos are incomplete or out of order; please capture again'),
  'face.image_invalid': e(400, '请上传JPG格式的照片', 'Please send JPEG photos'),
  // 养老保险待遇资格认证 (issue 14, seed 003)
  'pension.name_empty': e(400, '请输入您登记的姓名', 'Please enter your name as registered'),
  'pension.ssn_format': e(
    400,
    '社会保障号码格式不正确：中国居民请输入18位二代居民身份证号码；港澳台居民请按粤人社发[2014]234号的个人编码规则输入（地区代码 预留位 有效证件号码），或按原登记的社会保障号码输入',
    'The social security number has the wrong format: mainland residents enter the 18-digit resident ID number; Hong Kong, Macao and Taiwan residents enter the personal code of notice 粤人社发[2014]234号 (region code, reserved digit, document number) or the number originally registered',
  ),
  'pension.not_registered': e(
    401,
    '未找到与您录入的姓名和社会保障号码相符的企业养老离退休人员信息，请核对后重新输入（仅提供企业养老离退休人员登录使用）',
    'No enterprise pension retiree matches the name and social security number entered; please check them and try again (for enterprise pension retirees only)',
  ),
  'pension.signed_out': e(401, '登录已超时，请重新登录个人年度资格认证', 'You are signed out; please sign in to the annual certification again'),
  'pension.ineligible': e(403, '待遇发放状态和生存状态异常人员无法做资格认证', 'Retirees whose benefit payment or survival status is abnormal cannot be certified here'),
  'pension.retiree_not_found': e(404, '未找到该离退休人员', 'No such retiree'),
  'pension.date_range': e(400, '请选择正确的日期范围（不超过366天）', 'Please choose a valid date range (at most 366 days)'),
  // 数字证书登录 (issue 15, seed 004): every refusal in the seed's words, 'CA身份认证失败，失败原因: …', with what to do.
  'cert.challenge_invalid': e(410, 'CA身份认证失败，失败原因: 本次认证请求已失效，请重新点击证书登录', 'Certificate sign-in failed: this request is no longer valid; please start the certificate sign-in again'),
  'cert.bad_certificate': e(400, 'CA身份认证失败，失败原因: 证书无法识别，请确认插入的是CA机构颁发的证书UKey', 'Certificate sign-in failed: the certificate cannot be read; please check that the UKey holds a certificate issued by a CA'),
  'cert.unsupported': e(400, 'CA身份认证失败，失败原因: 证书算法不受支持（支持SM2、RSA、ECDSA），请联系CA机构', 'Certificate sign-in failed: the certificate’s algorithm is not supported (SM2, RSA and ECDSA are); please contact your CA'),
  'cert.expired': e(403, 'CA身份认证失败，失败原因: 证书已过期，请联系CA机构办理证书更新后再登录', 'Certificate sign-in failed: the certificate has expired; please renew it with your CA and sign in again'),
  'cert.not_yet_valid': e(403, 'CA身份认证失败，失败原因: 证书尚未生效，请检查电脑的日期和时间，或在证书生效后再登录', 'Certificate sign-in failed: the certificate is not valid yet; please check the computer’s date and time, or sign in once it is valid'),
  'cert.unknown_ca': e(403, 'CA身份认证失败，失败原因: 证书不是本平台信任的CA机构签发的，请使用本平台支持的CA机构证书', 'Certificate sign-in failed: the certificate was not issued by a CA this platform trusts; please use a certificate from a supported CA'),
  'cert.key_usage': e(403, 'CA身份认证失败，失败原因: 该证书不能用于登录（证书用途不符），请使用签名证书', 'Certificate sign-in failed: this certificate may not be used to sign in (key usage); please use a signing certificate'),
  'cert.bad_signature': e(403, 'CA身份认证失败，失败原因: 证书签名验证未通过，请重新插入UKey后再试', 'Certificate sign-in failed: the signature did not verify; please re-insert the UKey and try again'),
  'cert.revoked': e(403, 'CA身份认证失败，失败原因: 证书已被吊销，请联系CA机构', 'Certificate sign-in failed: the certificate has been revoked; please contact your CA'),
  'cert.revocation_unknown': e(503, 'CA身份认证失败，失败原因: 暂时无法核实证书是否已被吊销，请稍后再试，或使用其他方式登录', 'Certificate sign-in failed: whether the certificate was revoked cannot be checked at the moment; please try again later or sign in another way'),
  'cert.not_bound': e(403, 'CA身份认证失败，失败原因: 证书尚未绑定账户，请先使用账号密码登录并完成“证书绑定”，或到窗口现场绑定', 'Certificate sign-in failed: the certificate is not bound to an account; please sign in with your password and bind it (证书绑定), or bind it at a service counter'),
  'cert.wrong_kind': e(403, 'CA身份认证失败，失败原因: 证书类型与登录类型不符，个人证书请选择个人登录，单位证书请选择法人登录', 'Certificate sign-in failed: the certificate does not match the sign-in chosen; use personal sign-in for a personal certificate and organisation sign-in for an organisation’s'),
  'cert.no_client_certificate': e(400, 'CA身份认证失败，失败原因: 未收到证书，请插入UKey，关闭浏览器后重新打开登录页面并选择证书', 'Certificate sign-in failed: no certificate was presented; please insert the UKey, restart the browser and choose the certificate when asked'),
  'cert.account_unusable': e(403, 'CA身份认证失败，失败原因: 证书绑定的账户当前不能登录，请联系客服', 'Certificate sign-in failed: the account bound to this certificate cannot sign in at the moment; please contact support'),
  'cert.other_owner': e(403, '证书绑定失败：证书信息与当前账户不符，不能绑定他人或其他单位的证书', 'The certificate cannot be bound: it belongs to another person or organisation'),
  'cert.already_bound': e(409, '证书绑定失败：该证书已绑定，如需更换请先解除原绑定', 'The certificate cannot be bound: one is bound already; unbind it first'),
  'cert.binding_not_found': e(404, '绑定记录不存在或已解除', 'No such certificate binding'),
  'cert.ss_code_unknown': e(400, '社保编码不属于该单位', 'This social-security code is not one of the organisation’s'),
  // What the certificate agent (shenfen cert-agent) answers the login page; the page shows these.
  'cert.agent_unavailable': e(503, 'CA身份认证失败，失败原因: 未检测到证书助手，请安装并启动证书助手后刷新页面', 'Certificate sign-in failed: the certificate agent was not found; please install and start it, then reload the page'),
  'cert.agent_origin': e(403, 'CA身份认证失败，失败原因: 证书助手只为本平台的页面签名', 'Certificate sign-in failed: the certificate agent signs only for this platform’s pages'),
  'cert.no_token': e(404, 'CA身份认证失败，失败原因: 未检测到证书UKey，请插入UKey后重试', 'Certificate sign-in failed: no UKey found; please insert it and try again'),
  'cert.pin_wrong': e(403, 'CA身份认证失败，失败原因: 证书密码错误，还可以尝试{tries}次', 'Certificate sign-in failed: wrong certificate PIN; {tries} tries left'),
  'cert.pin_locked': e(423, 'CA身份认证失败，失败原因: 证书密码错误次数过多，UKey已锁定，请联系CA机构解锁', 'Certificate sign-in failed: too many wrong PINs; the UKey is locked, please ask your CA to unlock it'),
  'cert.cancelled': e(409, 'CA身份认证失败，失败原因: 已取消输入证书密码', 'Certificate sign-in failed: entering the PIN was cancelled'),
  'cert.pin_weak': e(400, '新口令须为6-16位，且不能与初始口令相同', 'The new PIN must have 6–16 characters and differ from the initial PIN'),
  // 扫码登录
  'qr.invalid': e(410, '二维码已失效，请在电脑上刷新二维码', 'This QR code is no longer valid; please refresh the QR code on the computer'),
  'qr.person_only': e(403, '请使用个人账户扫码登录，单位账户不能确认扫码登录', 'Please scan with a personal account; an organisation account cannot confirm a QR sign-in'),
  'qr.account_unusable': e(403, '您的账户当前不能确认扫码登录，请在电脑上使用其他方式登录', 'Your account cannot confirm a QR sign-in at the moment; please sign in on the computer another way'),
  'qr.unavailable': e(503, '扫码登录暂不可用，请使用其他方式登录', 'QR sign-in is unavailable at the moment; please sign in another way'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}

/** The values of the messages with `{name}` placeholders, by code (the lockout's minutes are configured). */
export interface ErrorParams {
  'auth.locked': { minutes: number };
  'cert.pin_wrong': { tries: number };
}

/** A code's message in a language; a code with placeholders (ErrorParams) needs their values. */
export function errorMessage<C extends ErrorCode>(code: C, lang: Lang, ...params: C extends keyof ErrorParams ? [ErrorParams[C]] : []): string;
export function errorMessage(code: ErrorCode, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
  const template = errorCatalog[code].message[lang];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole)) : template;
}
