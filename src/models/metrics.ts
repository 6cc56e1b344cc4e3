// Classification metrics on plain arrays. The task problems score with them, and so does the
// tagger's masked scoring beside them (masked-metrics.ts); they sit with the models, below the
// tasks, so that neither needs the engine, which only reads the numbers a problem returns.

/** Fraction of positions where prediction equals label; `mask` (1 = counted) skips padding. */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (mask && !mask[i]) continue;
    total++;
    if (labels[i] === predictions[i]) correct++;
  }
  return total === 0 ? NaN : correct / total;
}

/**
 * Unweighted mean over classes of F1. Classes that occur neither among the labels nor among the
 * predictions (of unmasked positions) are left out, as scikit-learn does, so a tag set's unused
 * tags do not pull the mean towards 0.
 */
export function macroF1(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number, mask?: ArrayLike<number>): number {
  if (predictions.length !== labels.length || (mask && mask.length !== labels.length)) {
    throw new Error(`macroF1: ${labels.length} labels, ${predictions.length} predictions${mask ? `, ${mask.length} mask entries` : ''}`);
  }
  const tp = new Float64Array(numClasses);
  const fp = new Float64Array(numClasses);
  const fn = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    if (mask && !mask[i]) continue;
    const label = labels[i]!;
    const predicted = predictions[i]!;
    if (!(label >= 0 && label < numClasses) || !(predicted >= 0 && predicted < numClasses)) {
      throw new RangeError(`macroF1: class ids must lie in [0, ${numClasses}), got label ${label}, prediction ${predicted} at ${i}`);
    }
    if (label === predicted) tp[label]!++;
    else {
      fp[predicted]!++;
      fn[label]!++;
    }
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < numClasses; c++) {
    if (tp[c]! + fp[c]! + fn[c]! === 0) continue;
    classes++;
    sum += (2 * tp[c]!) / (2 * tp[c]! + fp[c]! + fn[c]!);
  }
  return classes === 0 ? NaN : sum / classes;
}

/** The most frequent value. */
export function majority(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** Accuracy and macro-F1 of single-label class predictions: what the classification tasks report. */
export function classificationScores(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): Record<string, number> {
  return { accuracy: accuracy(labels, predictions), macroF1: macroF1(labels, predictions, numClasses) };
}

/** classificationScores of always predicting the training split's most frequent class. */
export function majorityBaselineScores(
  trainLabels: ArrayLike<number>,
  testLabels: ArrayLike<number>,
  numClasses: number,
): Record<string, number> {
  return classificationScores(testLabels, new Int32Array(testLabels.length).fill(majority(trainLabels)), numClasses);
}
