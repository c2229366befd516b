// Ant Design theme for older users: 18 px base text, 44 px controls, high-contrast government blue.
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    fontSize: 18,
    fontSizeLG: 20,
    fontSizeHeading1: 34,
    fontSizeHeading2: 28,
    fontSizeHeading3: 24,
    controlHeight: 44,
    controlHeightLG: 52,
    controlHeightSM: 36,
    // Checkbox and radio boxes: big enough to see and hit.
    controlInteractiveSize: 24,
    // #0b4f9c on white is about 8:1, above WCAG AAA for normal text.
    colorPrimary: '#0b4f9c',
    colorLink: '#0b4f9c',
    colorText: '#1a1a1a',
    colorTextSecondary: '#3d3d3d',
    colorTextDescription: '#3d3d3d',
    colorTextPlaceholder: '#6b6b6b',
    colorBorder: '#8c8c8c',
    colorError: '#b3261e',
    colorSuccess: '#1e7b34',
    colorSuccessBg: '#e8f5e9',
    colorSuccessBorder: '#81c784',
    colorWarning: '#9a5b00',
    // Status tags and alerts keep at least 4.5:1: their pale backgrounds set here (the derived ones were
    // grey-greens), and 'processing'/info in the government blue rather than antd's #1677ff (3.66:1).
    colorInfo: '#0b4f9c',
    colorInfoBg: '#e8f0fb',
    colorInfoBorder: '#9dbbe0',
    colorWarningBg: '#fff4e0',
    colorWarningBorder: '#f0c27b',
    colorErrorBg: '#fdecea',
    colorErrorBorder: '#f1a9a3',
    borderRadius: 6,
    lineWidthFocus: 3,
  },
  components: {
    Button: { fontWeight: 600, primaryShadow: 'none' },
    Tabs: { titleFontSize: 20, titleFontSizeLG: 22 },
    Form: { labelFontSize: 18, verticalLabelPadding: '0 0 6px' },
    Layout: { headerBg: '#0b4f9c', headerHeight: 72, headerPadding: '0 24px', bodyBg: '#eef2f7', siderBg: '#ffffff' },
    Menu: { itemHeight: 56, iconSize: 20, fontSize: 18 },
    Table: { cellFontSize: 17 },
  },
};

const SIZE_TOKENS = ['fontSize', 'fontSizeLG', 'fontSizeHeading1', 'fontSizeHeading2', 'fontSizeHeading3', 'controlHeight', 'controlHeightLG', 'controlHeightSM', 'controlInteractiveSize'] as const;

/** 长辈模式's text colours: black and near-black on white, above WCAG AAA (7:1) for every text. */
const ELDER_COLOURS = {
  colorText: '#000000',
  colorTextSecondary: '#1a1a1a',
  colorTextDescription: '#1a1a1a',
  colorTextPlaceholder: '#4d4d4d',
  colorBorder: '#595959',
};

/**
 * The theme at a scale (the root font size ÷ 16 px: the browser's setting, × 1.5 in 长辈模式) — Ant
 * Design's sizes are pixels, so they are multiplied here — with 长辈模式's colours when it is on.
 */
export function scaledTheme(scale: number, elder: boolean, motion = true): ThemeConfig {
  const px = (v: number) => Math.round(v * scale);
  const token = { ...theme.token } as Record<string, unknown>;
  for (const k of SIZE_TOKENS) token[k] = px(theme.token![k] as number);
  if (elder) Object.assign(token, ELDER_COLOURS);
  if (!motion) token.motion = false;
  const c = theme.components!;
  return {
    ...theme,
    token,
    components: {
      ...c,
      Tabs: { titleFontSize: px(20), titleFontSizeLG: px(22) },
      Form: { labelFontSize: px(18), verticalLabelPadding: `0 0 ${px(6)}px` },
      Layout: { ...c.Layout, headerHeight: px(72) },
      Menu: { itemHeight: px(56), iconSize: px(20), fontSize: px(18) },
      Table: { cellFontSize: px(17) },
    },
  };
}
