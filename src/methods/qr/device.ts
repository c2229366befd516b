/**
 * What the phone shows about the computer that asks to be signed in: its browser and system, read
 * simply from the User-Agent (no database of devices), e.g. "Chrome 120 · Windows".
 */

/** Browsers, most specific first (Edge and many Chinese browsers also say Chrome and Safari). */
const BROWSERS: Array<[RegExp, string]> = [
  [/MicroMessenger\/(\d+)/, 'WeChat'],
  [/QQBrowser\/(\d+)/, 'QQ Browser'],
  [/(?:360SE|360EE|QihooBrowser)\/?(\d*)/, '360 Browser'],
  [/UCBrowser\/(\d+)/, 'UC Browser'],
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/(?:OPR|Opera)\/(\d+)/, 'Opera'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:HeadlessChrome|Chrome|CriOS|Chromium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  [/(?:MSIE |Trident\/.*rv:)(\d+)/, 'Internet Explorer'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/HarmonyOS|OpenHarmony/, 'HarmonyOS'],
  [/Windows Phone/, 'Windows Phone'],
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
];

export interface Device {
  /** e.g. "Chrome 120"; null when the User-Agent names no browser this knows. */
  browser: string | null;
  /** e.g. "Windows"; null when unknown. */
  os: string | null;
}

export function describeDevice(userAgent: string | null): Device {
  const ua = userAgent ?? '';
  let browser: string | null = null;
  for (const [re, label] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = m[1] ? `${label} ${m[1]}` : label;
      break;
    }
  }
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  return { browser, os };
}
