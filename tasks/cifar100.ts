// CIFAR-100 (fine labels) with the CIFAR ResNets and the recipe of docs/study.md §7.
import { defineTask } from '../src/task/registry.js';
import { cifarTask } from '../src/task/vision-tasks.js';

export default defineTask(
  cifarTask(
    'cifar100',
    'cifar100',
    100,
    'ResNet-20/32/56/18 or R17’s ResNet-164, WRN-28-10, DenseNet(-BC)-100-12 on the 100 fine classes (--set model=…, preActivation=true); the cifar10 recipe; no maxout (see src/models/resnet.ts)',
  ),
);
