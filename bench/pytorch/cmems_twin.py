#!/usr/bin/env python3
"""PyTorch twin of the CMEMS engine (the DJL/Java code under src/main/java).

The same network (SSL4MIS UNet 16-32-64-128-256 with three perturbed auxiliary
heads, class heads computing 16 channels of which the first C are kept) and the
same CMEMS step (one forward pass per network on concat(labeled, weak, strong),
teachers = the other network's detached weak-view prediction, supervised,
image-perturbation and feature-perturbation losses, SGD with momentum), written
the way a PyTorch user would write it. It serves two purposes:

  serve     timing partner of `./cmems bench`: the Java bench starts it once,
            hands it the networks and a fixed batch (a tensor file), and
            alternates timing blocks with it (JSON lines on stdin/stdout).
  parity    `cmems_twin.py parity FILE`: FILE holds networks, a fixed batch and
            the outputs, loss terms, gradients and updated weights the Java
            engine computed on it (with dropout and noise switched off); the
            twin recomputes everything and prints the largest relative
            differences as JSON.
  standalone  times the twin alone on random weights and data (no Java needed).

Runs with Debian's python3-torch (1.13.1): `apt-get install -y python3-torch`
(see ensure-torch.sh). Exit status 3 means torch is missing.
"""

import argparse
import ctypes
import gc
import json
import math
import os
import resource
import struct
import sys
import threading
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "cmems_twin: PyTorch is not available to %s (%s).\n"
        "Install Debian's package: apt-get install -y python3-torch  (or run bench/pytorch/ensure-torch.sh)\n"
        % (sys.executable, e))
    sys.exit(3)

# ----------------------------------------------------------------------------
# Tensor files: what the Java side writes (sc.fiji.cmems.bench.TensorFile).
# "CMEMSTNS", int32 version 1, int32 count, then per tensor: int32 name length,
# UTF-8 name, int8 type (0 float32, 1 int64), int32 rank, int64 dims, data.
# Everything little-endian.
# ----------------------------------------------------------------------------

MAGIC = b"CMEMSTNS"
FLOAT32, INT64 = 0, 1


def read_tensors(path):
    out = {}
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise ValueError("%s is not a CMEMS tensor file" % path)
    version, count = struct.unpack_from("<ii", data, 8)
    if version != 1:
        raise ValueError("%s: tensor file version %d, this twin reads 1" % (path, version))
    pos = 16
    for _ in range(count):
        (n,) = struct.unpack_from("<i", data, pos)
        pos += 4
        name = data[pos:pos + n].decode("utf-8")
        pos += n
        (kind,) = struct.unpack_from("<b", data, pos)
        pos += 1
        (rank,) = struct.unpack_from("<i", data, pos)
        pos += 4
        dims = struct.unpack_from("<%dq" % rank, data, pos)
        pos += 8 * rank
        size = 1
        for d in dims:
            size *= d
        dtype = np.dtype("<f4") if kind == FLOAT32 else np.dtype("<i8")
        arr = np.frombuffer(data, dtype=dtype, count=size, offset=pos).reshape(dims).copy()
        pos += size * dtype.itemsize
        out[name] = torch.from_numpy(arr)
    return out


# ----------------------------------------------------------------------------
# The network
# ----------------------------------------------------------------------------

class Settings:
    """NetworkSettings of the Java side."""

    def __init__(self, meta=None):
        self.channels = [16, 32, 64, 128, 256]
        self.encoder_dropout = [0.05, 0.1, 0.2, 0.3, 0.5]
        self.leaky_slope = 0.01
        self.aux_dropout = 0.5
        self.feature_drop_range = [0.7, 0.9]
        self.feature_noise = 0.3
        if meta:
            self.channels = [int(v) for v in meta["meta/channels"].tolist()]
            self.encoder_dropout = [float(v) for v in meta["meta/encoderDropout"].tolist()]
            self.leaky_slope = float(meta["meta/leakySlope"][0])
            self.aux_dropout = float(meta["meta/auxDropout"][0])
            self.feature_drop_range = [float(v) for v in meta["meta/featureDropRange"].tolist()]
            self.feature_noise = float(meta["meta/featureNoise"][0])


class ConvBlock(nn.Module):
    """conv3x3-BN-LeakyReLU-Dropout-conv3x3-BN-LeakyReLU (dropout left out when p = 0, as in Java)."""

    def __init__(self, cin, cout, p, slope):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.drop = nn.Dropout(p) if p > 0 else None
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.slope = slope

    def forward(self, x):
        x = F.leaky_relu(self.bn1(self.conv1(x)), self.slope)
        if self.drop is not None:
            x = self.drop(x)
        return F.leaky_relu(self.bn2(self.conv2(x)), self.slope)

    def ordered(self):
        out = []
        for conv, bn in ((self.conv1, self.bn1), (self.conv2, self.bn2)):
            out += [conv.weight, conv.bias, bn.weight, bn.bias, bn.running_mean, bn.running_var]
        return out


class ClassHead(nn.Module):
    """conv3x3 computing a multiple of 16 channels, the first C kept (see ClassHead.java)."""

    def __init__(self, cin, classes):
        super().__init__()
        self.classes = classes
        self.conv = nn.Conv2d(cin, 16 * ((classes + 15) // 16), 3, padding=1)

    def forward(self, x):
        return self.conv(x)[:, :self.classes]

    def ordered(self):
        return [self.conv.weight, self.conv.bias]


_MATRICES = {}


def interpolation_matrix(n, device):
    """The (2n, n) matrix of bilinear x2 upsampling with replicated edges (Resampling.interpolationMatrix)."""
    key = (n, str(device))
    m = _MATRICES.get(key)
    if m is None:
        u = torch.zeros(2 * n, n)
        for i in range(n):
            u[2 * i, i] += 0.75
            u[2 * i, max(i - 1, 0)] += 0.25
            u[2 * i + 1, i] += 0.75
            u[2 * i + 1, min(i + 1, n - 1)] += 0.25
        m = u.to(device)
        _MATRICES[key] = m
    return m


def upsample2x(x, mode):
    if mode == "matmul":  # the Java formulation
        wide = x.matmul(interpolation_matrix(x.shape[3], x.device).t())
        return interpolation_matrix(x.shape[2], x.device).matmul(wide)
    return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)


class UNet(nn.Module):

    def __init__(self, settings, classes, upsample="interpolate"):
        super().__init__()
        ch = settings.channels
        self.settings = settings
        self.upsample = upsample
        self.encoder = nn.ModuleList()
        cin = 1
        for level in range(5):
            self.encoder.append(ConvBlock(cin, ch[level], settings.encoder_dropout[level], settings.leaky_slope))
            cin = ch[level]
        self.reduce = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for i in range(4):
            target = ch[3 - i]
            self.reduce.append(nn.Conv2d(ch[4 - i], target, 1))
            self.decoder.append(ConvBlock(2 * target, target, 0, settings.leaky_slope))
        self.head = ClassHead(ch[0], classes)
        self.auxiliary = nn.ModuleList([ClassHead(ch[3 - i], classes) for i in range(3)])

    def ordered(self):
        """Parameters and running statistics in the order of DJL's UNet.getParameters()."""
        out = []
        for block in self.encoder:
            out += block.ordered()
        for i in range(4):
            out += [self.reduce[i].weight, self.reduce[i].bias]
            out += self.decoder[i].ordered()
        out += self.head.ordered()
        for a in self.auxiliary:
            out += a.ordered()
        return out

    def load_djl(self, tensors, prefix):
        names = sorted((k for k in tensors if k.startswith(prefix)), key=lambda k: int(k[len(prefix):].split(":", 1)[0]))
        mine = self.ordered()
        if len(names) != len(mine):
            raise ValueError("%d parameters under %s, the twin has %d" % (len(names), prefix, len(mine)))
        with torch.no_grad():
            for name, p in zip(names, mine):
                t = tensors[name]
                if tuple(t.shape) != tuple(p.shape):
                    raise ValueError("%s has shape %s, the twin's parameter %s" % (name, tuple(t.shape), tuple(p.shape)))
                p.copy_(t)

    def perturb(self, level, f):
        s = self.settings
        if level == 0:
            return F.dropout(f, s.aux_dropout, training=True)
        if level == 1:
            b = f.shape[0]
            attention = f.mean(1, keepdim=True)
            mx = attention.reshape(b, -1).max(1).values.reshape(b, 1, 1, 1)
            factor = torch.empty(b, 1, 1, 1, device=f.device).uniform_(s.feature_drop_range[0], s.feature_drop_range[1])
            return f * (attention < mx * factor).to(f.dtype)
        u = torch.empty_like(f).uniform_(-s.feature_noise, s.feature_noise)
        return f + f * u

    def forward(self, x, aux=False):
        skip = []
        for level in range(5):
            if level > 0:
                x = F.max_pool2d(x, 2, 2)
            x = self.encoder[level](x)
            skip.append(x)
        aux_logits = []
        for i in range(4):
            up = upsample2x(self.reduce[i](x), self.upsample)
            x = self.decoder[i](torch.cat([skip[3 - i], up], 1))
            if aux and self.training and i < 3:
                a = self.auxiliary[i](self.perturb(i, x))
                for _ in range(3 - i):
                    a = upsample2x(a, self.upsample)
                aux_logits.append(a)
        return self.head(x), aux_logits


# ----------------------------------------------------------------------------
# Losses (engine/loss) and the CMEMS step (engine/method/CmemsMethod)
# ----------------------------------------------------------------------------

DICE_SMOOTH = 1e-5


def one_hot(labels, classes):
    return F.one_hot(labels, classes).permute(0, 3, 1, 2).float()


def cross_entropy(logits, labels, weights, per_weight):
    per_pixel = -(F.log_softmax(logits, 1) * one_hot(labels, logits.shape[1])).sum(1)
    total = (per_pixel * weights).sum()
    denominator = weights.sum().clamp(min=1.0) if per_weight else torch.ones_like(weights).sum()
    return total / denominator


def dice(logits, labels, weights):
    p = F.softmax(logits, 1)
    y = one_hot(labels, logits.shape[1])
    w = weights.unsqueeze(1)
    axes = (0, 2, 3)
    intersection = (p * y * w).sum(axes)
    predicted = (p * p * w).sum(axes)
    truth = (y * w).sum(axes)
    d = (intersection * 2 + DICE_SMOOTH) / (predicted + truth + DICE_SMOOTH)
    return 1 - d.mean()


def unlabeled_loss(logits, labels, mask):  # UnlabeledLoss.CE_DICE
    return (cross_entropy(logits, labels, mask, False) + dice(logits, labels, mask)) * 0.5


def pseudo_labels(logits):
    p = F.softmax(logits.detach(), 1)
    confidence, labels = p.max(1)
    return labels, confidence


def confident_mask(labels, confidence, thresholds):
    return (confidence >= thresholds[labels]).float()


def mix_maps(maps, box, source):
    f = maps.float()
    mixed = f * (1 - box) + f[source] * box
    return mixed if maps.dtype == torch.float32 else mixed.to(maps.dtype)


def teacher_statistics(labels, confidence, thresholds, classes):
    oh = one_hot(labels, classes)
    axes = (0, 2, 3)
    count = oh.sum(axes)
    mean_conf = (oh * confidence.unsqueeze(1)).sum(axes) / count.clamp(min=1.0)
    confident = confident_mask(labels, confidence, thresholds).unsqueeze(1)
    fraction = (oh * confident).sum(axes) / labels.numel()
    return torch.cat([mean_conf, (count > 0).float()]), fraction


class Batch:
    """A fixed batch as the Java side drew it."""

    def __init__(self, t):
        self.images = t["batch/labeled/images"]
        self.labels = t["batch/labeled/labels"]
        self.weights = t["batch/labeled/weights"]
        self.weak = t.get("batch/unlabeled/weak")
        self.strong = t.get("batch/unlabeled/strong")
        self.box = t.get("batch/cutmix/box")
        self.source = t.get("batch/cutmix/source")


def cmems_loss(nets, b, thresholds, weight, classes, outputs=None):
    """Returns total, terms (ordered dict of scalars) and statistics, as CmemsMethod.loss."""
    nl, nu = b.images.shape[0], b.weak.shape[0]
    x = torch.cat([b.images, b.weak, b.strong], 0)
    outs = [net(x, aux=True) for net in nets]
    if outputs is not None:
        outputs.extend(outs)
    teachers = [pseudo_labels(o[0][nl:nl + nu]) for o in outs]
    terms = {"w": torch.tensor(weight, device=x.device)}
    statistics = {}
    total = None
    for k in range(len(nets)):
        logits = outs[k][0][:nl]
        d = dice(logits, b.labels, b.weights)
        ce = cross_entropy(logits, b.labels, b.weights, True)
        loss_k = (ce + d) * 0.5
        terms["sup%d" % (k + 1)] = loss_k
        if k == 0:
            statistics["fit"] = (1 - d).reshape(1)
        t = 1 - k
        labels, confidence = teachers[t]
        thr = thresholds[t]
        mixed_labels, mixed_conf = mix_maps(labels, b.box, b.source), mix_maps(confidence, b.box, b.source)
        img = unlabeled_loss(outs[k][0][nl + nu:], mixed_labels, confident_mask(mixed_labels, mixed_conf, thr))
        terms["img%d" % (k + 1)] = img
        mask = confident_mask(labels, confidence, thr)
        feat = None
        for a in outs[k][1]:
            l = unlabeled_loss(a[nl:nl + nu], labels, mask)
            feat = l if feat is None else feat + l
        feat = feat / len(outs[k][1])
        terms["feat%d" % (k + 1)] = feat
        loss_k = loss_k + (img + feat) * weight
        total = loss_k if total is None else total + loss_k
    for t, (labels, confidence) in enumerate(teachers):
        conf, pl = teacher_statistics(labels, confidence, thresholds[t], classes)
        statistics["conf%d" % (t + 1)] = conf
        statistics["pl%d" % (t + 1)] = pl
    return total, terms, statistics


def supervised_loss(nets, b):
    logits, _ = nets[0](b.images, aux=False)
    ce = cross_entropy(logits, b.labels, b.weights, True)
    d = dice(logits, b.labels, b.weights)
    total = (ce + d) * 0.5
    return total, {"sup": total, "ce": ce, "dice": d}, {}


# ----------------------------------------------------------------------------
# A workload: networks, optimisers and a fixed batch, stepped like the Java loop
# ----------------------------------------------------------------------------

class Workload:

    def __init__(self, tensors, upsample, device="cpu"):
        self.device = torch.device(device)
        self.kind = {0: "cmems", 1: "supervised", 2: "inference"}[int(tensors["meta/case"][0])]
        self.classes = int(tensors["meta/classes"][0])
        settings = Settings(tensors)
        count = int(tensors["meta/networks"][0])
        self.nets = []
        for k in range(count):
            net = UNet(settings, self.classes, upsample)
            net.load_djl(tensors, "net%d/" % (k + 1))
            self.nets.append(net.to(self.device))
        tensors = {name: v.to(self.device) for name, v in tensors.items()}
        lr, momentum, decay = [float(v) for v in tensors["meta/sgd"].tolist()]
        self.lr = lr
        self.optimisers = [torch.optim.SGD(n.parameters(), lr=lr, momentum=momentum, weight_decay=decay) for n in self.nets]
        self.thresholds = [tensors["meta/threshold%d" % (k + 1)] for k in range(count)] if self.kind == "cmems" else None
        self.weight = float(tensors["meta/weight"][0]) if self.kind == "cmems" else 0.0
        self.batch = Batch(tensors) if self.kind != "inference" else None
        self.slices = tensors["batch/inference/slices"].cpu().numpy() if self.kind == "inference" else None
        self.iteration = 0

    def loss(self, outputs=None):
        if self.kind == "cmems":
            return cmems_loss(self.nets, self.batch, self.thresholds, self.weight, self.classes, outputs)
        return supervised_loss(self.nets, self.batch)

    def train_step(self):
        """One iteration as Trainer.Loop.step: reseed, loss, backward, read scalars back, check gradients, step."""
        torch.manual_seed(1000 + self.iteration)
        self.iteration += 1
        for n in self.nets:
            n.train()
        total, terms, statistics = self.loss()
        total.backward()
        values = torch.stack([total.reshape(())] + [t.reshape(()) for t in terms.values()]).tolist()
        stats = {k: v.tolist() for k, v in statistics.items()}
        finite = True
        for n in self.nets:
            s = None
            for p in n.parameters():
                if p.grad is not None:
                    g = p.grad.sum()
                    s = g if s is None else s + g
            finite &= bool(torch.isfinite(s).item())
        if not math.isfinite(values[0]):
            raise RuntimeError("loss not finite: %s" % values)
        for o in self.optimisers:
            if finite:
                o.step()
            o.zero_grad(set_to_none=False)
        return values, stats

    def infer_batch(self):
        """Segmenter.predict on one batch of slices at network size: mean softmax of all networks, argmax."""
        for n in self.nets:
            n.eval()
        with torch.no_grad():
            x = torch.from_numpy(self.slices).to(self.device).clamp(0, 1)
            p = None
            for n in self.nets:
                q = F.softmax(n(x)[0], 1)
                p = q if p is None else p + q
            labels = p.argmax(1).cpu().numpy().astype(np.int32)
        return labels

    def run_once(self):
        if self.kind == "inference":
            self.infer_batch()
        else:
            self.train_step()
        synchronize(self.device)


def synchronize(device):
    """Waits for the GPU's queued work, so that a timer around a run measures the run."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


# ----------------------------------------------------------------------------
# Memory: peak resident set (VmHWM, reset through /proc/self/clear_refs) and
# glibc's bytes in use (mallinfo2), sampled; the same probes as the Java side.
# ----------------------------------------------------------------------------

class _MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


try:
    _LIBC = ctypes.CDLL("libc.so.6")
    _LIBC.mallinfo2.restype = _MallInfo2
except (OSError, AttributeError):
    _LIBC = None


def native_in_use():
    if _LIBC is None:
        return -1
    m = _LIBC.mallinfo2()
    return int(m.uordblks + m.hblkhd)


def trim():
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return -1


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def measure_memory(work, n):
    trim()
    cuda = work.device.type == "cuda"
    if cuda:
        torch.cuda.reset_peak_memory_stats(work.device)
    rss_before = status_kb("VmRSS")
    native_before = native_in_use()
    reset = reset_peak_rss()
    peak = [native_before]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            v = native_in_use()
            if v > peak[0]:
                peak[0] = v
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for _ in range(n):
        work.run_once()
    stop.set()
    sampler.join()
    result = {"rssBefore": rss_before, "peakRss": status_kb("VmHWM"), "peakRssReset": reset,
              "nativeBefore": native_before, "nativePeak": peak[0]}
    if cuda:  # bytes in tensors at the peak, and what PyTorch's caching allocator held from the driver
        result["cudaPeakAllocated"] = torch.cuda.max_memory_allocated(work.device)
        result["cudaPeakReserved"] = torch.cuda.max_memory_reserved(work.device)
    return result


# ----------------------------------------------------------------------------
# Parity
# ----------------------------------------------------------------------------

def relative(a, b):
    """max |a - b| / max |b| (b: the Java value); 0 when both are all zero."""
    a = a.double()
    b = b.double()
    scale = b.abs().max().item() if b.numel() else 0.0
    diff = (a - b).abs().max().item() if b.numel() else 0.0
    if scale == 0.0:
        return 0.0 if diff == 0.0 else float("inf")
    return diff / scale


def relative_l2(a, b):
    """||a - b|| / ||b|| (Euclidean norms; b: the Java value); 0 when both are all zero."""
    a = a.double()
    b = b.double()
    scale = b.norm().item()
    diff = (a - b).norm().item()
    if scale == 0.0:
        return 0.0 if diff == 0.0 else float("inf")
    return diff / scale


def worst_relative(pairs):
    """The largest per-tensor relative difference (Euclidean) over a group of (twin, java) tensors. Euclidean rather
    than largest-element: max pooling routes a gradient to one input of each window, and where two inputs are equal
    up to rounding the two implementations may pick different ones; that moves single gradient elements, not whole
    tensors."""
    return max((relative_l2(a, b) for a, b in pairs), default=0.0)


def batch_normed_biases(net):
    """The biases of the convolutions that batch norm follows. Batch norm (with batch statistics) subtracts the
    per-channel mean, so these biases have no effect and their exact gradient is zero: both sides compute rounding
    noise there, which is compared separately (it must be tiny on both), not tensor by tensor."""
    out = set()
    for m in net.modules():
        if isinstance(m, ConvBlock):
            out.add(id(m.conv1.bias))
            out.add(id(m.conv2.bias))
    return out


def parity(path, upsample):
    t = read_tensors(path)
    work = Workload(t, upsample)
    if work.kind != "cmems":
        raise ValueError("parity files hold a CMEMS step")
    result = {"torch": torch.__version__, "upsample": upsample, "quantities": {}}
    q = result["quantities"]
    nets = work.nets
    for n in nets:
        n.train()
    # 1. outputs of one forward pass on concat(labeled, weak, strong), training mode, auxiliary heads on
    b = work.batch
    x = torch.cat([b.images, b.weak, b.strong], 0)
    with torch.no_grad():
        for k, n in enumerate(nets):
            logits, aux = n(x, aux=True)
            q["net%d/logits" % (k + 1)] = relative(logits, t["expected/net%d/logits" % (k + 1)])
            for i, a in enumerate(aux):
                q["net%d/aux%d" % (k + 1, i)] = relative(a, t["expected/net%d/aux%d" % (k + 1, i)])
    # 2. the CMEMS loss terms and statistics, then backward
    total, terms, statistics = work.loss()
    total.backward()
    q["terms/total"] = relative(total.detach().reshape(1), t["expected/terms/total"])
    for name, v in terms.items():
        q["terms/" + name] = relative(v.detach().reshape(1), t["expected/terms/" + name])
    for name, v in statistics.items():
        q["statistics/" + name] = relative(v.detach().reshape(-1), t["expected/statistics/" + name])
    # 3. gradients and the parameters after one SGD step, tensor by tensor (see batch_normed_biases)
    for k, n in enumerate(nets):
        prefix = "expected/net%d/grad/" % (k + 1)
        names = sorted((name for name in t if name.startswith(prefix)), key=lambda s: int(s[len(prefix):].split(":", 1)[0]))
        trainable = [p for p in n.ordered() if p.requires_grad]
        if len(names) != len(trainable):
            raise ValueError("%d gradients exported for net%d, the twin has %d trainable parameters" % (len(names), k + 1, len(trainable)))
        noise = batch_normed_biases(n)
        q["net%d/gradients" % (k + 1)] = worst_relative([(p.grad, t[name]) for p, name in zip(trainable, names) if id(p) not in noise])
        largest = max(t[name].abs().max().item() for name in names)
        q["net%d/batchNormedBiasGradients" % (k + 1)] = max(
            max(p.grad.abs().max().item(), t[name].abs().max().item()) for p, name in zip(trainable, names) if id(p) in noise) / largest
    for o in work.optimisers:
        o.step()
    for k, n in enumerate(nets):
        prefix = "expected/net%d/after/" % (k + 1)
        names = sorted((name for name in t if name.startswith(prefix)), key=lambda s: int(s[len(prefix):].split(":", 1)[0]))
        mine = n.ordered()
        if len(names) != len(mine):
            raise ValueError("%d parameters exported after the step for net%d, the twin has %d" % (len(names), k + 1, len(mine)))
        noise = batch_normed_biases(n)
        q["net%d/parametersAfterStep" % (k + 1)] = worst_relative([(p.detach(), t[name]) for p, name in zip(mine, names) if id(p) not in noise])
    result["max"] = max(q.values())
    return result


# ----------------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------------

def set_threads(threads):
    if threads > 0:
        torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass


def check_device(name):
    """cpu, cuda or cuda:N; a clear error when PyTorch cannot use that GPU."""
    try:
        device = torch.device(name)
    except RuntimeError:
        device = None
    if device is None or device.type not in ("cpu", "cuda"):
        raise SystemExit("cmems_twin: --device must be cpu, cuda or cuda:N, was %s" % name)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("cmems_twin: --device %s, but this PyTorch (%s) sees no usable CUDA GPU" % (name, torch.__version__))
        if (device.index or 0) >= torch.cuda.device_count():
            raise SystemExit("cmems_twin: --device %s, but PyTorch sees %d GPU(s)" % (name, torch.cuda.device_count()))
    return device


def describe(device):
    if device.type == "cuda":
        return "%s (%s, CUDA %s)" % (device, torch.cuda.get_device_name(device), torch.version.cuda)
    return "cpu"


def serve(args):
    """JSON lines on stdin/stdout; one reply per request."""
    set_threads(args.threads)
    device = check_device(args.device)
    out = sys.stdout
    send = lambda obj: (out.write(json.dumps(obj) + "\n"), out.flush())
    send({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "python": sys.version.split()[0],
          "device": describe(device)})
    work = None
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            cmd = req["cmd"]
            if cmd == "load":
                work = None
                trim()
                work = Workload(read_tensors(req["file"]), req.get("upsample", args.upsample), device)
                send({"ok": True, "kind": work.kind})
            elif cmd == "time":
                seconds = []
                before = resource.getrusage(resource.RUSAGE_SELF)
                for _ in range(int(req["n"])):
                    start = time.perf_counter()
                    work.run_once()
                    seconds.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_SELF)
                # what the process spent on the block (CpuUse on the Java side)
                send({"ok": True, "seconds": seconds, "userSeconds": after.ru_utime - before.ru_utime,
                      "systemSeconds": after.ru_stime - before.ru_stime, "minorFaults": after.ru_minflt - before.ru_minflt})
            elif cmd == "memory":
                m = measure_memory(work, int(req["n"]))
                m["ok"] = True
                send(m)
            elif cmd == "unload":
                work = None
                trim()
                send({"ok": True, "rss": status_kb("VmRSS")})
            elif cmd == "quit":
                send({"ok": True})
                return 0
            else:
                send({"ok": False, "error": "unknown command " + cmd})
        except Exception as e:  # reported to the Java side, which stops with the message
            send({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
    return 0


def standalone(args):
    """The twin alone on random weights and a random batch: a quick look without Java."""
    set_threads(args.threads)
    device = check_device(args.device)
    torch.manual_seed(1)
    settings = Settings()
    s, nl, nu, c = args.size, args.labeled, args.unlabeled, 4
    nets = [UNet(settings, c, args.upsample).to(device) for _ in range(2)]
    opts = [torch.optim.SGD(n.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4) for n in nets]
    b = Batch({name: v.to(device) for name, v in {"batch/labeled/images": torch.rand(nl, 1, s, s), "batch/labeled/labels": torch.randint(0, c, (nl, s, s)),
               "batch/labeled/weights": torch.ones(nl, s, s), "batch/unlabeled/weak": torch.rand(nu, 1, s, s),
               "batch/unlabeled/strong": torch.rand(nu, 1, s, s), "batch/cutmix/box": torch.zeros(nu, s, s),
               "batch/cutmix/source": torch.arange(nu)}.items()})
    thresholds = [torch.full((c,), 0.95, device=device)] * 2
    times = []
    for i in range(args.warmup + args.iterations):
        start = time.perf_counter()
        total, terms, _ = cmems_loss(nets, b, thresholds, 1.0, c)
        total.backward()
        torch.stack([total] + list(terms.values())).tolist()
        for o in opts:
            o.step()
            o.zero_grad(set_to_none=False)
        synchronize(device)
        if i >= args.warmup:
            times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"torch": torch.__version__, "device": describe(device), "threads": torch.get_num_threads(), "size": s, "labeled": nl, "unlabeled": nu,
                      "cmemsStepSeconds": {"min": times[0], "median": times[len(times) // 2], "max": times[-1]},
                      "peakRssBytes": status_kb("VmHWM")}))
    return 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("serve", help="timing partner of ./cmems bench (JSON lines on stdin/stdout)")
    s.add_argument("--threads", type=int, default=0)
    s.add_argument("--upsample", choices=["interpolate", "matmul"], default="interpolate")
    s.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    q = sub.add_parser("parity", help="compare with the outputs the Java engine exported")
    q.add_argument("file")
    q.add_argument("--upsample", choices=["interpolate", "matmul"], default="interpolate")
    q.add_argument("--threads", type=int, default=0)
    a = sub.add_parser("standalone", help="time the twin alone on random data")
    a.add_argument("--size", type=int, default=128)
    a.add_argument("--labeled", type=int, default=4)
    a.add_argument("--unlabeled", type=int, default=4)
    a.add_argument("--iterations", type=int, default=5)
    a.add_argument("--warmup", type=int, default=2)
    a.add_argument("--threads", type=int, default=0)
    a.add_argument("--upsample", choices=["interpolate", "matmul"], default="interpolate")
    a.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    args = p.parse_args(argv)
    if args.mode == "serve":
        return serve(args)
    if args.mode == "parity":
        set_threads(args.threads)
        print(json.dumps(parity(args.file, args.upsample)))
        return 0
    return standalone(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
