import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import '../src/define-all.js';

interface BlogPostArgs {
  prompt: string;
  seed: number;
  temperature: number;
  layer: number;
  head: number;
  ffnLayer: number;
  trajectory: boolean;
}

// Each render gets its own sampler id, so two renders on one docs page
// never link to each other's sampler.
let renders = 0;

const post = (a: BlogPostArgs) => {
  const id = `blog-sampler-${++renders}`;
  return html`<article
    style="max-width: 46rem; font: 17px/1.6 Georgia, serif; margin: auto"
  >
    <h2>How a tiny model learns to write Shakespeare</h2>
    <p>
      This model reads one character at a time and guesses the next. Press
      Play and watch the probabilities behind each choice. The three
      pictures below follow the sampler through its <code>for</code>
      attribute: every new character redraws them.
    </p>
    <peek-sampler
      id=${id}
      prompt=${a.prompt}
      seed=${a.seed}
      temperature=${a.temperature}
      length="160"
    ></peek-sampler>
    <p>
      <strong>Attention.</strong> Each row is a character reading, each
      column a character read; the grey triangle is the future it may not
      see.
    </p>
    <peek-attention
      for=${id}
      layer=${a.layer}
      head=${a.head}
    ></peek-attention>
    <p>
      <strong>Feed-forward neurons.</strong> Columns are positions, rows the
      512 neurons of one layer; choose one to see which characters it
      pushes the model towards.
    </p>
    <peek-ffn for=${id} layer=${a.ffnLayer}></peek-ffn>
    <p>
      <strong>Embeddings.</strong> The 65 characters as the model first sees
      them, squashed to two dimensions, and the path each character of the
      text takes through the layers.
    </p>
    <peek-embedding for=${id} ?trajectory=${a.trajectory}></peek-embedding>
  </article>`;
};

const meta: Meta<BlogPostArgs> = {
  title: 'Guides/Blog post',
  tags: ['!autodocs'],
  render: post,
  args: {
    prompt: 'ROMEO:',
    seed: 7,
    temperature: 1,
    layer: 0,
    head: 0,
    ffnLayer: 3,
    trajectory: true,
  },
  argTypes: {
    prompt: {control: 'text', description: "The sampler's prompt."},
    seed: {control: {type: 'number', min: 0, step: 1}},
    temperature: {control: {type: 'range', min: 0, max: 3, step: 0.05}},
    layer: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Attention layer.',
    },
    head: {
      control: {type: 'range', min: 0, max: 3, step: 1},
      description: 'Attention head.',
    },
    ffnLayer: {
      name: 'ffn layer',
      control: {type: 'range', min: 0, max: 3, step: 1},
    },
    trajectory: {control: 'boolean', description: 'Residual paths.'},
  },
  parameters: {layout: 'padded'},
};
export default meta;

/**
 * The four elements composed as in examples/blog-post.html: a sampler
 * driving attention, feed-forward and embedding views through `for`.
 */
export const BlogPost: StoryObj<BlogPostArgs> = {name: 'Blog post'};
