/** Entry point: mounts the Svelte app into #app (see index.html). */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain an element with id "app".');

/** The mounted app (kept for hot reload and debugging). */
export const app = mount(App, { target });
