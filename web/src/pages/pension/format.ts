// Dates of the pension pages: a day as the social-insurance office counts it (Asia/Shanghai), in words
// an older reader takes in at a glance: `pensionDate('2027-12-07T16:00:00Z', 'zh-CN')` → `'2027年12月8日'`.
export function pensionDate(iso: string | null, lang: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
}
