"""Reference values for OptimiserTest (src/test/.../engine/optim): PyTorch's
SGD with momentum, Adam and clip_grad_norm_ on fixed inputs. Run with
/usr/bin/python3 bench/pytorch/optimiser_reference.py and paste the printed
arrays into the test if the inputs there change."""
import torch

torch.set_default_dtype(torch.float32)
W0 = [0.5, -1.25, 2.0, 0.0, -0.3, 0.75]
GRADS = [[0.1, -0.2, 0.3, 1.5, -0.05, 0.0],
         [-0.4, 0.25, 0.1, -1.0, 0.3, 0.2],
         [0.05, 0.05, -0.6, 0.5, 0.0, -0.7]]
RATES = [0.01, 0.005, 0.02]


def run(make, clip=None):
    w = torch.nn.Parameter(torch.tensor(W0))
    opt = make([w])
    norms = []
    for g, lr in zip(GRADS, RATES):
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad()
        w.grad = torch.tensor(g)
        if clip is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_([w], clip)))
        opt.step()
    return w.detach().tolist(), norms


def show(name, values):
    print(name, "= {", ", ".join("%.9ef" % v for v in values), "};")


show("SGD", run(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, weight_decay=1e-4))[0])
show("ADAM", run(lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=4e-4))[0])
w, norms = run(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, weight_decay=5e-4), clip=0.2)
show("SGD_CLIPPED", w)
show("NORMS", norms)
