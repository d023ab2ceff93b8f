import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import './training-log/training-log.js';

/**
 * The shipped model's training log, written by `npm run train` beside the
 * weights (model/default/train-log.jsonl): loss by step, and the text the
 * model wrote at each evaluation, from babble to Shakespeare-like verse.
 * Guides › Checkpoints runs the elements on the weights saved on the way.
 */
const meta: Meta = {
  title: 'Guides/How the model learned',
  tags: ['!autodocs'],
  render: () =>
    html`<story-training-log
      src=${new URL('model/default/train-log.jsonl', document.baseURI).href}
    ></story-training-log>`,
};
export default meta;

export const TrainingLog: StoryObj = {name: 'How the model learned'};
