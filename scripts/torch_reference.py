"""PyTorch side of `actbench bench --train`: trains the four reference models of the training
benchmark on one CPU thread and prints their samples/s as one JSON object on stdout. With
--activations, the PyTorch side of `actbench bench` instead: each activation's forward+backward time
per element (torch_activations.py).

Run it through scripts/torch-reference.sh, which unpacks Debian's python3-torch into a cache
folder and points Debian's python3 at it. The models must stay identical to
src/bench/train-reference-models.ts (layers, sizes, padding, loss, optimizer, batch); a test
compares the trainable parameter counts of both sides (--param-counts).

Exit status 3 with one line on stderr means "PyTorch cannot be had here"; actbench then reports
its own figures without the ratio.
"""
import argparse
import json
import os
import statistics
import sys
import time

UNAVAILABLE = 3

try:
    import torch
    from torch import nn
except Exception as error:  # a missing or broken unpacked tree shows up as any kind of import failure
    print(f"torch_reference: PyTorch does not import ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})", file=sys.stderr)
    sys.exit(UNAVAILABLE)

# Shared with the TypeScript side (train-reference-models.ts): vocabulary, embedding width,
# hidden units, sequence length and tag count of the two taggers.
VOCABULARY = 5000
EMBEDDING = 50
HIDDEN = 100
SEQUENCE = 30
TAGS = 12
CLASSES = 10


class Mlp(nn.Module):
    """300 → Dense 256 → ReLU → Dense 256 → ReLU → Dense 10 (logits)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(300, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, CLASSES))

    def forward(self, x):
        return self.layers(x)


class SmallCnn(nn.Module):
    """32×32×3 → conv32 → conv32 → pool → conv64 → conv64 → pool → Dense 512 → Dense 10; 3×3 'same' convs, ReLU, 2×2 max-pools."""

    def __init__(self):
        super().__init__()

        def conv(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU()]

        self.features = nn.Sequential(*conv(3, 32), *conv(32, 32), nn.MaxPool2d(2), *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(64 * 8 * 8, 512), nn.ReLU(), nn.Linear(512, CLASSES))

    def forward(self, x):
        return self.head(self.features(x))


class Tagger(nn.Module):
    """Embedding 5000×50 → (Bi)LSTM 100 → per-token Dense to 12 tags (logits)."""

    def __init__(self, bidirectional):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, EMBEDDING)
        self.lstm = nn.LSTM(EMBEDDING, HIDDEN, batch_first=True, bidirectional=bidirectional)
        # PyTorch's LSTM adds two biases (b_ih + b_hh) where tfjs-layers has one; the second is
        # pinned at zero and frozen so that both sides train the same function and parameters.
        for name, parameter in self.lstm.named_parameters():
            if name.startswith("bias_hh"):
                parameter.data.zero_()
                parameter.requires_grad_(False)
        self.output = nn.Linear(HIDDEN * (2 if bidirectional else 1), TAGS)

    def forward(self, ids):
        hidden, _ = self.lstm(self.embedding(ids))
        return self.output(hidden)


def make_model(name):
    """The model, its batch size, and a function drawing one (inputs, targets) batch."""
    generator = torch.Generator().manual_seed(1)
    if name == "mlp":
        batch = 64
        return Mlp(), batch, lambda: (torch.randn(batch, 300, generator=generator), torch.randint(0, CLASSES, (batch,), generator=generator))
    if name == "cnn":
        batch = 64
        # Channels-last memory, as tfjs (NHWC) holds images: oneDNN's fast convolutions need it,
        # and with PyTorch's default NCHW this model trains 2.9× slower here.
        return (
            SmallCnn().to(memory_format=torch.channels_last),
            batch,
            lambda: (torch.randn(batch, 3, 32, 32, generator=generator).contiguous(memory_format=torch.channels_last), torch.randint(0, CLASSES, (batch,), generator=generator)),
        )
    if name in ("lstm", "bilstm"):
        batch = 32
        return (
            Tagger(bidirectional=name == "bilstm"),
            batch,
            lambda: (torch.randint(0, VOCABULARY, (batch, SEQUENCE), generator=generator), torch.randint(0, TAGS, (batch, SEQUENCE), generator=generator)),
        )
    raise SystemExit(f"torch_reference: unknown model '{name}' (mlp, cnn, lstm, bilstm)")


MODELS = ["mlp", "cnn", "lstm", "bilstm"]
# As many distinct batches as the TypeScript side cycles through.
DISTINCT_BATCHES = 4


def trainable_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def measure(name, warmup_steps, repetitions, min_seconds):
    model, batch, draw = make_model(name)
    batches = [draw() for _ in range(DISTINCT_BATCHES)]
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    step_count = 0

    def step():
        nonlocal step_count
        inputs, targets = batches[step_count % DISTINCT_BATCHES]
        step_count += 1
        optimizer.zero_grad()
        logits = model(inputs)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
        loss.backward()
        optimizer.step()
        return loss.item()

    model.train()
    for _ in range(warmup_steps):
        step()
    rates = []
    cpu_rates = []
    for repetition in range(repetitions):
        steps = 0
        started = time.perf_counter()
        cpu_started = time.process_time()
        elapsed = 0.0
        while steps < 1 or elapsed < min_seconds:
            step()
            steps += 1
            elapsed = time.perf_counter() - started
        rates.append(steps * batch / elapsed)
        cpu_rates.append(steps * batch / max(time.process_time() - cpu_started, 1e-9))
        print(f"torch_reference: {name} repetition {repetition + 1}/{repetitions}: {rates[-1]:.1f} samples/s", file=sys.stderr)
    return {
        "model": name,
        "batch": batch,
        "samplesPerSecond": statistics.median(rates),
        "repetitions": rates,
        # Per second of this process's CPU time: what other processes on a shared machine take from
        # the wall clock does not count (their effect on caches and memory bandwidth still does).
        "cpuSamplesPerSecond": statistics.median(cpu_rates),
        "parameters": trainable_parameters(model),
    }


def blas_name():
    """The BLAS library actually loaded (Debian's torch reports BLAS_INFO=generic: it uses whatever libblas.so.3 resolves to)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    try:
        with open("/proc/self/maps") as maps:
            names = {os.path.basename(line.split()[-1]) for line in maps if "blas" in line.lower()}
    except OSError:
        return "unknown BLAS"
    openblas = sorted(n for n in names if "openblas" in n.lower())
    return ", ".join(openblas or sorted(names)) or "no BLAS library mapped"


def activations_mode(args):
    # Imported here: the training mode does not need it, and it imports torch, known to work by now.
    import torch_activations

    names = [n for n in args.activations.split(",") if n]
    if args.values_at is not None:
        return torch_activations.activation_values(names, [float(v) for v in args.values_at.split(",")])

    def progress(label):
        print(f"torch_reference: {label}", file=sys.stderr, flush=True)

    return {
        "framework": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "python": sys.version.split()[0],
        **torch_activations.measure_activations(names, args.size, args.time_ms, progress),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ", ".join(MODELS))
    parser.add_argument("--warmup-steps", type=int, default=3)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-seconds", type=float, default=1.0, help="each repetition runs whole steps until at least this long")
    parser.add_argument("--param-counts", action="store_true", help="print {model: trainable parameters} and exit")
    parser.add_argument("--activations", help="comma-separated actbench activation names: time them instead of training models")
    parser.add_argument("--size", type=int, default=1 << 20, help="--activations: elements in the tensor")
    parser.add_argument("--time-ms", type=float, default=500, help="--activations: time budget per activation")
    parser.add_argument("--values-at", help="--activations: print f(x) and f'(x) at these comma-separated x instead of timing")
    args = parser.parse_args()
    if args.activations is not None:
        torch.set_num_threads(1)
        print(json.dumps(activations_mode(args)))
        return
    names = [n for n in args.models.split(",") if n]
    for name in names:
        if name not in MODELS:
            parser.error(f"--models: unknown model '{name}'; choose from {', '.join(MODELS)}")
    torch.set_num_threads(1)
    torch.manual_seed(1)
    if args.param_counts:
        print(json.dumps({name: trainable_parameters(make_model(name)[0]) for name in names}))
        return
    results = [measure(name, args.warmup_steps, args.repetitions, args.min_seconds) for name in names]
    print(
        json.dumps(
            {
                "framework": "pytorch",
                "version": torch.__version__,
                "threads": torch.get_num_threads(),
                "blas": blas_name(),
                "python": sys.version.split()[0],
                "models": results,
            }
        )
    )


if __name__ == "__main__":
    main()
