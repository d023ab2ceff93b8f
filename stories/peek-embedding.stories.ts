import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../components/peek-embedding/define.js';
import '../components/peek-sampler/define.js';

interface EmbeddingArgs {
  method: 'pca' | 'tsne';
  source: 'tokens' | 'positions';
  seed: number;
  perplexity: number;
  text: string;
  for: string;
  trajectory: boolean;
  hideControls: boolean;
  selected: number;
}

const HAMLET = 'To be, or not to be, that is the question:';

const embedding = (a: EmbeddingArgs) => html`<peek-embedding
  method=${a.method}
  source=${a.source}
  seed=${a.seed}
  perplexity=${a.perplexity}
  .text=${a.text}
  for=${a.for || nothing}
  ?trajectory=${a.trajectory}
  ?hide-controls=${a.hideControls}
  selected=${a.selected}
></peek-embedding>`;

const meta: Meta<EmbeddingArgs> = {
  title: 'Elements/peek-embedding',
  component: 'peek-embedding',
  render: embedding,
  args: {
    method: 'pca',
    source: 'tokens',
    seed: 1,
    perplexity: 10,
    text: '',
    for: '',
    trajectory: false,
    hideControls: false,
    selected: -1,
  },
  argTypes: {
    method: {
      control: 'inline-radio',
      options: ['pca', 'tsne'],
      description:
        'PCA (linear, axes labelled with the variance they explain) or ' +
        't-SNE (keeps neighbours close; animated as it converges).',
    },
    source: {
      control: 'inline-radio',
      options: ['tokens', 'positions'],
      description: 'The 65 character vectors or the 128 position vectors.',
    },
    seed: {
      control: {type: 'number', min: 0, step: 1},
      description: "t-SNE's random start; one seed, one layout.",
    },
    perplexity: {
      control: {type: 'range', min: 2, max: 50, step: 1},
      description: "t-SNE's neighbourhood size (2..50).",
    },
    text: {
      control: 'text',
      description:
        'Characters of this text are ringed; its last 128 are traced for ' +
        'residual paths.',
    },
    for: {
      control: 'text',
      description:
        'Id of a sampler to follow (its text replaces text); also the ' +
        'linking group.',
    },
    trajectory: {
      control: 'boolean',
      description:
        "Draw each position's residual stream, layer by layer, in the " +
        'PCA axes (PCA only).',
    },
    hideControls: {
      control: 'boolean',
      description: 'Hide the toolbar (attribute hide-controls).',
    },
    selected: {
      control: {type: 'number', min: -1, step: 1},
      description: 'Selected point (token id or position); -1 for none.',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          "The model's embedding tables in two dimensions. Hover a point " +
          'for its nearest neighbours by cosine similarity in all 128 ' +
          'dimensions; click it (or focus the plot, move with the arrow ' +
          'keys and press Enter) to see its 128 numbers.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<EmbeddingArgs>;

/** PCA of the 65 character embeddings. */
export const Default: Story = {};

/** t-SNE: watch the layout converge; change the seed for another. */
export const TSNE: Story = {
  name: 't-SNE',
  args: {method: 'tsne', perplexity: 10, seed: 1},
};

/** The 128 position vectors, coloured by position. */
export const Positions: Story = {
  args: {source: 'positions'},
};

/**
 * How each character of a line moves through the four blocks: from its
 * embedding (token + position) to the stream the output head reads.
 */
export const TrajectoriesWithText: Story = {
  name: 'Trajectories with text',
  args: {text: HAMLET, trajectory: true},
};

/** The characters of a text ringed, one of them selected. */
export const TextAndSelection: Story = {
  args: {text: HAMLET, selected: 43},
};

/** Following a sampler: paths follow each generated character. */
export const FollowingASampler: Story = {
  args: {for: 'embedding-story-sampler', trajectory: true},
  render: (a) => html`<peek-sampler
      id="embedding-story-sampler"
      prompt="ROMEO:"
      length="80"
      speed="4"
    ></peek-sampler>
    <div style="height: 12px"></div>
    ${embedding(a)}`,
};
