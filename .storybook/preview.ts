import type { Preview } from '@storybook/web-components-vite';

const preview: Preview = {
  parameters: {
    controls: {
      matchers: { color: /(background|color)$/i },
    },
  },
  tags: ['autodocs'],
};

export default preview;
