// The one settings resolver of tasks and datasets, and the routing of one bag of settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nonDefaultSettings, resolveSettings, routeSettings, SettingError, type SettingDeclarations } from './settings.js';

const TASK: SettingDeclarations = {
  trainFraction: { values: [1, 0.5, 0.05], default: 1, description: 'share of train' },
  maxLength: { values: [50, 100], default: 100, description: 'tokens' },
};
const DATASET: SettingDeclarations = {
  tagset: { values: ['universal', 'fine'], default: 'universal', description: 'tags' },
  subject: { values: [true, false], default: true, description: 'keep it' },
  maxLength: { values: [10, 20], default: 20, description: 'clashes with the task on purpose' },
};

test('resolve: defaults filled, text matched to declared numbers and booleans, bad values and unknown names refused with a suggestion', () => {
  assert.deepEqual(resolveSettings("task 't'", TASK), { trainFraction: 1, maxLength: 100 });
  assert.deepEqual(resolveSettings("task 't'", TASK, { trainFraction: '0.05' }), { trainFraction: 0.05, maxLength: 100 });
  assert.deepEqual(resolveSettings("dataset 'd'", DATASET, { subject: 'false' }).subject, false);
  assert.throws(
    () => resolveSettings("task 't'", TASK, { trainFraction: 0.7 }),
    /^SettingError: task 't': setting trainFraction=0\.7 is not one of 1, 0\.5, 0\.05$/,
  );
  assert.throws(
    () => resolveSettings("task 't'", TASK, { maxLenght: 50 }),
    /task 't': unknown setting 'maxLenght'; did you mean maxLength\? settings: trainFraction, maxLength/,
  );
  assert.throws(
    () => resolveSettings("dataset 'mnist'", undefined, { labels: 'coarse' }),
    /dataset 'mnist': unknown setting 'labels'; it has none/,
  );
});

test('route: each name goes to whoever declares it; a shared name must be qualified; an unknown one lists both', () => {
  const task = { label: "task 'sequence-tagging'", declared: TASK };
  const dataset = { label: "dataset 'brown-pos'", declared: DATASET };
  const routed = routeSettings(task, dataset, { trainFraction: '0.5', tagset: 'fine', 'task.maxLength': 50, 'dataset.maxLength': '10' });
  assert.deepEqual(routed.task, { trainFraction: 0.5, maxLength: 50 });
  assert.deepEqual(routed.dataset, { tagset: 'fine', subject: true, maxLength: 10 });
  assert.throws(
    () => routeSettings(task, dataset, { maxLength: 50 }),
    (error: unknown) =>
      error instanceof SettingError && error.reason === 'ambiguous' && /write task\.maxLength or dataset\.maxLength/.test(error.message),
  );
  assert.throws(
    () => routeSettings(task, dataset, { tagsett: 'fine' }),
    (error: unknown) =>
      error instanceof SettingError &&
      error.setting === 'tagsett' &&
      error.message ===
        "no setting 'tagsett' in task 'sequence-tagging' or dataset 'brown-pos'; did you mean tagset? task 'sequence-tagging' settings: trainFraction, maxLength; dataset 'brown-pos' settings: tagset, subject, maxLength",
  );
  assert.throws(
    () => routeSettings(task, dataset, { 'dataset.tagsett': 'fine' }),
    (error: unknown) =>
      error instanceof SettingError &&
      error.setting === 'dataset.tagsett' &&
      /^dataset 'brown-pos': unknown setting 'tagsett'; did you mean tagset\?/.test(error.message),
  );
  assert.deepEqual(routeSettings(task, dataset, { units: '32' }, (name) => name === 'units').other, { units: '32' });
  assert.throws(
    () => routeSettings(task, dataset, { tagset: 'penn' }),
    /dataset 'brown-pos': setting tagset=penn is not one of universal, fine/,
  );
});

test('nonDefaultSettings keeps only what differs from the declared default (as text, so "true" equals true)', () => {
  assert.deepEqual(nonDefaultSettings(DATASET, { tagset: 'universal', subject: false, maxLength: 20 }), { subject: false });
});
