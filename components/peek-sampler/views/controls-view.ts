import {html} from 'lit';
import {NUMBERS, type NumberName} from '../settings.js';

/** What the controls show and call back. */
export interface ControlsState {
  playing: boolean;
  canBack: boolean;
  canStep: boolean;
  canReset: boolean;
  values: Record<NumberName, number>;
  vocabSize: number;
  onPlay(): void;
  onStep(): void;
  onBack(): void;
  onReset(): void;
  /** Sets the attribute of a setting to what the reader entered. */
  onSetting(key: NumberName, value: string): void;
}

interface SliderSpec {
  key: NumberName;
  label: string;
  step: number;
  /** The slider's top; the number box accepts the attribute's range. */
  sliderMax?: number;
  hint: string;
}

const SLIDERS: SliderSpec[] = [
  {key: 'temperature', label: 'temperature', step: 0.05, sliderMax: 2,
    hint: '0 = greedy; below 1 sharpens, above 1 flattens'},
  {key: 'topK', label: 'top-k', step: 1,
    hint: 'keep the k likeliest; 0 = off'},
  {key: 'topP', label: 'top-p', step: 0.01,
    hint: 'keep the likeliest until their mass reaches p; 1 = off'},
];

function slider(s: SliderSpec, c: ControlsState) {
  const {min} = NUMBERS[s.key];
  const max = s.key === 'topK' ? c.vocabSize : NUMBERS[s.key].max;
  const value = c.values[s.key];
  const id = `set-${s.key}`;
  return html`<div class="setting" title=${s.hint}>
    <label for=${id}>${s.label}</label>
    <input
      type="range"
      aria-label="${s.label} slider"
      min=${min}
      max=${s.sliderMax ?? max}
      step=${s.step}
      .value=${String(value)}
      @input=${(e: Event) =>
        c.onSetting(s.key, (e.target as HTMLInputElement).value)}
    />
    <input
      id=${id}
      class="num"
      type="number"
      min=${min}
      max=${max}
      step=${s.step}
      .value=${String(value)}
      @change=${(e: Event) =>
        c.onSetting(s.key, (e.target as HTMLInputElement).value)}
    />
  </div>`;
}

/** Transport buttons and speed. */
export function renderTransport(c: ControlsState) {
  const speed = c.values.speed;
  return html`<div class="toolbar" role="toolbar" aria-label="Playback">
    <button part="button play" class="play" @click=${c.onPlay}
      aria-label=${c.playing ? 'Pause' : 'Play'}>
      <span aria-hidden="true">${c.playing ? '❚❚' : '▶'}</span>
      ${c.playing ? 'Pause' : 'Play'}
    </button>
    <button part="button back" class="back" @click=${c.onBack}
      ?disabled=${!c.canBack} aria-label="Step back">
      <span aria-hidden="true">◀</span> Back
    </button>
    <button part="button step" class="step" @click=${c.onStep}
      ?disabled=${!c.canStep} aria-label="Step forward">
      Step <span aria-hidden="true">▶</span>
    </button>
    <button part="button reset" class="reset" @click=${c.onReset}
      ?disabled=${!c.canReset} aria-label="Reset">
      <span aria-hidden="true">⟲</span> Reset
    </button>
    <label class="speed">
      speed
      <input
        type="range"
        min=${NUMBERS.speed.min}
        max=${NUMBERS.speed.max}
        step="0.5"
        .value=${String(speed)}
        @input=${(e: Event) =>
          c.onSetting('speed', (e.target as HTMLInputElement).value)}
      />
      <output>${speed} / s</output>
    </label>
  </div>`;
}

/** Inline controls for the sampling settings and the seed. */
export function renderSettings(c: ControlsState) {
  return html`<div class="settings" part="settings">
    ${SLIDERS.map((s) => slider(s, c))}
    <div class="setting" title="same seed, same settings: same text">
      <label for="set-seed">seed</label>
      <input
        id="set-seed"
        class="num seed"
        type="number"
        min=${NUMBERS.seed.min}
        max=${NUMBERS.seed.max}
        step="1"
        .value=${String(c.values.seed)}
        @change=${(e: Event) =>
          c.onSetting('seed', (e.target as HTMLInputElement).value)}
      />
    </div>
  </div>`;
}
