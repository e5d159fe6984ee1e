"""Reference values for LossParityTest (src/test/.../engine/loss): Semi-CML's
area-similarity contrastive loss (as METHODS.md and the public
utils/asc_loss.py define it: Dice similarity, positives the same slice of the
other network, negatives every other map, cross-entropy with the positive as
target, summed and divided by 2B; here averaged over the foreground classes)
and the soft-target cross-entropy and Dice, on fixed inputs, with gradients.
Run with /usr/bin/python3 bench/pytorch/losses_reference.py."""
import math
import torch

B, C, H, W = 3, 3, 4, 5


def logits(f):
    return torch.tensor([[[[f(b, c, y, x) for x in range(W)] for y in range(H)] for c in range(C)] for b in range(B)],
                        dtype=torch.float32)


LA = logits(lambda b, c, y, x: 2 * math.sin(0.7 * b + 1.3 * c + 0.37 * y + 0.11 * x * x))
LB = logits(lambda b, c, y, x: 2 * math.cos(0.5 * b - 0.9 * c + 0.23 * x + 0.19 * y * y))


def asc(za, zb):
    n = 2 * za.shape[0]
    z = torch.cat((za, zb), 0).flatten(1)
    s = (2 * z @ z.t() + 1e-6) / ((z * z).sum(1)[:, None] + (z * z).sum(1)[None, :] + 1e-6)
    positive = torch.cat((torch.diag(s, za.shape[0]), torch.diag(s, -za.shape[0])))[:, None]
    mask = torch.ones(n, n, dtype=torch.bool)
    mask.fill_diagonal_(False)
    for i in range(za.shape[0]):
        mask[i, za.shape[0] + i] = False
        mask[za.shape[0] + i, i] = False
    negatives = s[mask].reshape(n, -1)
    logits_ = torch.cat((positive, negatives), 1)
    return torch.nn.functional.cross_entropy(logits_, torch.zeros(n, dtype=torch.long), reduction="sum") / n


def asc_classes(pa, pb):
    return sum(asc(pa[:, c:c + 1], pb[:, c:c + 1]) for c in range(1, C)) / (C - 1)


def show(name, values):
    print(name, "= {", ", ".join("%.9ef" % v for v in values), "};")


la = LA.clone().requires_grad_(True)
lb = LB.clone().requires_grad_(True)
loss = asc_classes(la.softmax(1), lb.softmax(1))
loss.backward()
show("ASC", [loss.item()])
show("ASC_GRAD_A", la.grad.flatten()[:12].tolist())
show("ASC_GRAD_B", lb.grad.flatten()[-12:].tolist())

lb2 = LB.clone().requires_grad_(True)
target = LA.softmax(1)
ce = -(lb2.log_softmax(1) * target).sum(1).mean()
p = lb2.softmax(1)
dims = (0, 2, 3)
dice = 1 - ((2 * (p * target).sum(dims) + 1e-5) / ((p * p).sum(dims) + (target * target).sum(dims) + 1e-5)).mean()
(ce + dice).backward()
show("SOFT", [ce.item(), dice.item()])
show("SOFT_GRAD", lb2.grad.flatten()[:12].tolist())

# CAML (CorrelationLosses): the sharpened mutual consistency of two softmax maps (C classes: p^(1/T) / sum_c p_c^(1/T),
# gradients through the sharpened targets as in the original), the omni-correlation consistency of two embedding sets
# against a memory (softmax of the products / 0.1, -sum corr_a log(corr_v + 1e-8) averaged over rows), and the
# foreground soft Dice (1 - (2 sum p y + 1e-8) / (sum p + sum y + 1e-8) per foreground class, averaged).


def sharpen(p, t=0.1):
    q = p ** (1 / t)
    return q / q.sum(1, keepdim=True)


la = LA.clone().requires_grad_(True)
lb = LB.clone().requires_grad_(True)
pa, pb = la.softmax(1), lb.softmax(1)
cons = ((pa - sharpen(pb)) ** 2).mean() + ((pb - sharpen(pa)) ** 2).mean()
cons.backward()
show("SHARPENED", [cons.item()])
show("SHARPENED_GRAD_A", la.grad.flatten()[:12].tolist())
show("SHARPENED_GRAD_B", lb.grad.flatten()[-12:].tolist())

N, M, D = 7, 5, 4
EV = torch.tensor([[math.sin(0.3 * i + 0.7 * d) for d in range(D)] for i in range(N)], dtype=torch.float32)
EA = torch.tensor([[math.cos(0.45 * i - 0.2 * d * d) for d in range(D)] for i in range(N)], dtype=torch.float32)
MEM = torch.tensor([[0.5 * math.sin(1.1 * j + 0.3 * d) for d in range(D)] for j in range(M)], dtype=torch.float32)
ev = EV.clone().requires_grad_(True)
ea = EA.clone().requires_grad_(True)
corr_v = torch.softmax(ev @ MEM.t() / 0.1, dim=1)
corr_a = torch.softmax(ea @ MEM.t() / 0.1, dim=1)
occ = torch.sum(torch.sum(-corr_a * torch.log(corr_v + 1e-8), dim=1)) / N
occ.backward()
show("OCC", [occ.item()])
show("OCC_GRAD_V", ev.grad.flatten()[:12].tolist())
show("OCC_GRAD_A", ea.grad.flatten()[:12].tolist())

lb3 = LB.clone().requires_grad_(True)
labels = LA.argmax(1)
p = lb3.softmax(1)
y = torch.nn.functional.one_hot(labels, C).permute(0, 3, 1, 2).float()
dims = (0, 2, 3)
fg = (1 - (2 * (p * y).sum(dims) + 1e-8) / (p.sum(dims) + y.sum(dims) + 1e-8))[1:].mean()
fg.backward()
show("FOREGROUND_DICE", [fg.item()])
show("FOREGROUND_DICE_GRAD", lb3.grad.flatten()[:12].tolist())
