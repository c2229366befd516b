// /pension/downloads (常用下载) and /pension/faq (常见问题). The seed's control (SetupAEyeCloud0cx.exe,
// IE only) is not needed: the page says so kindly. The questions are the seed's notes, answered in the
// words the pages show.
import { Collapse } from 'antd';
import { OtherChannels } from './Channels';
import { usePensionText, type PensionTextKey } from './text';
import { PageHeading } from '../../components/PageHeading';

export function PensionDownloadsPage() {
  const { p } = usePensionText();
  return (
    <section className="sf-pension-card" data-testid="pension-downloads">
      <PageHeading look="plain" className="sf-pension-title">{p('downloads.title')}</PageHeading>
      <p className="sf-pension-lead">{p('downloads.none')}</p>
      <p>{p('downloads.body')}</p>
      <p>{p('downloads.camera')}</p>
    </section>
  );
}

const QUESTIONS = ['who', 'name', 'ssn', 'device', 'tips', 'actions', 'noMatch', 'limit', 'when', 'results'] as const;

export function PensionFaqPage() {
  const { p } = usePensionText();
  return (
    <section className="sf-pension-card" data-testid="pension-faq">
      <PageHeading look="plain" className="sf-pension-title">{p('faq.title')}</PageHeading>
      <Collapse
        size="large"
        items={QUESTIONS.map((q) => ({
          key: q,
          label: p(`faq.q.${q}` as PensionTextKey),
          children: (
            <>
              <p>{p(`faq.a.${q}` as PensionTextKey)}</p>
              {(q === 'noMatch' || q === 'limit') && <OtherChannels />}
            </>
          ),
        }))}
      />
    </section>
  );
}
