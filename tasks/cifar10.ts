// CIFAR-10 with the CIFAR ResNets and the recipe of docs/study.md §7 (R17's comparison, lighter models).
import { defineTask } from '../src/task/registry.js';
import { cifarTask } from '../src/task/vision-tasks.js';

export default defineTask(
  cifarTask(
    'cifar10',
    'cifar10',
    10,
    'ResNet-20/32/56/18 (--set model=…, preActivation=true) or R17’s ResNet-164, WRN-28-10, DenseNet(-BC)-100-12 with the activation wherever ReLU stands; SGD momentum 0.9, lr 0.1, wd 5e-4, step schedule, crop+flip; no maxout (see src/models/resnet.ts)',
  ),
);
