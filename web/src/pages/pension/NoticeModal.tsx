// 注意事项 (seed 003 三(二)): the six points, word for word, before 人脸认证; 确定 goes to
// /pension/certify by a full page load, so that page's own document is allowed the camera
// (src/shared/capture-pages.ts).
import { Button, Modal } from 'antd';
import { usePensionText } from './text';

export function NoticeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { p, notice } = usePensionText();
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={p('notice.title')}
      width={720}
      centered
      footer={[
        <Button key="cancel" size="large" onClick={onClose} data-testid="pension-notice-cancel">
          {p('notice.cancel')}
        </Button>,
        <Button key="ok" type="primary" size="large" href="/pension/certify" data-testid="pension-notice-ok">
          {p('notice.ok')}
        </Button>,
      ]}
    >
      <div className="sf-pension-notice" data-testid="pension-notice">
        <p>{p('notice.intro')}</p>
        <ol>
          {notice.points.map((point, i) => (
            <li key={point}>
              {point}
              {i === notice.points.length - 1 && (
                <ol>
                  {notice.environment.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      </div>
    </Modal>
  );
}
