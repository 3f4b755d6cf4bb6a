#!/usr/bin/python3
"""PyTorch reference of the Prototype Mamba Net (PMN), for the parity tests of the C++ engine.

Written for this repo from the equations in ../shared/docs/science.md (Mamba selective scan, Yang et al.'s
distance-based cross-entropy) and the architecture in docs/pmn.md; it does not import the C++ engine or
share code with it. Parameter names follow the public Mamba implementations (mamba_ssm's Mamba: in_proj,
conv1d, x_proj, dt_proj, A_log, D, out_proj; the extra scan directions with the suffixes of the 3D vision
variants: conv1d_b / A_b_log / D_b for the backward scan, conv1d_s / A_s_log / D_s for the inter-slice scan).

Usage (Debian's /usr/bin/python3 with python3-torch):
  pmn_reference.py parity --out DIR [--seed 1]   writes weights, input and every output the tests compare
"""
import argparse
import json
import math
import os
import sys

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit(f"pmn_reference.py: {sys.executable} has no torch; install Debian's python3-torch "
             "(or set HCCWS_PYTHON_TORCH to a Python with torch). The PMN parity tests need it.")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hccws_safetensors  # noqa: E402

DIRECTIONS = {"forward": "", "backward": "_b", "slice": "_s"}


def selective_scan(u, dt, A, B, C):
    """Sequential scan, the definition: h_t = exp(dt_t A) h_{t-1} + dt_t B_t u_t; y_t = C_t . h_t.
    u, dt: (b, L, d); A: (d, n); B, C: (b, L, n). Returns y: (b, L, d). fp32."""
    b, L, d = u.shape
    h = u.new_zeros(b, d, A.shape[1])
    ys = []
    for t in range(L):
        dA = torch.exp(dt[:, t, :, None] * A)
        h = dA * h + (dt[:, t] * u[:, t])[:, :, None] * B[:, t, None, :]
        ys.append((h * C[:, t, None, :]).sum(-1))
    return torch.stack(ys, 1)


def token_order(grid, direction):
    """Index permutation taking the W-fastest flattening of a (D, H, W) grid to the scan order."""
    d, h, w = grid
    idx = torch.arange(d * h * w)
    if direction == "forward":
        return idx
    if direction == "backward":
        return idx.flip(0)
    # slice: consecutive tokens are the same (h, w) position in consecutive slices
    return idx.view(d, h, w).permute(1, 2, 0).reshape(-1)


class Mixer(nn.Module):
    def __init__(self, dim, cfg):
        super().__init__()
        di = cfg["expand"] * dim
        n = cfg["d_state"]
        r = cfg["dt_rank"]
        self.dirs = cfg["directions"]
        self.in_proj = nn.Linear(dim, 2 * di, bias=False)
        for name in self.dirs:
            s = DIRECTIONS[name]
            setattr(self, "conv1d" + s, nn.Conv1d(di, di, cfg["d_conv"], groups=di, padding=cfg["d_conv"] - 1))
            setattr(self, "x_proj" + s, nn.Linear(di, r + 2 * n, bias=False))
            setattr(self, "dt_proj" + s, nn.Linear(r, di, bias=True))
            a_name = "A_log" if s == "" else "A" + s + "_log"
            setattr(self, a_name, nn.Parameter(torch.log(torch.arange(1, n + 1).float()).repeat(di, 1)))
            setattr(self, "D" + s, nn.Parameter(torch.ones(di)))
        self.out_proj = nn.Linear(di, dim, bias=False)
        self.r, self.n = r, n

    def forward(self, t, grid):
        L = t.shape[1]
        x, z = self.in_proj(t).chunk(2, dim=-1)
        total = 0
        for name in self.dirs:
            s = DIRECTIONS[name]
            order = token_order(grid, name)
            inverse = torch.argsort(order)
            xd = x[:, order]
            conv = getattr(self, "conv1d" + s)
            u = F.silu(conv(xd.transpose(1, 2))[..., :L]).transpose(1, 2)
            delta, B, C = getattr(self, "x_proj" + s)(u).split([self.r, self.n, self.n], dim=-1)
            dt = F.softplus(getattr(self, "dt_proj" + s)(delta))
            A = -torch.exp(getattr(self, "A_log" if s == "" else "A" + s + "_log"))
            y = selective_scan(u, dt, A, B, C) + getattr(self, "D" + s) * u
            total = total + y[:, inverse]
        y = total / len(self.dirs) * F.silu(z)
        return self.out_proj(y)


class MambaLayer(nn.Module):
    def __init__(self, dim, cfg):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.mixer = Mixer(dim, cfg)

    def forward(self, t, grid):
        return t + self.mixer(self.norm(t), grid)


class ResBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv1 = nn.Conv3d(dim, dim, 3, padding=1)
        self.norm1 = nn.InstanceNorm3d(dim, affine=True)
        self.conv2 = nn.Conv3d(dim, dim, 3, padding=1)
        self.norm2 = nn.InstanceNorm3d(dim, affine=True)

    def forward(self, x):
        y = F.leaky_relu(self.norm1(self.conv1(x)), 0.01)
        y = self.norm2(self.conv2(y))
        return F.leaky_relu(x + y, 0.01)


class PatchEmbed(nn.Module):
    def __init__(self, cin, dim, stride):
        super().__init__()
        self.proj = nn.Conv3d(cin, dim, stride, stride=stride)
        self.norm = nn.InstanceNorm3d(dim, affine=True)

    def forward(self, x):
        return self.norm(self.proj(x))


class Head(nn.Module):
    def __init__(self, classes, per_class, dim):
        super().__init__()
        self.prototypes = nn.Parameter(torch.randn(classes * per_class, dim))


class Pmn(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        e = cfg["embed_dim"]
        self.patch_embed = PatchEmbed(cfg["in_channels"], e, cfg["patch_stride"])
        self.conv_branch = nn.Module()
        self.conv_branch.blocks = nn.ModuleList([ResBlock(e) for _ in range(cfg["conv_blocks"])])
        self.mamba_branch = nn.Module()
        self.mamba_branch.layers = nn.ModuleList([MambaLayer(e, cfg) for _ in range(cfg["mamba_layers"])])
        self.mamba_branch.norm_f = nn.LayerNorm(e)
        self.fusion = nn.Module()
        self.fusion.conv = nn.Conv3d(2 * e, e, 1)
        self.fusion.norm = nn.InstanceNorm3d(e, affine=True)
        self.proj = nn.Conv3d(e, cfg["proto_dim"], 1)
        self.heads = nn.Module()
        j = cfg["prototypes_per_class"]
        self.heads.subtype = Head(2, j, cfg["proto_dim"])
        for arm in cfg["arms"]:
            setattr(self.heads, arm.lower(), Head(2, j, cfg["proto_dim"]))

    def features(self, x):
        e = self.patch_embed(x)
        c = e
        for blk in self.conv_branch.blocks:
            c = blk(c)
        b, ch, d, h, w = e.shape
        t = e.flatten(2).transpose(1, 2)
        for layer in self.mamba_branch.layers:
            t = layer(t, (d, h, w))
        t = self.mamba_branch.norm_f(t)
        m = t.transpose(1, 2).reshape(b, ch, d, h, w)
        return F.leaky_relu(self.fusion.norm(self.fusion.conv(torch.cat([c, m], 1))), 0.01)

    def forward(self, x):
        fused = self.features(x)
        g = self.proj(fused)                       # (b, P, d, h, w)
        if self.cfg.get("pooling", "mask") == "mask":  # weighted by the lesion mask (last channel) per patch
            s = self.cfg["patch_stride"]
            w = F.avg_pool3d(x[:, -1:], s, stride=s) + 1e-4
            f = (g * w).sum(dim=(2, 3, 4)) / w.sum(dim=(2, 3, 4))
        else:
            f = g.mean(dim=(2, 3, 4))              # pooled feature (b, P)
        out = {"fused": fused, "g": g, "f": f}
        gamma = self.cfg["gamma"]
        for name in ["subtype"] + [a.lower() for a in self.cfg["arms"]]:
            m = getattr(self.heads, name).prototypes
            dist = ((f[:, None, :] - m[None]) ** 2).sum(-1)   # (b, 2J)
            share = torch.softmax(-gamma * dist, dim=1)
            out[name + "_dist"] = dist
            out[name + "_prob"] = share.view(f.shape[0], 2, -1).sum(-1)  # (b, 2)
        return out


def dce_loss(dist, y, gamma, lam, per_class):
    """-log p(y) + lam * min_j ||f - m_{y,j}||^2, averaged over the batch."""
    b = dist.shape[0]
    share = torch.softmax(-gamma * dist, dim=1).view(b, 2, per_class).sum(-1)
    nll = -torch.log(share[torch.arange(b), y].clamp_min(1e-12))
    own = dist.view(b, 2, per_class)[torch.arange(b), y].min(-1).values
    return (nll + lam * own).mean()


def training_loss(net, x, subtype, arm_labels):
    """arm_labels: {arm: (b,) long with -1 where unknown}."""
    cfg = net.cfg
    out = net(x)
    loss = dce_loss(out["subtype_dist"], subtype, cfg["gamma"], cfg["prototype_loss_weight"],
                    cfg["prototypes_per_class"])
    for arm, lab in arm_labels.items():
        keep = lab >= 0
        if keep.any():
            loss = loss + dce_loss(out[arm.lower() + "_dist"][keep], lab[keep], cfg["gamma"],
                                   cfg["prototype_loss_weight"], cfg["prototypes_per_class"])
    return loss


def maps(net, x):
    """Per-position prototype shares and subtype probability, Grad-CAM of log p(proliferative), all
    upsampled (trilinear) to the input size."""
    cfg = net.cfg
    out = net(x)
    fused = out["fused"]
    fused.retain_grad()
    logp = torch.log(out["subtype_prob"][:, 1]).sum()
    logp.backward()
    grad = fused.grad
    weights = grad.mean(dim=(2, 3, 4), keepdim=True)
    cam = F.relu((weights * fused).sum(1, keepdim=True))
    peak = cam.amax(dim=(2, 3, 4), keepdim=True)
    cam = torch.where(peak > 0, cam / peak.clamp_min(1e-30), cam)
    g = out["g"].detach()
    m = net.heads.subtype.prototypes.detach()
    dist = ((g[:, None] - m[None, :, :, None, None, None]) ** 2).sum(2)  # (b, 2J, d, h, w)
    share = torch.softmax(-cfg["gamma"] * dist, dim=1)
    j = cfg["prototypes_per_class"]
    prolif = share[:, j:].sum(1, keepdim=True)
    size = x.shape[2:]
    up = lambda t: F.interpolate(t, size=size, mode="trilinear", align_corners=False)  # noqa: E731
    return {"share": up(share), "prolif": up(prolif), "cam": up(cam.detach()), "out": out}


def randomize(net, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith("_log") and "A" in name.split(".")[-1]:
                p.copy_(torch.log(torch.rand(p.shape, generator=g) * 15 + 1))
            elif "dt_proj" in name and name.endswith("bias"):
                dt = torch.exp(torch.rand(p.shape, generator=g) * (math.log(0.1) - math.log(0.001)) + math.log(0.001))
                p.copy_(dt + torch.log(-torch.expm1(-dt)))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            elif "prototypes" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:
                fan = p[0].numel() if p.dim() > 1 else p.numel()
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(max(fan, 1)))


def parity(out_dir, seed):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(seed)
    cfg = {"in_channels": 3, "patch_stride": 3, "embed_dim": 8, "conv_blocks": 1, "mamba_layers": 1,
           "d_state": 4, "d_conv": 4, "expand": 2, "dt_rank": 1, "directions": ["forward", "backward", "slice"],
           "proto_dim": 6, "prototypes_per_class": 2, "arms": ["HAIC", "TACE"], "gamma": 0.5,
           "prototype_loss_weight": 0.001, "pooling": "mask"}
    net = Pmn(cfg).double()
    randomize(net, seed)
    net = net.float()
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(2, 3, 12, 9, 15, generator=gen)       # grid 4 x 3 x 5 after the stride-3 embedding
    x[:, 2] = (torch.rand(2, 12, 9, 15, generator=gen) < 0.4).float()  # the lesion mask channel (0/1)
    subtype = torch.tensor([1, 0])
    arms = {"HAIC": torch.tensor([0, -1]), "TACE": torch.tensor([1, 1])}

    net.zero_grad()
    loss = training_loss(net, x, subtype, arms)
    loss.backward()
    tensors = {"input": x, "loss": loss.detach().reshape(1)}
    for name, p in net.named_parameters():
        tensors["grad." + name] = p.grad.detach().clone()
    net.zero_grad()
    r = maps(net, x)
    out = r["out"]
    for k in ("subtype_prob", "subtype_dist", "haic_prob", "haic_dist", "tace_prob", "tace_dist", "f", "fused"):
        tensors["out." + k] = out[k].detach()
    tensors["map.share"] = r["share"]
    tensors["map.prolif"] = r["prolif"]
    tensors["map.cam"] = r["cam"]
    # the scan alone, long enough for several chunks
    L = 300
    u = torch.randn(2, L, 5, generator=gen)
    dt = F.softplus(torch.randn(2, L, 5, generator=gen))
    A = -torch.exp(torch.randn(5, 3, generator=gen))
    B = torch.randn(2, L, 3, generator=gen)
    C = torch.randn(2, L, 3, generator=gen)
    for k, v in dict(u=u, dt=dt, A=A, B=B, C=C).items():
        tensors["scan." + k] = v
    tensors["scan.y"] = selective_scan(u.double(), dt.double(), A.double(), B.double(), C.double()).float()

    weights = {name: p.detach() for name, p in net.named_parameters()}
    hccws_safetensors.save(weights, os.path.join(out_dir, "pmn_weights.safetensors"))
    hccws_safetensors.save(tensors, os.path.join(out_dir, "pmn_expected.safetensors"))
    with open(os.path.join(out_dir, "pmn_config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    print(f"pmn_reference: wrote {out_dir} (loss {loss.item():.6f}, p(prolif) "
          f"{out['subtype_prob'][:, 1].tolist()})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.cmd == "parity":
        parity(a.out, a.seed)


if __name__ == "__main__":
    main()
