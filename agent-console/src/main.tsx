import { render } from 'preact';
import { App } from './app.tsx';
import { followVisualViewport } from './visual-viewport.ts';
import './styles.css';

followVisualViewport();
render(<App />, document.getElementById('app')!);
