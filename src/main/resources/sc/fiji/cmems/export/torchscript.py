"""Writes a CMEMS model's inference networks as one TorchScript module (cmems export, BioImageIoExport.java).

Arguments: <folder> <out.pt>. The folder holds manifest.json (the networks' architectures and inference recipe) and
net<k>/<index>.npy, the parameters of network k that inference reads, in DJL's order (encoder0..4, reduce0..3 and
decoder0..3 interleaved, head; batch-norm statistics included). The module maps a normalised input (B, C, S, S) to the
mean softmax of the recipe's networks (B, classes, S, S), as the engine's Segmenter does before its argmax; it is
traced in evaluation mode (no dropout, running batch-norm statistics) and saved with torch.jit.save."""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, slope):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.slope = slope

    def forward(self, x):
        x = F.leaky_relu(self.bn1(self.conv1(x)), self.slope)
        return F.leaky_relu(self.bn2(self.conv2(x)), self.slope)

    def ordered(self):
        return [self.conv1.weight, self.conv1.bias, self.bn1.weight, self.bn1.bias, self.bn1.running_mean, self.bn1.running_var,
                self.conv2.weight, self.conv2.bias, self.bn2.weight, self.bn2.bias, self.bn2.running_mean, self.bn2.running_var]


class Upsampling(nn.Module):
    """reduce-interpolate: conv1x1 then bilinear x2; interpolate-convolve: bilinear x2 then conv3x3-BN-LeakyReLU."""

    def __init__(self, cin, cout, convolve, slope):
        super().__init__()
        self.convolve = convolve
        self.conv = nn.Conv2d(cin, cout, 3 if convolve else 1, padding=1 if convolve else 0)
        self.bn = nn.BatchNorm2d(cout) if convolve else None
        self.slope = slope

    def forward(self, x):
        if self.bn is not None:
            x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
            return F.leaky_relu(self.bn(self.conv(x)), self.slope)
        return F.interpolate(self.conv(x), scale_factor=2.0, mode="bilinear", align_corners=False)

    def ordered(self):
        out = [self.conv.weight, self.conv.bias]
        if self.bn is not None:
            out += [self.bn.weight, self.bn.bias, self.bn.running_mean, self.bn.running_var]
        return out


class UNet(nn.Module):
    def __init__(self, a, classes):
        super().__init__()
        ch, slope = a["channels"], a["leakySlope"]
        convolve = a["upsampling"] == "interpolate-convolve"
        self.encoder = nn.ModuleList()
        cin = a["inputChannels"]
        for level in range(5):
            self.encoder.append(ConvBlock(cin, ch[level], slope))
            cin = ch[level]
        self.reduce = nn.ModuleList([Upsampling(ch[4 - i], ch[3 - i], convolve, slope) for i in range(4)])
        self.decoder = nn.ModuleList([ConvBlock(2 * ch[3 - i], ch[3 - i], slope) for i in range(4)])
        self.head = nn.Conv2d(ch[0], 16 * ((classes + 15) // 16), 3, padding=1)
        self.classes = classes

    def ordered(self):
        out = []
        for block in self.encoder:
            out += block.ordered()
        for i in range(4):
            out += self.reduce[i].ordered() + self.decoder[i].ordered()
        return out + [self.head.weight, self.head.bias]

    def forward(self, x):
        skip = []
        for level in range(5):
            if level > 0:
                x = F.max_pool2d(x, 2, 2)
            x = self.encoder[level](x)
            skip.append(x)
        for i in range(4):
            x = self.decoder[i](torch.cat([skip[3 - i], self.reduce[i](x)], 1))
        return self.head(x)[:, :self.classes]


class Ensemble(nn.Module):
    def __init__(self, nets, inputs):
        super().__init__()
        self.nets = nn.ModuleList(nets)
        self.inputs = inputs

    def forward(self, x):
        total = None
        for net, channels in zip(self.nets, self.inputs):
            p = F.softmax(net(x[:, channels]), dim=1)
            total = p if total is None else total + p
        return total / len(self.nets)


def main(folder, out):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    nets, inputs = [], []
    for k, a in enumerate(manifest["networks"]):
        net = UNet(a, manifest["classes"])
        params = net.ordered()
        files = sorted(os.listdir(os.path.join(folder, "net%d" % k)))
        if len(files) != len(params):
            raise ValueError("network %d: %d parameter files, the architecture has %d" % (k, len(files), len(params)))
        with torch.no_grad():
            for name, p in zip(files, params):
                value = torch.from_numpy(np.load(os.path.join(folder, "net%d" % k, name)))
                if tuple(value.shape) != tuple(p.shape):
                    raise ValueError("network %d, %s: shape %s, the architecture's %s" % (k, name, tuple(value.shape), tuple(p.shape)))
                p.copy_(value)
        nets.append(net)
        inputs.append(a["inputs"])
    model = Ensemble(nets, inputs).eval()
    example = torch.from_numpy(np.load(os.path.join(folder, "test_input.npy")))
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    torch.jit.save(traced, out)
    print("torch %s" % torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
