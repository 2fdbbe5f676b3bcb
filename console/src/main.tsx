import { render } from 'preact';
import { Console } from './app.js';
import './style.css';

const root = document.getElementById('app');
if (root) render(<Console />, root);
