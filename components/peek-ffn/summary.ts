import type {Attribution} from '../../src/dla.js';
import {describeChar} from '../../src/glyphs.js';
import {DLA_DIGITS, fmt, type NeuronValue} from './ffn-data.js';

/**
 * The text alternative of <peek-ffn>: what the picture shows, in the
 * order a sighted reader would take it in.
 */
export function ffnSummary(o: {
  layer: number;
  M: number;
  T: number;
  peak: {position: number; char: string; neuron: number; value: number};
  position: number;
  char: string;
  top: NeuronValue[];
  neuron: number;
  dla?: {up: Attribution[]; down: Attribution[]};
}): string {
  const {peak} = o;
  const s = o.T === 1 ? '' : 's';
  const parts = [
    `Layer ${o.layer} MLP activations: ${o.M} neurons over ${o.T} ` +
      `position${s}; the largest is ${fmt(peak.value)} (neuron ` +
      `${peak.neuron} at position ${peak.position} ` +
      `${describeChar(peak.char)}).`,
    `Layer ${o.layer}, position ${o.position} ${describeChar(o.char)}: ` +
      'most active neurons ' +
      o.top
        .slice(0, 5)
        .map((n) => `${n.neuron} (${fmt(n.value)})`)
        .join(', ') +
      '.',
  ];
  if (o.neuron >= 0 && o.dla) {
    const say = (list: Attribution[]) =>
      list
        .slice(0, 3)
        .map((a) => `${describeChar(a.char)} (${fmt(a.value, DLA_DIGITS)})`)
        .join(', ') || 'nothing';
    parts.push(
      `Neuron ${o.neuron} pushes up ${say(o.dla.up)} and pushes down ` +
        `${say(o.dla.down)}.`
    );
  }
  return parts.join(' ');
}

/** One cell, read out as the keyboard cursor moves. */
export function cellReadout(o: {
  position: number;
  char: string;
  neuron: number;
  value: number;
}): string {
  return (
    `Position ${o.position} ${describeChar(o.char)}, neuron ${o.neuron}: ` +
    fmt(o.value)
  );
}
