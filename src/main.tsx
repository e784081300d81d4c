import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/app/App.tsx';
import './views/styles.css';
import { installTestApi } from './test-api.ts';
import './offline/register.ts';

if (import.meta.env.DEV || import.meta.env.MODE === 'e2e') installTestApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
