// The ways to be certified without the camera (seed 003: 请通过其他认证渠道进行资格认证): the service hall,
// a community visit, the mobile app — shown with every refusal and failure, so no page is a dead end.
import { usePensionText } from './text';

export function OtherChannels({ title = true }: { title?: boolean }) {
  const { p } = usePensionText();
  return (
    <div className="sf-pension-channels" data-testid="pension-channels">
      {title && <strong>{p('channels.title')}</strong>}
      <ul>
        <li>
          <strong>{p('channels.counter')}</strong> {p('channels.counter.how')}
        </li>
        <li>
          <strong>{p('channels.community')}</strong> {p('channels.community.how')}
        </li>
        <li>
          <strong>{p('channels.app')}</strong> {p('channels.app.how')}
        </li>
      </ul>
    </div>
  );
}
