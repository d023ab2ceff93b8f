import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {addons} from 'storybook/preview-api';
import {UPDATE_STORY_ARGS} from 'storybook/internal/core-events';
import {CHECKPOINTS, stepOf} from './checkpoints/checkpoints.js';
import {
  defineStoryCheckpoints,
  type CheckpointChangeDetail,
} from './checkpoints/story-checkpoints.js';

defineStoryCheckpoints();

interface CheckpointArgs {
  checkpoint: string;
  prompt: string;
  seed: number;
  temperature: number;
  text: string;
  layer: number;
  head: number;
}

/** A button in the story moved the checkpoint: the control follows. */
function followPick(storyId: string, e: Event): void {
  const {checkpoint} = (e as CustomEvent<CheckpointChangeDetail>).detail;
  addons.getChannel().emit(UPDATE_STORY_ARGS, {
    storyId,
    updatedArgs: {checkpoint},
  });
}

/**
 * The model at four points of its training, and at the end: pick a
 * checkpoint and the same sampler and attention map run on it. At step
 * 100 the text is babble and attention is spread evenly; by step 3,000
 * it writes names and verse, and heads look at particular characters.
 */
const meta: Meta<CheckpointArgs> = {
  title: 'Guides/Checkpoints',
  render: (a, context) => html`<story-checkpoints
    base=${new URL('model/default/', document.baseURI).href}
    checkpoint=${a.checkpoint}
    .prompt=${a.prompt}
    seed=${a.seed}
    temperature=${a.temperature}
    .text=${a.text}
    layer=${a.layer}
    head=${a.head}
    @story-checkpoint-change=${(e: Event) => followPick(context.id, e)}
  ></story-checkpoints>`,
  args: {
    checkpoint: 'step-100',
    prompt: 'JULIET:',
    seed: 42,
    temperature: 0.8,
    text: 'But soft, what light through yonder window breaks?',
    layer: 0,
    head: 0,
  },
  argTypes: {
    checkpoint: {
      options: [...CHECKPOINTS],
      control: {
        type: 'inline-radio',
        labels: Object.fromEntries(
          CHECKPOINTS.map((id) => [id, `step ${stepOf(id)}`])
        ),
      },
      description:
        'The training step whose weights run every element on the page.',
    },
    prompt: {control: 'text', description: "The sampler's prompt."},
    seed: {
      control: {type: 'number', min: 0, step: 1},
      description: "The sampler's seed: the same draws at every step.",
    },
    temperature: {
      control: {type: 'range', min: 0, max: 2, step: 0.05},
      description: "The sampler's temperature.",
    },
    text: {control: 'text', description: 'The text whose attention is shown.'},
    layer: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Attention layer shown.',
    },
    head: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Attention head shown.',
    },
  },
  parameters: {
    // This story switches the page's one model itself; the others get
    // the default back before they render (.storybook/preview.ts).
    peekOwnModel: true,
    docs: {
      description: {
        component:
          'The shipped model after 100, 300, 1,000 and 2,000 training ' +
          'steps, and the final one after 3,000 ' +
          '(model/default/checkpoints/). Pick a checkpoint with the ' +
          'buttons or the control: the sampler writes from the same ' +
          'prompt and seed, and the attention map reads the same line, ' +
          'on that model. Its validation loss, as logged in training, is ' +
          'beside the buttons.',
      },
    },
  },
};
export default meta;

export const Checkpoints: StoryObj<CheckpointArgs> = {};
