import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './app/i18n';
import './app/time';
import './app/global.css';
import Root from './app/Root';

// The first paint waits for the language's texts (a chunk of their own, fetched in parallel with
// the rest); were they to fail, the app still renders (keys instead of texts) rather than nothing.
void i18nReady
  .catch((err: unknown) => console.error('i18n: texts failed to load', err))
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <Root />
      </StrictMode>,
    ),
  );
