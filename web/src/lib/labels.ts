// Display labels for ID types and assurance levels in the current language.
import type { Translate } from '../i18n/context';
import type { Lang } from '../i18n/lang';
import type { MessageKey } from '../i18n/zh-CN';
import { ASSURANCE_LEVELS, type AssuranceLevel, type IdTypeOption, type LocalisedLabel } from '../types';

function pick(label: LocalisedLabel, lang: Lang): string | undefined {
  if (typeof label === 'string') return label;
  return label[lang] ?? label['zh-CN'] ?? Object.values(label)[0];
}

/** The name of an ID type: from /api/meta when known, else from our own strings, else the code itself. */
export function idTypeLabel(value: string, lang: Lang, t: Translate, options: IdTypeOption[] = []): string {
  const fromMeta = options.find((o) => o.value === value);
  const label = fromMeta && pick(fromMeta.label, lang);
  if (label) return label;
  const key = `idType.${value}` as MessageKey;
  return key in LOCAL_ID_TYPE_KEYS ? t(key) : value;
}

const LOCAL_ID_TYPE_KEYS: Partial<Record<MessageKey, true>> = {
  'idType.resident_id': true,
  'idType.hmt_residence_permit': true,
  'idType.hk_mo_travel_permit': true,
  'idType.tw_travel_permit': true,
  'idType.foreign_permanent_residence': true,
};

export const isAssuranceLevel = (value: string): value is AssuranceLevel =>
  (ASSURANCE_LEVELS as readonly string[]).includes(value);

/** `levelLabel('L2', t)` → `'L2 身份已声明'` */
export function levelLabel(level: string, t: Translate): string {
  return isAssuranceLevel(level) ? `${level} ${t(`level.${level}`)}` : level;
}
