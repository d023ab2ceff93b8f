import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../components/peek-ffn/define.js';
import '../components/peek-sampler/define.js';

interface FfnArgs {
  text: string;
  for: string;
  layer: number;
  neuron: number;
  position: number;
  top: number;
  order: 'index' | 'mean';
}

const ROMEO = `ROMEO:
But soft, what light through yonder window breaks?
It is the east, and Juliet is the sun.`;

const CITIZEN = `First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.`;

// -1 and '' mean "not set", so the attribute is left off.
const ffn = (a: FfnArgs) => html`<peek-ffn
  .text=${a.text}
  for=${a.for || nothing}
  layer=${a.layer}
  neuron=${a.neuron >= 0 ? a.neuron : nothing}
  position=${a.position >= 0 ? a.position : nothing}
  top=${a.top}
  order=${a.order}
></peek-ffn>`;

const meta: Meta<FfnArgs> = {
  title: 'Elements/peek-ffn',
  component: 'peek-ffn',
  render: ffn,
  args: {
    text: ROMEO,
    for: '',
    layer: 0,
    neuron: -1,
    position: -1,
    top: 10,
    order: 'index',
  },
  argTypes: {
    text: {
      control: 'text',
      description:
        'Text to run the model on; only its last 128 characters are ' +
        'seen. Redraws live as it changes.',
    },
    for: {
      control: 'text',
      description:
        'Id of a sampler to follow (overrides text); also the group ' +
        'whose views highlight the same position.',
    },
    layer: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Block whose MLP is shown (0..3).',
    },
    neuron: {
      control: {type: 'number', min: -1, max: 511, step: 1},
      description:
        'Selected neuron (0..511); -1 for none. Shows its activation ' +
        'over the text and the characters it pushes up and down.',
    },
    position: {
      control: {type: 'number', min: -1, step: 1},
      description:
        'Selected position, a character index into the whole text; -1 ' +
        'for the last.',
    },
    top: {
      control: {type: 'range', min: 1, max: 64, step: 1},
      description: 'How many of the most active neurons to list (1..64).',
    },
    order: {
      control: 'inline-radio',
      options: ['index', 'mean'],
      description:
        'Heatmap rows by neuron index, or by mean activation over the ' +
        'text, largest first.',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The feed-forward (MLP) half of each block, neuron by neuron: ' +
          "one layer's 512 ReLU activations over the text, the most " +
          'active neurons at a position, and for one neuron its ' +
          'activation over the text and the output characters it pushes ' +
          'up and down (direct logit attribution). Arrow keys move the ' +
          'selection on the heatmap; Enter selects.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<FfnArgs>;

/** Layer 0 over a few lines of Romeo and Juliet, last position selected. */
export const Default: Story = {};

/**
 * One neuron: its activation coloured over the text, and which output
 * characters one unit of it raises (blue) or lowers (red).
 */
export const SelectedNeuron: Story = {
  args: {layer: 2, neuron: 17, position: 20},
};

/** The most active neurons where the model reads the "w" of "window". */
export const SelectedPosition: Story = {
  args: {position: ROMEO.indexOf('window'), layer: 1, top: 20},
};

/** The last block, whose neurons write most directly into the output. */
export const LastLayer: Story = {
  args: {layer: 3, text: CITIZEN},
};

/** Rows sorted by mean activation: busy neurons on top, dead ones last. */
export const SortedByMean: Story = {
  args: {order: 'mean', layer: 1},
};

/** Characters outside the vocabulary are read as stand-ins, and marked. */
export const UnknownCharacters: Story = {
  args: {text: 'Café — “naïve” 😀 and so to bed', neuron: 0},
};

/**
 * Following a sampler: each generated step is traced again, and hovering
 * a position here highlights it in the sampler (and back).
 */
export const FollowingASampler: Story = {
  args: {for: 'ffn-story-sampler', layer: 2},
  render: (a) => html`<peek-sampler
      id="ffn-story-sampler"
      prompt="ROMEO:"
      length="120"
      speed="4"
    ></peek-sampler>
    <div style="height: 12px"></div>
    ${ffn(a)}`,
};
