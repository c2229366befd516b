// The text of the 用户服务协议 (User Service Agreement), in both UI languages.
import type { Lang } from '../../i18n/lang';

export interface AgreementSection {
  heading: string;
  body: string;
}

export const AGREEMENT: Record<Lang, AgreementSection[]> = {
  'zh-CN': [
    {
      heading: '一、总则',
      body: '欢迎使用身份统一认证平台（以下简称“本平台”）。本平台为您办理政务服务和社会保障业务提供统一的账号注册、身份认证和登录服务。请您在注册前仔细阅读本协议，勾选“我已阅读并同意”即表示您同意遵守本协议。',
    },
    {
      heading: '二、个人信息的收集',
      body: '为完成注册和实名认证，本平台将收集您的用户名、姓名、证件类型、证件号码和手机号码。我们只收集办理业务所必需的信息，不会收集与服务无关的个人信息。',
    },
    {
      heading: '三、个人信息的使用和保护',
      body: '证件号码、手机号码等属于敏感个人信息。本平台依照《中华人民共和国个人信息保护法》《中华人民共和国网络安全法》等法律法规，对其加密存储，页面上仅以部分隐藏的方式显示，并采取访问控制和安全审计等措施防止信息泄露、篡改和丢失。',
    },
    {
      heading: '四、个人信息的共享',
      body: '未经您的同意，本平台不会向任何第三方提供您的个人信息，但法律法规另有规定，或您登录并授权的政务服务、社会保障业务系统为办理您申请的业务所必需的除外。',
    },
    {
      heading: '五、账号安全',
      body: '请妥善保管您的用户名和密码，不要告诉他人。登录失败次数过多时，账号将被暂时锁定。如发现账号被他人使用，请及时联系本平台。',
    },
    {
      heading: '六、您的权利',
      body: '您有权查阅、复制、更正您的个人信息，有权查看本人的登录历史，并可依法申请注销账号。',
    },
    {
      heading: '七、协议的变更',
      body: '本平台可根据法律法规和服务的变化修改本协议。协议修改后，本平台将在页面显著位置公布，重大变更将再次征得您的同意。',
    },
  ],
  'en-US': [
    {
      heading: '1. General',
      body: 'Welcome to the Unified Identity Authentication Platform (the "Platform"). The Platform provides one account, identity verification and sign-in for government and social security services. Please read this agreement carefully before you register. By ticking "I have read and agree" you accept it.',
    },
    {
      heading: '2. Personal information we collect',
      body: 'To register you and verify your identity, the Platform collects your username, name, ID type, ID number and mobile number. We collect only what the services need and nothing unrelated to them.',
    },
    {
      heading: '3. How we use and protect it',
      body: 'ID numbers and mobile numbers are sensitive personal information. Under the Personal Information Protection Law and the Cybersecurity Law of the People\'s Republic of China, the Platform stores them encrypted, shows them only partly hidden, and uses access control and security audit to prevent leaks, tampering and loss.',
    },
    {
      heading: '4. Sharing',
      body: 'The Platform does not give your personal information to any third party without your consent, except where laws and regulations require it or where a government or social security service you sign in to and authorise needs it to handle your application.',
    },
    {
      heading: '5. Account security',
      body: 'Keep your username and password safe and do not tell anyone. After too many failed sign-ins the account is locked for a while. If you find that someone else has used your account, contact the Platform promptly.',
    },
    {
      heading: '6. Your rights',
      body: 'You may see, copy and correct your personal information, see your own sign-in history, and ask for your account to be closed as the law provides.',
    },
    {
      heading: '7. Changes',
      body: 'The Platform may change this agreement when laws or the services change. Changes are published prominently on the Platform; for important changes we will ask for your consent again.',
    },
  ],
};
