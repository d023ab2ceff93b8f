import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../components/peek-attention/define.js';
import '../components/peek-sampler/define.js';

interface AttentionArgs {
  text: string;
  for: string;
  layer: number;
  head: number;
  editable: boolean;
  view: 'heatmap' | 'text';
  scale: 'sqrt' | 'linear';
}

const SONNET = `Shall I compare thee to a summer's day?
Thou art more lovely and more temperate:`;

const CORIOLANUS = `First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.

First Citizen:
You are all resolved rather to die than to famish?

All:
Resolved. resolved.`;

const attention = (a: AttentionArgs) => html`<peek-attention
  .text=${a.text}
  for=${a.for || nothing}
  layer=${a.layer}
  head=${a.head}
  ?editable=${a.editable}
  view=${a.view}
  scale=${a.scale}
></peek-attention>`;

const meta: Meta<AttentionArgs> = {
  title: 'Elements/peek-attention',
  component: 'peek-attention',
  render: attention,
  args: {
    text: SONNET,
    for: '',
    layer: 0,
    head: 0,
    editable: false,
    view: 'heatmap',
    scale: 'sqrt',
  },
  argTypes: {
    text: {
      control: 'text',
      description:
        'Text to analyse; only its last 128 characters are shown. ' +
        'Redraws live as it changes.',
    },
    for: {
      control: 'text',
      description:
        'Id of a sampler to follow (overrides text); also the group ' +
        'whose highlights are shared.',
    },
    layer: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Layer shown (0..3).',
    },
    head: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Head shown (0..3).',
    },
    editable: {
      control: 'boolean',
      description: 'Show a text box so the reader can type.',
    },
    view: {
      control: 'inline-radio',
      options: ['heatmap', 'text'],
      description: 'The heatmap, or the text coloured by attention alone.',
    },
    scale: {
      control: 'inline-radio',
      options: ['sqrt', 'linear'],
      description: 'Colour ∝ √weight (shows small weights) or ∝ weight.',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Where each attention head looks. Rows are queries (the ' +
          'character reading), columns the keys it reads; the hatched ' +
          'triangle is the causal mask. Hover a row to see its weights ' +
          'over the text; click a thumbnail to change head; focus the ' +
          'heatmap and use the arrow keys to move between cells.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<AttentionArgs>;

/** Two lines of a sonnet, layer 0 head 0. */
export const Default: Story = {};

/** A later head: many heads in deeper layers look at one or two keys. */
export const ChooseHead: Story = {
  args: {layer: 2, head: 1},
};

/** The text alone, each character as bright as its weight. */
export const TextView: Story = {
  args: {view: 'text', text: CORIOLANUS},
};

/** Type your own text; the heatmap follows as you type. */
export const Editable: Story = {
  args: {editable: true, text: 'To be, or not to be'},
};

/** Over 128 characters: only the model's context, the last 128, shows. */
export const LongText: Story = {
  args: {text: CORIOLANUS},
};

/** Characters outside the vocabulary are marked; an emoji is one. */
export const UnknownCharacters: Story = {
  args: {text: 'Café — “naïve” 😀 and so to bed'},
};

/** Colour proportional to the weight itself. */
export const LinearScale: Story = {
  args: {scale: 'linear', layer: 1, head: 2},
};

/**
 * Following a sampler: each generated step is analysed, and hovering
 * a character here highlights it in the sampler (and back).
 */
export const FollowingASampler: Story = {
  args: {for: 'attention-story-sampler', layer: 1, head: 0},
  render: (a) => html`<peek-sampler
      id="attention-story-sampler"
      prompt="ROMEO:"
      length="120"
      speed="4"
      autoplay
    ></peek-sampler>
    <div style="height: 12px"></div>
    ${attention(a)}`,
};
