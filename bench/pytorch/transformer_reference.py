"""Reference values for TransformerLayerTest (src/test/.../engine/net): PyTorch's nn.TransformerEncoderLayer
(width 8, 2 heads, feed-forward 16, dropout 0, post-norm, ReLU, batch first) with every parameter set by a formula of
its position, on a fixed input (2 sequences of 3). Run with /usr/bin/python3 bench/pytorch/transformer_reference.py."""
import math
import torch

WIDTH, HEADS, FEED, N, S = 8, 2, 16, 2, 3
layer = torch.nn.TransformerEncoderLayer(WIDTH, HEADS, FEED, 0.0, batch_first=True)
order = ["self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
         "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"]
params = dict(layer.named_parameters())
with torch.no_grad():
    for p, name in enumerate(order):
        t = params[name]
        values = [0.3 * math.sin(0.1 * i * (p + 1) + p) + (1.0 if name.startswith("norm") and name.endswith("weight") else 0.0)
                  for i in range(t.numel())]
        t.copy_(torch.tensor(values, dtype=torch.float32).reshape(t.shape))
layer.eval()
x = torch.tensor([math.sin(0.2 * i) for i in range(N * S * WIDTH)], dtype=torch.float32).reshape(N, S, WIDTH)
y = layer(x).flatten()
print("FIRST = {", ", ".join("%.9ef" % v for v in y[:12].tolist()), "};")
print("LAST = {", ", ".join("%.9ef" % v for v in y[-12:].tolist()), "};")
