// Entry point: mounts the SPA with the router, the i18n provider and 长辈模式's.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import { ElderProvider } from './lib/elder';
import 'antd/dist/reset.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ElderProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </ElderProvider>
    </I18nProvider>
  </StrictMode>,
);
