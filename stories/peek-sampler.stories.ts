import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import '../components/peek-sampler/define.js';

interface SamplerArgs {
  prompt: string;
  length: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  speed: number;
  autoplay: boolean;
}

const sampler = (a: SamplerArgs) => html`<peek-sampler
  prompt=${a.prompt}
  length=${a.length}
  temperature=${a.temperature}
  top-k=${a.topK}
  top-p=${a.topP}
  seed=${a.seed}
  speed=${a.speed}
  ?autoplay=${a.autoplay}
></peek-sampler>`;

const meta: Meta<SamplerArgs> = {
  title: 'Elements/peek-sampler',
  component: 'peek-sampler',
  render: sampler,
  args: {
    prompt: 'ROMEO:',
    length: 200,
    temperature: 1,
    topK: 0,
    topP: 1,
    seed: 42,
    speed: 8,
    autoplay: true,
  },
  argTypes: {
    prompt: {
      control: 'text',
      description: 'Text to continue; changing it starts over.',
    },
    length: {
      control: {type: 'number', min: 1, max: 2000, step: 1},
      description: 'Characters to generate (1..2000).',
    },
    temperature: {
      control: {type: 'range', min: 0, max: 5, step: 0.05},
      description: 'Divides the logits; 0 is greedy (0..5).',
    },
    topK: {
      name: 'top-k',
      control: {type: 'range', min: 0, max: 65, step: 1},
      description: 'Keep the k likeliest characters; 0 is off.',
    },
    topP: {
      name: 'top-p',
      control: {type: 'range', min: 0, max: 1, step: 0.01},
      description: 'Keep the likeliest until their mass reaches p; 1 is off.',
    },
    seed: {
      control: {type: 'number', min: 0, step: 1},
      description: 'Seed of the draws; same seed, same text.',
    },
    speed: {
      control: {type: 'range', min: 0.5, max: 60, step: 0.5},
      description: 'Steps per second while playing.',
    },
    autoplay: {
      control: 'boolean',
      description: 'Start playing once the model is ready.',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Generation in slow motion: the context the model reads, its ' +
          'next-character probabilities before and after temperature, ' +
          'top-k and top-p, where the random draw fell, and the choice. ' +
          'Step back and forward through the recorded steps.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<SamplerArgs>;

/** Plays from "ROMEO:" at eight steps a second. */
export const Default: Story = {};

/** Temperature 0: always the likeliest character, no randomness. */
export const Greedy: Story = {
  args: {temperature: 0},
};

/** Temperature 2 flattens the distribution: more surprises, more typos. */
export const HighTemperature: Story = {
  args: {temperature: 2, speed: 4},
};

/** Temperature 0.5 sharpens it: safer, more repetitive text. */
export const LowTemperature: Story = {
  args: {temperature: 0.5},
};

/** Only the five likeliest characters can be drawn; the rest are cut. */
export const TopK: Story = {
  args: {topK: 5, temperature: 1.5, speed: 3},
};

/** Nucleus sampling: the likeliest characters holding 80% of the mass. */
export const TopP: Story = {
  args: {topP: 0.8, temperature: 1.5, speed: 3},
};

/** Step by hand: use Step and Back, or the arrow keys in the context. */
export const StepByStep: Story = {
  args: {autoplay: false, prompt: 'JULIET:\nO Romeo, Romeo!'},
};

/** Characters outside the vocabulary are read as stand-ins, marked. */
export const UnknownCharacters: Story = {
  args: {autoplay: false, prompt: 'Café — “Hélas!”'},
};

/**
 * The same seed and settings give the same text; another seed gives
 * another. The first two samplers match character for character.
 */
export const SeededReproducibility: Story = {
  args: {length: 60, speed: 12},
  render: (a) => html`<div style="display: grid; gap: 12px">
    ${sampler(a)} ${sampler(a)} ${sampler({...a, seed: a.seed + 1})}
  </div>`,
};
