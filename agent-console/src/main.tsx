import { render } from 'preact';
import { App } from './app.tsx';
import { registerServiceWorker } from './register-service-worker.ts';
import { followVisualViewport } from './visual-viewport.ts';
import './styles.css';

followVisualViewport();
registerServiceWorker();
render(<App />, document.getElementById('app')!);
