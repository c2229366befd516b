// Texts of the help pages (帮助中心, the four guides, 常见问题知识库), zh-CN first, en-US, kept beside
// them: `const h = useHelpText(); h.guides['org-registration'].steps`. Every step and answer says
// what the pages really do, in the words their buttons and menus show (web/src/i18n/zh-CN.ts,
// web/src/pages/org/text.ts). A line with `when` is shown only where GET /api/meta says that part
// exists (registration styles, the bank check at registration, SMS login); `{lockMinutes}` and
// `{maxFailures}` are the server's configured login lock.
import { useI18n } from '../../i18n/context';
import type { Lang } from '../../i18n/lang';
import { HELP_TITLE } from './HelpLink';

/** What a line depends on (see ./conditions.ts). */
export type HelpCondition = 'usernameRegistration' | 'phoneRegistration' | 'noPersonRegistration' | 'bankCheck' | 'declaredCheck' | 'smsLogin';

export interface HelpLine {
  text: string;
  /** The page this step is done on. */
  link?: { to: string; label: string };
  when?: HelpCondition;
}

export interface HelpSection {
  heading?: string;
  when?: HelpCondition;
  steps: HelpLine[];
}

export const GUIDE_SLUGS = ['person-registration', 'org-registration', 'org-authorisation'] as const;
export type GuideSlug = (typeof GUIDE_SLUGS)[number];

export interface HelpGuide {
  title: string;
  /** One line under the guide's entry in 帮助中心. */
  summary: string;
  intro: string;
  sections: HelpSection[];
  /** Good to know, after the steps (not numbered). */
  notes?: HelpLine[];
}

export interface FaqItem {
  id: string;
  q: string;
  a: HelpLine[];
}

export interface HelpText {
  ui: {
    title: string;
    intro: string;
    open: string;
    backToHelp: string;
    faqTitle: string;
    faqSummary: string;
    faqIntro: string;
    stepsOf: string;
    notes: string;
    moreQuestions: string;
    toFaq: string;
  };
  guides: Record<GuideSlug, HelpGuide>;
  faq: FaqItem[];
}

const zh: HelpText = {
  ui: {
    title: HELP_TITLE['zh-CN'],
    intro: '注册、登录、单位办事遇到问题，请选择下面的指引，按步骤一步一步操作。',
    open: '查看',
    backToHelp: '返回帮助中心',
    faqTitle: '常见问题知识库',
    faqSummary: '忘记用户名或密码、账户被锁定、收不到验证码、实名等级等常见问题的解答。',
    faqIntro: '点击问题即可展开答案。',
    stepsOf: '（共 {n} 步）',
    notes: '温馨提示',
    moreQuestions: '还有疑问？',
    toFaq: '查看常见问题',
  },
  guides: {
    'person-registration': {
      title: '个人注册指引',
      summary: '注册个人账号，用来登录本平台和接入的业务系统。',
      intro: '请准备好本人的身份证件和能收短信的手机。',
      sections: [
        {
          heading: '用户名注册',
          when: 'usernameRegistration',
          steps: [
            { text: '打开“用户注册”页面：在登录页点击“用户注册”。', link: { to: '/register', label: '去注册' } },
            { text: '第一步“填写登录信息”：填写用户名（4-20位字母、数字或下划线，以字母开头）和密码（至少8位，须包含字母和数字），再输入一次密码，填写图片验证码，点击“下一步”。' },
            { text: '第二步“填写身份信息”：填写姓名，选择证件类型，填写证件号码和手机号码，点击“下一步”。姓名和证件号码要与证件上的一致。' },
            { text: '第三步“阅读协议”：核对您填写的信息，阅读《用户服务协议》，勾选“我已阅读并同意《用户服务协议》”，点击“注册”。', when: 'declaredCheck' },
            {
              text: '第三步“填写验证信息”：填写本人的银行卡号和该卡在银行预留的手机号，填写图片验证码，点击“获取短信验证码”，输入收到的验证码，勾选“我已阅读并同意《用户服务协议》”，点击“下一步”。系统会通过银行核验您的身份。',
              when: 'bankCheck',
            },
            { text: '看到“注册成功”，页面显示您的用户名和实名等级（L2 身份已声明）。点击“去登录”，用用户名或证件号码和密码登录。', link: { to: '/login', label: '去登录' }, when: 'declaredCheck' },
            { text: '看到“注册成功”，页面显示您的用户名和实名等级（L4 真人已核验）。点击“去登录”，用用户名或证件号码和密码登录。', link: { to: '/login', label: '去登录' }, when: 'bankCheck' },
          ],
        },
        {
          heading: '手机号注册',
          when: 'phoneRegistration',
          steps: [
            { text: '打开“手机号注册”页面：在登录页点击“手机号注册”。', link: { to: '/register/phone', label: '去手机号注册' } },
            { text: '填写手机号码（它就是您的登录名称）、昵称和密码（至少8位，须包含字母和数字），再输入一次密码。' },
            { text: '填写图片验证码，点击“获取短信验证码”，输入手机收到的6位验证码。' },
            { text: '勾选“我已阅读并同意《用户服务协议》”，点击“注册”。' },
            { text: '注册成功后会自动登录，并显示“身份证实名认证”：填写姓名和身份证号码，点击“认证”。这时不想认证的，可以点击“暂不认证，进入个人中心”，以后在用户中心的“实名认证”中再做（未认证时实名等级是 L1）。', link: { to: '/account/real-name', label: '去实名认证' } },
          ],
        },
        {
          when: 'noPersonRegistration',
          steps: [{ text: '本平台目前不开放在线个人注册。已有账号的，请直接登录。', link: { to: '/login', label: '去登录' } }],
        },
      ],
      notes: [
        { text: '注册后，可以在用户中心的“实名认证”中提高实名等级，办理要求更高等级的业务。' },
        { text: '建议登录后在用户中心设置“密保问题”，忘记密码时可以用来找回。' },
      ],
    },
    'org-registration': {
      title: '单位注册指引',
      summary: '经办人用个人账号登录后，为单位注册单位账号。',
      intro: '单位注册由经办人办理，注册后经办人的个人账号与单位关联。请准备好营业执照上的统一社会信用代码、单位名称（全称），以及法定代表人的姓名和身份证号码。',
      sections: [
        {
          steps: [
            { text: '经办人先注册个人账号。已有个人账号的，跳过这一步。', link: { to: '/help/person-registration', label: '看个人注册指引' } },
            { text: '用个人账号登录。', link: { to: '/login', label: '去登录' } },
            { text: '打开“单位注册”页面：登录后在用户中心左侧点击“我的授权”，再点击“单位注册”；也可以在登录页点击“单位登录”，再点击下方的“单位注册”。', link: { to: '/org/register', label: '去单位注册' } },
            { text: '第一步“经办人确认”：核对“当前经办人”是您本人，点击“下一步”。' },
            { text: '第二步“单位信息”：填写统一社会信用代码、单位名称（全称）、法定代表人姓名、法定代表人身份证号码，点击“下一步”。这些信息要与企业登记信息一致，提交时系统会核对。' },
            { text: '第三步“登录信息”：设置单位用户名（4-20位字母、数字或下划线，以字母开头）和登录密码，再输入一次密码，填写图片验证码，点击“提交注册”。' },
            { text: '看到“单位注册成功”，点击“进入单位中心”。您已成为该单位的经办人：如果您就是法定代表人，角色是“法定代表人”，否则是“管理员”。' },
          ],
        },
      ],
      notes: [
        { text: '以后登录：在登录页点击“单位登录”。用单位账号时选“单位账号登录”，输入单位用户名或统一社会信用代码和密码；经办人选“经办人登录”，用个人账号登录后选择单位。', link: { to: '/login?as=org', label: '去单位登录' } },
        { text: '建议用单位账号登录后，在单位中心的“密保问题”中设置3个密保问题，单位忘记密码时可以用来找回。' },
        { text: '要让其他人员代表单位办事，请看“单位授权个人指引”。', link: { to: '/help/org-authorisation', label: '看单位授权个人指引' } },
      ],
    },
    'org-authorisation': {
      title: '单位授权个人指引',
      summary: '让本单位人员用自己的个人账号，代表单位办理业务。',
      intro: '需要单位和被授权人分别操作。每一步前面写明由谁来做。',
      sections: [
        {
          steps: [
            { text: '【被授权人】注册个人账号。已有个人账号的，跳过这一步。', link: { to: '/help/person-registration', label: '看个人注册指引' } },
            {
              text: '【被授权人】如果是用手机号注册的，请先在用户中心的“实名认证”中完成“身份证实名认证”，让账号有姓名和身份证号码，否则收不到单位的绑定请求。',
              link: { to: '/account/real-name', label: '去实名认证' },
              when: 'phoneRegistration',
            },
            { text: '【单位】登录：在登录页点击“单位登录”，用“单位账号登录”；或由法定代表人、管理员用“经办人登录”登录后选择本单位。', link: { to: '/login?as=org', label: '去单位登录' } },
            { text: '【单位】在单位中心左侧点击“子账号信息”，再点击“新增”。', link: { to: '/org/members', label: '打开子账号信息' } },
            { text: '【单位】填写被授权人的姓名和身份证号码（要与其个人账号的一致），选择角色“经办人”或“管理员”，点击“发起绑定”。列表中的状态显示“待对方确认”。' },
            { text: '【被授权人】用个人账号登录，在用户中心左侧点击“我的授权”，在“待确认的绑定请求”中点击“同意绑定”。单位列表中的状态变为“已绑定”。', link: { to: '/account/orgs', label: '打开我的授权' } },
            { text: '【单位】在“子账号信息”中，在该人员那一行点击“授权”，勾选可以使用的业务系统；需要时选择授权截止日期（不选为长期），点击“保存”。', link: { to: '/org/members', label: '打开子账号信息' } },
            { text: '【被授权人】办理业务时，在登录页点击“单位登录”，选“经办人登录”，用个人账号登录，再在“选择办理单位”中选择该单位（只有一个单位时会自动选择）。', link: { to: '/login?as=agent', label: '去经办人登录' } },
          ],
        },
      ],
      notes: [
        { text: '角色：“管理员”可以新增子账号、授权和解除绑定；“经办人”只能查看。填写的身份证号码是法定代表人的，角色自动为“法定代表人”。' },
        { text: '不再需要时，单位在“子账号信息”中点击“解除绑定”；被授权人也可以在“我的授权”中点击“退出该单位”。' },
      ],
    },
  },
  faq: [
    {
      id: 'forgot-username',
      q: '忘记用户名怎么办？',
      a: [
        { text: '不找回也能登录：“用户名密码登录”时，可以直接输入证件号码（或已验证的手机号码）和密码。' },
        { text: '手机号已绑定的，也可以用“短信验证码登录”。', when: 'smsLogin' },
        { text: '要找回用户名：在登录页点击“忘记用户名”，填写注册时的姓名、证件类型、证件号码和手机号码，再输入短信验证码。信息一致的，用户名会以短信发到这个手机。', link: { to: '/login/forgot-username', label: '忘记用户名' } },
      ],
    },
    {
      id: 'forgot-password',
      q: '忘记密码怎么办？',
      a: [
        { text: '在登录页点击“忘记密码”，输入帐户名（用户名、证件号码或手机号码），再选一种方式验证身份：', link: { to: '/login/forgot-password', label: '忘记密码' } },
        { text: '“证件号码 + 手机验证码”：填写证件号码，验证码发到您绑定的手机。用手机号注册、还没有实名认证的，可以不填证件号码。' },
        { text: '“密保问题”：回答您在用户中心“密保问题”里设置的问题（需要事先设置）。' },
        { text: '“银行卡验证”：填写姓名、本人名下的银行卡号和银行预留手机号，验证码发到那个手机（证件是居民身份证或港澳台居民居住证的可以用）。找回密码成功后，账号的姓名和手机号会改为银联认证时的姓名和手机号。' },
        { text: '验证通过后设置新密码。为了安全，所有设备都会退出登录，请用新密码重新登录。' },
      ],
    },
    {
      id: 'account-locked',
      q: '账户被锁定了怎么办？',
      a: [
        { text: '连续输错密码{maxFailures}次，账户会被锁定{lockMinutes}分钟。锁定期间，即使输入正确的密码也不能登录。' },
        { text: '请等{lockMinutes}分钟后再登录；也可以用“忘记密码”重新设置密码，设置成功后锁定马上解除。', link: { to: '/login/forgot-password', label: '忘记密码' } },
        { text: '锁定的只是输错时填写的用户名、证件号码或手机号：可以改用其中另一个登录。' },
        { text: '用“短信验证码登录”登录成功后，密码登录的锁定马上解除。用“短信验证码登录”时连续输错{maxFailures}次，这个手机号的短信登录也会锁定{lockMinutes}分钟，用密码登录成功后解除。', when: 'smsLogin' },
        { text: '单位账号也是这样。如果连续输错达到100次，密码会一直不能使用，直到通过“忘记密码”重新设置密码（个人账号也可以用短信验证码登录解除）。' },
      ],
    },
    {
      id: 'sms-not-received',
      q: '收不到短信验证码怎么办？',
      a: [
        { text: '核对手机号码是否填对（11位）。先填写图片验证码，再点击“获取短信验证码”。' },
        { text: '找回用户名或密码时，只有填写的信息与注册信息一致，才会发送验证码。' },
        { text: '用“短信验证码登录”时，手机号要先验证过。用用户名注册时填写的手机号还没有验证的，请登录后在“个人信息”中点击“立即验证”。', when: 'smsLogin' },
        { text: '验证码5分钟内有效。没收到的，等按钮上的60秒倒计时结束，再点击一次“获取短信验证码”。' },
        { text: '每个手机号每天能获取的次数有限，达到上限后请第二天再试。' },
        { text: '请检查手机信号、是否停机，以及短信是否被手机里的安全软件拦截。' },
        { text: '同一个验证码输错5次后就不能再用，请重新获取或重新开始。' },
      ],
    },
    {
      id: 'levels',
      q: '实名等级 L1–L5 是什么意思？',
      a: [
        { text: 'L1 已注册：设置用户名和密码，或通过手机短信验证完成注册。' },
        { text: 'L2 身份已声明：填写了姓名和证件号码，证件号码格式和校验位正确。' },
        { text: 'L3 身份已核验：经权威数据源核验身份，如公安身份证核验、社会保障卡、住房公积金、电信运营商、驾驶证或支付宝实名认证。' },
        { text: 'L4 真人已核验：银行卡实名认证（银联，使用银行预留手机号），或人脸识别活体检测。' },
        { text: 'L5 现场或数字证书认证：到办事大厅现场认证，或数字证书。' },
        { text: '业务系统要求的等级比您的高时，会显示“实名等级不足”，点击“去实名认证”即可升级。' },
      ],
    },
    {
      id: 'raise-level',
      q: '如何提高实名等级？',
      a: [
        { text: '登录后，在用户中心左侧点击“实名认证”，在“我要升级”下面选一种方式，点击“去认证”。', link: { to: '/account/real-name', label: '去实名认证' } },
        { text: '达到 L3：身份证实名认证、社保卡号实名认证、公积金实名认证、电信运营商实名认证、驾驶证号实名认证；页面上有“支付宝实名认证”的，也可以用它。' },
        { text: '达到 L4：银行卡实名认证。“人脸识别”即将开放。' },
        { text: '达到 L5：带本人有效证件原件，到办事大厅现场认证。' },
        { text: '在线认证大多只支持居民身份证和港澳台居民居住证。认证有有效期：电信运营商实名认证半年，办事大厅现场认证3年，其他1年；到期后等级会降低，可以重新认证。' },
      ],
    },
    {
      id: 'phone-change',
      q: '修改手机号会影响实名等级吗？',
      a: [
        { text: '可能会。“银行卡实名认证”和“电信运营商实名认证”核验的是原手机号，直接修改手机号后这两项认证失效，实名等级按其他仍有效的认证重新计算。会降低时，修改页面会先提示“直接修改手机号码会降低您的实名等级”，并写明会降到哪一级。' },
        { text: '想保持等级：在修改方式中选择“银联实名认证修改手机号”，填写本人银行卡号和该卡在银行预留的新手机号码，通过银行核验后修改，实名等级保持不变。' },
        { text: '修改方法：在用户中心点击“账户安全”，在“手机号码”一行点击“修改”，先验证身份，再填写新手机号码和验证码，点击“确认修改”。原手机号会收到变更通知短信。降低了的等级，可以到“实名认证”重新认证。', link: { to: '/account/security/phone', label: '去修改手机号码' } },
      ],
    },
    {
      id: 'org-vs-agent',
      q: '单位账号与经办人有什么区别？',
      a: [
        { text: '单位账号是单位自己的账号：在“单位登录”中选“单位账号登录”，用单位用户名或统一社会信用代码和单位密码登录。只有单位账号能修改单位密码、设置密保问题。' },
        { text: '经办人是代表单位办事的人：在“单位登录”中选“经办人登录”，用自己的个人账号登录，再选择单位。经办人只能使用单位授权给他的业务系统。' },
        { text: '单位账号、法定代表人和管理员可以管理子账号（新增、授权、解除绑定）；经办人只能查看。' },
        { text: '单位账号的实名等级来自企业登记信息核验（L3）。业务系统要求更高等级时，请经办人用个人账号登录后代表单位办理。', link: { to: '/help/org-authorisation', label: '看单位授权个人指引' } },
      ],
    },
    {
      id: 'org-forgot-password',
      q: '单位忘记密码怎么办？',
      a: [
        { text: '设置过密保问题的：在登录页点击“单位登录”，再点击下方的“忘记密码”，输入单位用户名或统一社会信用代码，回答密保问题，设置新密码。', link: { to: '/org/forgot-password', label: '用密保问题找回' } },
        { text: '无法用密保问题找回的：点击“单位找回密码”，填写统一社会信用代码、经办人姓名、经办人身份证号码和联系电话，上传营业执照照片和经办人身份证照片（JPG或PNG，每张不超过2MB），点击“提交申请”。', link: { to: '/org/recover', label: '上传材料找回' } },
        { text: '提交后请抄写并保存“申请编号”和“查询码”。工作人员审核通过后，在同一页面的“查询进度 / 设置新密码”中输入它们，设置新密码；审核通过后7天内有效。' },
        { text: '新密码设置后，单位账号在所有设备上退出登录，账户锁定也会解除。' },
      ],
    },
    {
      id: 'agent-no-org',
      q: '经办人登录后看不到单位怎么办？',
      a: [
        { text: '请确认您已在用户中心“我的授权”里点击“同意绑定”。还没有同意的，“选择办理单位”页面会写明哪个单位向您发起了绑定请求，点击“去“我的授权”确认”即可。', link: { to: '/account/orgs', label: '打开我的授权' } },
        { text: '单位发起绑定时填写的姓名和身份证号码，要与您个人账号的一致。' },
        { text: '用手机号注册的，要先完成“身份证实名认证”，才能收到绑定请求。', when: 'phoneRegistration' },
        { text: '单位还要在“子账号信息”中为您“授权”业务系统。授权过期，或单位变更法定代表人后授权暂停的，请联系单位重新授权或在“单位信息”中点击“确认授权”。' },
      ],
    },
    {
      id: 'sign-out-everywhere',
      q: '如何让所有设备退出登录？',
      a: [
        { text: '登录后在用户中心点击“账户安全”，在“在线设备”一行点击“查看”，对每个设备点击“退出该设备”。', link: { to: '/account/security/sessions', label: '查看在线设备' } },
        { text: '修改密码后，所有设备上的登录都会退出。看到不认识的设备，请马上修改密码。', link: { to: '/account/security/password', label: '去修改密码' } },
      ],
    },
    {
      id: 'change-password',
      q: '如何修改密码？',
      a: [
        { text: '记得当前密码的，不用先登录：在登录页点击“密码修改”（单位账号在“单位登录”下方点击），选择“个人密码修改”或“单位密码修改”。', link: { to: '/login/change-password', label: '去密码修改' } },
        { text: '已经登录的：在用户中心点击“账户安全”，在“登录密码”一行点击“修改”。' },
        { text: '新密码至少8位，须包含字母和数字，不能与最近5次密码相同。修改成功后，所有设备都会退出登录。' },
        { text: '忘记当前密码的，请用“忘记密码”。', link: { to: '/login/forgot-password', label: '忘记密码' } },
      ],
    },
    {
      id: 'deactivate',
      q: '如何注销账户？',
      a: [
        { text: '登录后在用户中心左侧点击“注销账户”。', link: { to: '/account/deactivate', label: '去注销账户' } },
        { text: '阅读注意事项，勾选“我已阅读并了解以上内容，确认注销账户”，点击“注销账户”，在提示框中再次点击“注销账户”，然后验证身份（登录密码或短信验证码）。' },
        { text: '注意：注销后无法恢复，不能再登录本平台和所有接入的业务系统，与单位的绑定也会结束。个人信息在保留期满后删除，保留期内该用户名和证件号码不能重新注册。' },
      ],
    },
    {
      id: 'captcha',
      q: '图片验证码看不清怎么办？',
      a: [
        { text: '点击图片，或点击旁边的“看不清？换一张”，就会换一张新的图片。' },
        { text: '每张图片只能用一次，提交后请按新图片重新填写。' },
        { text: '看不见或看不清图片的（例如使用读屏软件），点击“无法看清图片？改用无图验证”：不显示图片，也不用输入验证码，页面会自动完成验证（约需几秒到半分钟），完成后会提示“无图验证已完成”，再点击登录或下一步即可。无图验证每小时可用的次数较少。' },
      ],
    },
  ],
};

const en: HelpText = {
  ui: {
    title: HELP_TITLE['en-US'],
    intro: 'Trouble registering, signing in or acting for an organisation? Choose a guide below and follow it step by step.',
    open: 'Open',
    backToHelp: 'Back to the help centre',
    faqTitle: 'Frequently asked questions',
    faqSummary: 'Forgotten username or password, a locked account, SMS codes that do not arrive, assurance levels and more.',
    faqIntro: 'Click a question to see its answer.',
    stepsOf: '({n} steps)',
    notes: 'Good to know',
    moreQuestions: 'More questions?',
    toFaq: 'See the FAQ',
  },
  guides: {
    'person-registration': {
      title: 'Registering a personal account',
      summary: 'A personal account signs you in here and to the connected business systems.',
      intro: 'Have your identity document and a phone that receives SMS at hand.',
      sections: [
        {
          heading: 'Register with a username',
          when: 'usernameRegistration',
          steps: [
            { text: 'Open the registration page: on the sign-in page, click “Register”.', link: { to: '/register', label: 'Register' } },
            { text: 'Step “Sign-in details”: enter a username (4–20 letters, digits or underscores, starting with a letter) and a password (at least 8 characters, with letters and digits), the password again, and the picture code; click “Next”.' },
            { text: 'Step “Identity details”: enter your name, choose the ID type, enter the ID number and your mobile number; click “Next”. Name and ID number must be as on your document.' },
            { text: 'Step “Read the agreement”: check your details, read the User Service Agreement, tick “I have read and agree to the User Service Agreement” and click “Register”.', when: 'declaredCheck' },
            {
              text: 'Step “Verification”: enter your bank card number and the mobile number reserved at the bank, the picture code, click “Get SMS code”, enter the code, tick “I have read and agree to the User Service Agreement” and click “Next”. Your identity is checked with the bank.',
              when: 'bankCheck',
            },
            { text: '“Registration complete” shows your username and assurance level (L2 Identity declared). Click “Go to sign-in” and sign in with your username or ID number and password.', link: { to: '/login', label: 'Sign in' }, when: 'declaredCheck' },
            { text: '“Registration complete” shows your username and assurance level (L4 Real person verified). Click “Go to sign-in” and sign in with your username or ID number and password.', link: { to: '/login', label: 'Sign in' }, when: 'bankCheck' },
          ],
        },
        {
          heading: 'Register with a mobile number',
          when: 'phoneRegistration',
          steps: [
            { text: 'Open the page: on the sign-in page, click “Register with mobile number”.', link: { to: '/register/phone', label: 'Register with mobile number' } },
            { text: 'Enter your mobile number (it is your login name), a nickname and a password (at least 8 characters, with letters and digits), and the password again.' },
            { text: 'Enter the picture code, click “Get SMS code” and enter the 6-digit code you receive.' },
            { text: 'Tick “I have read and accept the User Service Agreement” and click “Register”.' },
            { text: 'You are then signed in and shown “ID card check”: enter your name and ID card number and click “Verify”. To do it later, click “Not now, go to my personal centre” and verify under “Real-name verification” in the account centre (until then your level is L1).', link: { to: '/account/real-name', label: 'Verify my real name' } },
          ],
        },
        {
          when: 'noPersonRegistration',
          steps: [{ text: 'Personal registration is not open online here. If you have an account, please sign in.', link: { to: '/login', label: 'Sign in' } }],
        },
      ],
      notes: [
        { text: 'Later you can raise your assurance level under “Real-name verification” in the account centre, for services that need a higher level.' },
        { text: 'Once signed in, set your “Security questions”: they let you recover a forgotten password.' },
      ],
    },
    'org-registration': {
      title: 'Registering an organisation',
      summary: 'An agent signs in with a personal account and registers the organisation’s account.',
      intro: 'An agent registers the organisation; the agent’s personal account is then linked to it. Have the unified social credit code and full name from the business licence, and the legal representative’s name and ID number.',
      sections: [
        {
          steps: [
            { text: 'The agent first registers a personal account (skip this if you have one).', link: { to: '/help/person-registration', label: 'Personal registration guide' } },
            { text: 'Sign in with the personal account.', link: { to: '/login', label: 'Sign in' } },
            { text: 'Open “Register an org”: in the account centre click “My authorisations” on the left, then “Register an org”; or on the sign-in page click “Organisations”, then “Register an org” below.', link: { to: '/org/register', label: 'Register an org' } },
            { text: 'Step “Agent”: check that the agent shown is you and click “Next”.' },
            { text: 'Step “Org details”: enter the unified social credit code, the org name (in full), the legal representative’s name and ID number; click “Next”. They must match the enterprise registry, which is checked when you submit.' },
            { text: 'Step “Sign-in details”: choose an org username (4–20 letters, digits or underscores, starting with a letter) and a password, the password again, the picture code; click “Register”.' },
            { text: '“Org registered” appears: click “Open the org centre”. You are now the org’s agent: “Legal representative” if you are the legal representative, otherwise “Administrator”.' },
          ],
        },
      ],
      notes: [
        { text: 'To sign in later, click “Organisations” on the sign-in page: the org account uses “Org account” with the org username or credit code and password; an agent uses “Agent” with the personal account and then chooses the org.', link: { to: '/login?as=org', label: 'Organisation sign-in' } },
        { text: 'Signed in as the org account, set three questions under “Security questions” in the org centre: they let the org recover a forgotten password.' },
        { text: 'To let other people act for the org, see the authorisation guide.', link: { to: '/help/org-authorisation', label: 'Authorisation guide' } },
      ],
    },
    'org-authorisation': {
      title: 'Authorising a person to act for the organisation',
      summary: 'Let a member of staff act for the organisation with their own personal account.',
      intro: 'The organisation and the person each do their part; each step says who does it.',
      sections: [
        {
          steps: [
            { text: '[Person] Register a personal account (skip this if you have one).', link: { to: '/help/person-registration', label: 'Personal registration guide' } },
            {
              text: '[Person] If you registered with a mobile number, first complete “ID card check” under “Real-name verification” so that the account has your name and ID number; otherwise the org’s binding request cannot reach you.',
              link: { to: '/account/real-name', label: 'Verify my real name' },
              when: 'phoneRegistration',
            },
            { text: '[Org] Sign in: on the sign-in page click “Organisations” and use “Org account”; or the legal representative or an administrator signs in under “Agent” and chooses the org.', link: { to: '/login?as=org', label: 'Organisation sign-in' } },
            { text: '[Org] In the org centre click “Sub-accounts” on the left, then “Add”.', link: { to: '/org/members', label: 'Open sub-accounts' } },
            { text: '[Org] Enter the person’s name and ID number (as in their personal account), choose the role “Agent” or “Administrator”, and click “Send binding request”. The status shows “Waiting for the person”.' },
            { text: '[Person] Sign in with the personal account, click “My authorisations” on the left of the account centre, and under “Binding requests” click “Accept”. The org’s list then shows “Bound”.', link: { to: '/account/orgs', label: 'Open my authorisations' } },
            { text: '[Org] In “Sub-accounts”, click “Grant” on the person’s row, tick the business systems they may use, optionally choose an end date (none means no end), and click “Save”.', link: { to: '/org/members', label: 'Open sub-accounts' } },
            { text: '[Person] To act for the org, click “Organisations” on the sign-in page, choose “Agent”, sign in with the personal account and choose the org under “Choose the org” (with only one org it is chosen for you).', link: { to: '/login?as=agent', label: 'Agent sign-in' } },
          ],
        },
      ],
      notes: [
        { text: 'Roles: an “Administrator” can add sub-accounts, grant and unbind; an “Agent” can only view. When the ID number is the legal representative’s, the role is “Legal representative”.' },
        { text: 'When no longer needed, the org clicks “Unbind” in “Sub-accounts”; the person can also click “Leave this org” in “My authorisations”.' },
      ],
    },
  },
  faq: [
    {
      id: 'forgot-username',
      q: 'I forgot my username',
      a: [
        { text: 'You can sign in without it: under “Username and password”, enter your ID number (or your verified mobile number) and password.' },
        { text: 'With a bound phone you can also use “SMS code”.', when: 'smsLogin' },
        { text: 'To get it back: click “Forgot username” on the sign-in page, enter the name, ID type, ID number and mobile number you registered with, then the SMS code. If they match, your username is sent to that phone by SMS.', link: { to: '/login/forgot-username', label: 'Forgot username' } },
      ],
    },
    {
      id: 'forgot-password',
      q: 'I forgot my password',
      a: [
        { text: 'Click “Forgot password” on the sign-in page, enter the account name (username, ID number or mobile number), then choose how to verify:', link: { to: '/login/forgot-password', label: 'Forgot password' } },
        { text: '“ID number + SMS code”: enter your ID number; the code goes to your bound phone. If you registered by phone and have not verified your real name, leave the ID number empty.' },
        { text: '“Security questions”: answer the questions you set under “Security questions” in the account centre (they must have been set before).' },
        { text: '“Bank card”: enter your name, a bank card in your name and the mobile number reserved at the bank; the code goes to that phone (for resident ID cards and residence permits for Hong Kong, Macao and Taiwan residents). Once the password is reset, the account’s name and mobile number become the ones the bank verified.' },
        { text: 'Then set a new password. For your safety every device is signed out; sign in again with the new password.' },
      ],
    },
    {
      id: 'account-locked',
      q: 'My account is locked',
      a: [
        { text: 'After {maxFailures} wrong passwords in a row the account is locked for {lockMinutes} minutes. While it is locked even the right password is refused.' },
        { text: 'Wait {lockMinutes} minutes and sign in again, or set a new password with “Forgot password”: the lock ends as soon as it is set.', link: { to: '/login/forgot-password', label: 'Forgot password' } },
        { text: 'Only the username, ID number or phone number typed is locked: you can sign in with another of them.' },
        { text: 'Signing in with an SMS code ends the password lock at once. With “SMS code” sign-in, {maxFailures} wrong codes in a row lock SMS sign-in for that number for {lockMinutes} minutes too; signing in with the password ends it.', when: 'smsLogin' },
        { text: 'Org accounts are locked the same way. After 100 wrong passwords in a row the password stays unusable until it is reset with “Forgot password” (a person can also end it by signing in with an SMS code).' },
      ],
    },
    {
      id: 'sms-not-received',
      q: 'The SMS code does not arrive',
      a: [
        { text: 'Check the mobile number (11 digits). Enter the picture code first, then click “Get SMS code”.' },
        { text: 'For recovering a username or password, a code is sent only when the details you enter match your registration.' },
        { text: 'For “SMS code” sign-in the number must have been verified. If you registered with a username and your number is not verified yet, sign in and click “Verify now” under “Personal information”.', when: 'smsLogin' },
        { text: 'A code is valid for 5 minutes. If none arrives, wait until the 60-second countdown on the button ends and click “Get SMS code” again.' },
        { text: 'Each number can get only a limited number of codes a day; after that, please try again the next day.' },
        { text: 'Check the phone’s signal and service, and whether a security app blocks the SMS.' },
        { text: 'After 5 wrong tries a code no longer works: ask for a new one or start again.' },
      ],
    },
    {
      id: 'levels',
      q: 'What do the assurance levels L1–L5 mean?',
      a: [
        { text: 'L1 Registered: a username and password, or a mobile number confirmed by SMS.' },
        { text: 'L2 Identity declared: name and ID number given, with a valid format and check digit.' },
        { text: 'L3 Identity verified: checked with an authoritative source, such as the police ID check, social security card, housing fund, mobile operator, driver’s licence or Alipay.' },
        { text: 'L4 Real person verified: bank card check (UnionPay, with the bank-reserved phone), or face liveness.' },
        { text: 'L5 Verified in person or by certificate: a check at a service hall counter, or a digital certificate.' },
        { text: 'When a business system needs a higher level than yours it shows “实名等级不足” (level too low); click “去实名认证” to raise it.' },
      ],
    },
    {
      id: 'raise-level',
      q: 'How do I raise my assurance level?',
      a: [
        { text: 'Sign in, click “Real-name verification” on the left of the account centre, choose a way under “Upgrade” and click “Verify”.', link: { to: '/account/real-name', label: 'Verify my real name' } },
        { text: 'L3: ID card check, social security card, housing fund card, mobile operator or driver’s licence verification; “Alipay verification” too where the page lists it.' },
        { text: 'L4: bank card verification. “Face recognition” is coming soon.' },
        { text: 'L5: bring your original identity document to a service hall counter.' },
        { text: 'Most online checks accept only resident ID cards and residence permits for Hong Kong, Macao and Taiwan residents. Checks expire: the mobile operator check after six months, the counter check after 3 years, the others after a year; then your level falls and you can verify again.' },
      ],
    },
    {
      id: 'phone-change',
      q: 'Does changing my mobile number change my assurance level?',
      a: [
        { text: 'It may. “Bank card verification” and “Mobile operator verification” checked the old number: after a plain change they no longer count, and your level is worked out from the checks that still hold. When it would fall, the page warns you first and says to which level.' },
        { text: 'To keep your level, choose “Change the number by UnionPay verification”: enter your bank card number and the new number reserved at the bank for that card; after the bank’s check the number changes and the level stays.' },
        { text: 'To change it: in the account centre click “Account security”, then “Change” on the “Mobile number” row; verify it is you, enter the new number and its code, and click “Confirm change”. The old number gets an SMS about the change. A lowered level can be raised again under “Real-name verification”.', link: { to: '/account/security/phone', label: 'Change mobile number' } },
      ],
    },
    {
      id: 'org-vs-agent',
      q: 'What is the difference between the org account and an agent?',
      a: [
        { text: 'The org account belongs to the organisation: under “Organisations”, “Org account”, it signs in with the org username or credit code and the org password. Only the org account can change the org password and set its security questions.' },
        { text: 'An agent is a person acting for the organisation: under “Organisations”, “Agent”, they sign in with their own personal account and choose the org. An agent can use only the business systems granted to them.' },
        { text: 'The org account, the legal representative and administrators manage sub-accounts (add, grant, unbind); agents can only view.' },
        { text: 'The org account’s level comes from the enterprise registry check (L3). For systems that need more, an agent signs in with a personal account and acts for the org.', link: { to: '/help/org-authorisation', label: 'Authorisation guide' } },
      ],
    },
    {
      id: 'org-forgot-password',
      q: 'The organisation forgot its password',
      a: [
        { text: 'If security questions were set: on the sign-in page click “Organisations”, then “Forgot password” below; enter the org username or credit code, answer the questions, and set a new password.', link: { to: '/org/forgot-password', label: 'Recover with security questions' } },
        { text: 'Otherwise click “Recover the org password”: enter the credit code, the agent’s name, ID number and mobile number, upload photos of the business licence and the agent’s ID card (JPG or PNG, at most 2 MB each) and click “Submit”.', link: { to: '/org/recover', label: 'Recover with documents' } },
        { text: 'Write down the request number and code you are shown. Once staff approve, enter them under “Follow up” on the same page and set the new password; an approval is valid for 7 days.' },
        { text: 'When the new password is set the org account is signed out everywhere and any lock ends.' },
      ],
    },
    {
      id: 'agent-no-org',
      q: 'I signed in as an agent but see no organisation',
      a: [
        { text: 'Check that you clicked “Accept” under “My authorisations” in the account centre. If you have not, “Choose the org” names the orgs that asked to bind you; click “Answer in My authorisations”.', link: { to: '/account/orgs', label: 'Open my authorisations' } },
        { text: 'The name and ID number the org entered must be those of your personal account.' },
        { text: 'If you registered by phone, complete “ID card check” first: only then can binding requests reach you.', when: 'phoneRegistration' },
        { text: 'The org must also “Grant” you business systems in “Sub-accounts”. If a grant expired, or grants are suspended after a new legal representative, ask the org to grant again or to click “Confirm grants” under “Org details”.' },
      ],
    },
    {
      id: 'sign-out-everywhere',
      q: 'How do I sign out on all devices?',
      a: [
        { text: 'Signed in, click “Account security” in the account centre, then “View” on the “Signed-in devices” row, and “Sign out this device” for each device.', link: { to: '/account/security/sessions', label: 'Signed-in devices' } },
        { text: 'Changing the password signs out every device. If you see a device you do not know, change your password at once.', link: { to: '/account/security/password', label: 'Change password' } },
      ],
    },
    {
      id: 'change-password',
      q: 'How do I change my password?',
      a: [
        { text: 'If you know the current password you need not sign in first: click “Change password” on the sign-in page (for an org account, the one under “Organisations”) and choose “Personal account” or “Org account”.', link: { to: '/login/change-password', label: 'Change password' } },
        { text: 'Signed in: click “Account security” in the account centre, then “Change” on the “Password” row.' },
        { text: 'The new password needs at least 8 characters with letters and digits, and not one of your last 5. After the change every device is signed out.' },
        { text: 'If you forgot the current password, use “Forgot password”.', link: { to: '/login/forgot-password', label: 'Forgot password' } },
      ],
    },
    {
      id: 'deactivate',
      q: 'How do I deactivate my account?',
      a: [
        { text: 'Signed in, click “Deactivate account” on the left of the account centre.', link: { to: '/account/deactivate', label: 'Deactivate account' } },
        { text: 'Read the notes, tick “I have read the above and want to deactivate my account”, click “Deactivate account”, confirm with “Deactivate account” again, then verify it is you (password or SMS code).' },
        { text: 'Note: this cannot be undone. You can no longer sign in here or to any connected business system, and your bindings to organisations end. Your personal information is deleted after the retention period; until then the username and ID number cannot be registered again.' },
      ],
    },
    {
      id: 'captcha',
      q: 'I cannot read the picture code',
      a: [
        { text: 'Click the picture, or “Hard to read? Show another” beside it, for a new picture.' },
        { text: 'Each picture can be used once: after a submission, type the characters of the new picture.' },
        { text: 'If you cannot see the picture (with a screen reader, say), choose “Cannot see the picture? Use the check without a picture”: no picture, nothing to type; the page checks by itself (a few seconds to half a minute) and says “The check without a picture is done”, then go on as usual. It can be used fewer times an hour than pictures.' },
      ],
    },
  ],
};

const TEXTS: Record<Lang, HelpText> = { 'zh-CN': zh, 'en-US': en };

export function useHelpText(): HelpText {
  return TEXTS[useI18n().lang];
}
