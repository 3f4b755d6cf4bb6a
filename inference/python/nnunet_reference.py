#!/usr/bin/python3
"""PyTorch reference of nnU-Net v2's sliding-window inference, for parity tests and benchmarks.

Written for this repo from nnU-Net v2's documented behaviour (nnunetv2.inference.predict_from_raw_data and
sliding_window_prediction): tiles at compute_steps_for_sliding_window positions (np.round: half to even),
Gaussian importance map (sigma = patch/8, scaled to 10 at the centre, stored as float16, zeros replaced by
the smallest non-zero value), test-time mirroring over every combination of the allowed axes in
itertools.combinations order, accumulation of weighted logits and weights in float16 (nnU-Net) or float32
(this repo's fast mode), division, removal of the padding.

Usage (Debian's /usr/bin/python3 with python3-torch):
  nnunet_reference.py parity --out DIR [--seed 1]        writes the files tests/inference reads
  nnunet_reference.py bench --weights W --plans P --size Z Y X [--device cuda] [--no-mirroring]
"""
import argparse
import itertools
import json
import math
import os
import sys
import time

import numpy as np

try:
    import torch
except ImportError:
    sys.exit(f"nnunet_reference.py: {sys.executable} has no torch; install Debian's python3-torch "
             "(or set HCCWS_PYTHON_TORCH to a Python with torch). The inference parity tests need it.")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hccws_safetensors  # noqa: E402
from nnunet_networks import build_network, randomize_  # noqa: E402


def compute_steps(image_size, tile_size, step):
    steps = []
    for i, k in zip(image_size, tile_size):
        n = int(math.ceil((i - k) / (k * step))) + 1
        actual = (i - k) / (n - 1) if n > 1 else 99999999999
        steps.append([int(np.round(actual * j)) for j in range(n)])
    return steps


def gaussian_map(tile, dtype=torch.float16):
    """nnU-Net's compute_gaussian(sigma_scale=1/8, value_scaling_factor=10) in closed form: scipy's
    gaussian_filter of a centred delta is the product of the 1D kernels (truncate=4, zero outside), which
    after division by its maximum is prod exp(-x^2 / (2 sigma^2)) inside the truncation radius."""
    axes = []
    for n in tile:
        sigma = n / 8.0
        radius = int(4.0 * sigma + 0.5)
        x = np.arange(n, dtype=np.float64) - (n // 2)
        g = np.exp(-0.5 * x * x / (sigma * sigma))
        g[np.abs(x) > radius] = 0.0
        axes.append(g)
    m = axes[0][:, None, None] * axes[1][None, :, None] * axes[2][None, None, :]
    m = torch.from_numpy(m / m.max() * 10.0).to(dtype)
    zero = m == 0
    if zero.any():
        m[zero] = m[~zero].min()
    return m


def predict_tile(net, x, mirror_axes):
    pred = net(x)
    if mirror_axes:
        axes = [a + 2 for a in mirror_axes]
        combos = [c for i in range(len(axes)) for c in itertools.combinations(axes, i + 1)]
        for c in combos:
            pred += torch.flip(net(torch.flip(x, c)), c)
        pred /= len(combos) + 1
    return pred


def sliding_window(net, data, patch, mirror_axes=(0, 1, 2), step=0.5, acc_dtype=torch.float16,
                   device="cpu", amp=False):
    """data: (C, Z, Y, X) float32. Returns logits (K, Z, Y, X) in acc_dtype on `device`."""
    c, *shape = data.shape
    pad = [max(0, p - s) for s, p in zip(shape, patch)]
    lo = [d // 2 for d in pad]
    padded = torch.nn.functional.pad(
        data, [v for d, l in zip(reversed(pad), reversed(lo)) for v in (l, d - l)], value=0.0)
    pshape = padded.shape[1:]
    steps = compute_steps(pshape, patch, step)
    g = gaussian_map(patch, acc_dtype).to(device)
    padded = padded.to(device)
    logits = None
    weights = torch.zeros(pshape, dtype=acc_dtype, device=device)
    for sz in steps[0]:
        for sy in steps[1]:
            for sx in steps[2]:
                sl = (slice(sz, sz + patch[0]), slice(sy, sy + patch[1]), slice(sx, sx + patch[2]))
                x = padded[(slice(None), *sl)][None]
                with torch.autocast("cuda", enabled=amp and device != "cpu"):
                    p = predict_tile(net, x, mirror_axes)[0]
                if logits is None:
                    logits = torch.zeros((p.shape[0], *pshape), dtype=acc_dtype, device=device)
                p *= g
                logits[(slice(None), *sl)] += p
                weights[sl] += g
    torch.div(logits, weights, out=logits)
    return logits[(slice(None), *[slice(l, l + s) for l, s in zip(lo, shape)])]


def plans_for(cfg, patch, spacing):
    arch = {k: v for k, v in cfg.items() if k not in ("network_class", "input_channels", "num_classes")}
    arch["n_stages"] = len(cfg["features_per_stage"])
    return {"plans_name": "reference", "transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2],
            "configurations": {"3d_fullres": {
                "patch_size": patch, "spacing": spacing,
                "normalization_schemes": ["CTNormalization"] * cfg["input_channels"],
                "use_mask_for_norm": [False] * cfg["input_channels"],
                "architecture": {"network_class_name": "dynamic_network_architectures.architectures.unet."
                                 + cfg["network_class"], "arch_kwargs": arch}}},
            "foreground_intensity_properties_per_channel": {
                str(i): {"mean": 100.0, "std": 50.0, "percentile_00_5": -100.0, "percentile_99_5": 300.0}
                for i in range(cfg["input_channels"])}}


def dataset_for(cfg):
    phases = ["arterial", "portal_venous", "delayed", "native"]
    return {"channel_names": {str(i): phases[i] for i in range(cfg["input_channels"])},
            "labels": {["background", "liver", "tumour", "extra"][i]: i for i in range(cfg["num_classes"])},
            "file_ending": ".nii.gz"}


PARITY_CASES = {
    "plain": {"network_class": "PlainConvUNet", "input_channels": 2, "num_classes": 3,
              "features_per_stage": [4, 8, 16, 24], "kernel_sizes": [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]],
              "strides": [[1, 1, 1], [1, 2, 2], [2, 2, 2], [2, 2, 2]], "n_conv_per_stage": [2, 2, 2, 2],
              "n_conv_per_stage_decoder": [2, 2, 2], "conv_bias": True},
    "resenc": {"network_class": "ResidualEncoderUNet", "input_channels": 2, "num_classes": 3,
               "features_per_stage": [4, 8, 16, 24], "kernel_sizes": [[3, 3, 3]] * 4,
               "strides": [[1, 1, 1], [2, 2, 2], [2, 2, 2], [1, 2, 2]], "n_blocks_per_stage": [1, 2, 2, 2],
               "n_conv_per_stage_decoder": [1, 1, 1], "conv_bias": True},
}
PARITY_PATCH = [16, 32, 32]
PARITY_VOLUME = [21, 45, 52]  # not a multiple of the patch: fractional steps, and z needs no padding


def fake_nnunet_results_and_convert(out_dir, name, cfg, net):
    """An nnU-Net-style trainer folder (plans.json, dataset.json, fold_0/checkpoint_final.pth holding the
    pickled state_dict with torch.compile's `_orig_mod.` prefix) converted by convert_nnunet_checkpoint.py
    into a bundle: the C++ test loads it, proving a checkpoint maps without renaming by hand."""
    import shutil
    import subprocess
    res = os.path.join(out_dir, f"{name}_nnunet_results")
    os.makedirs(os.path.join(res, "fold_0"), exist_ok=True)
    shutil.copyfile(os.path.join(out_dir, f"{name}_plans.json"), os.path.join(res, "plans.json"))
    shutil.copyfile(os.path.join(out_dir, f"{name}_dataset.json"), os.path.join(res, "dataset.json"))
    sd = {"_orig_mod." + k: v for k, v in net.state_dict().items()}
    torch.save({"network_weights": sd, "init_args": {"configuration": "3d_fullres", "fold": 0},
                "trainer_name": "nnUNetTrainer", "inference_allowed_mirroring_axes": (0, 1, 2),
                "current_epoch": 1000}, os.path.join(res, "fold_0", "checkpoint_final.pth"))
    conv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "convert_nnunet_checkpoint.py")
    subprocess.run([sys.executable, conv, "--results", res, "--out", os.path.join(out_dir, f"{name}_bundle"),
                    "--name", f"parity {name}", "--phase", "arterial", "--phase", "portal_venous"],
                   check=True, stdout=subprocess.DEVNULL)


def parity(out_dir, seed):
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name, cfg in PARITY_CASES.items():
        torch.manual_seed(seed)
        net = randomize_(build_network(cfg), seed).eval()
        with open(os.path.join(out_dir, f"{name}_plans.json"), "w") as f:
            json.dump(plans_for(cfg, PARITY_PATCH, [2.0, 0.8, 0.8]), f, indent=1)
        with open(os.path.join(out_dir, f"{name}_dataset.json"), "w") as f:
            json.dump(dataset_for(cfg), f, indent=1)
        hccws_safetensors.save(net.state_dict(), os.path.join(out_dir, f"{name}_weights.safetensors"),
                               {"format": "hccws-weights-1", "source": "nnunet_reference.py parity"})
        g = torch.Generator().manual_seed(seed + 1)
        data = torch.randn((cfg["input_channels"], *PARITY_VOLUME), generator=g)
        tile = data[:, :PARITY_PATCH[0], 5:5 + PARITY_PATCH[1], 7:7 + PARITY_PATCH[2]].contiguous()
        with torch.no_grad():
            tile_plain = net(tile[None])[0]
            tile_mirror = predict_tile(net, tile[None].clone(), (0, 1, 2))[0]
            vol32 = sliding_window(net, data, PARITY_PATCH, (0, 1, 2), 0.5, torch.float32)
            vol16 = sliding_window(net, data, PARITY_PATCH, (0, 1, 2), 0.5, torch.float16)
            vol_nomirror = sliding_window(net, data, PARITY_PATCH, None, 0.5, torch.float32)
        hccws_safetensors.save({"input": data, "tile": tile, "tile_logits": tile_plain,
                                "tile_logits_mirrored": tile_mirror, "volume_logits_fp32": vol32,
                                "volume_logits_fp16": vol16, "volume_logits_nomirror": vol_nomirror,
                                "gaussian": gaussian_map(PARITY_PATCH, torch.float16)},
                               os.path.join(out_dir, f"{name}_reference.safetensors"))
        fake_nnunet_results_and_convert(out_dir, name, cfg, net)
    steps = {f"{i}_{p}": compute_steps([i], [p], 0.5)[0] for i, p in
             [(21, 16), (45, 32), (52, 32), (100, 64), (300, 128), (129, 128), (160, 128), (200, 96)]}
    with open(os.path.join(out_dir, "steps.json"), "w") as f:
        json.dump(steps, f)
    print(f"parity files written to {out_dir}")


def bench(args):
    with open(args.plans) as f:
        plans = json.load(f)
    conf = plans["configurations"][args.configuration]
    arch = dict(conf["architecture"]["arch_kwargs"])
    arch["network_class"] = conf["architecture"]["network_class_name"]
    arch["input_channels"] = args.channels
    arch["num_classes"] = args.classes
    net = build_network(arch)
    weights, _ = hccws_safetensors.load(args.weights)
    # Files written by the C++ hold each parameter once; nnU-Net's duplicate keys (all_modules,
    # decoder.encoder) share those parameters, so loading the primary keys sets them too.
    missing, unexpected = net.load_state_dict(weights, strict=False)
    missing = [k for k in missing if ".all_modules." not in k and not k.startswith("decoder.encoder.")]
    if missing or unexpected:
        sys.exit(f"{args.weights}: missing {missing[:5]}, unexpected {unexpected[:5]}")
    dev = args.device
    net = net.to(dev).eval()
    if dev == "cpu" and args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.backends.cudnn.benchmark = True
    g = torch.Generator().manual_seed(0)
    data = torch.randn((args.channels, *args.size), generator=g)
    mirror = None if args.no_mirroring else (0, 1, 2)
    if dev != "cpu":
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    with torch.no_grad():
        out = sliding_window(net, data, conf["patch_size"], mirror, 0.5, torch.float16, dev, amp=dev != "cpu")
        seg = out.float().argmax(0).cpu()
    if dev != "cpu":
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    peak = torch.cuda.max_memory_allocated() / 2**20 if dev != "cpu" else -1
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"impl": "pytorch-reference", "device": dev, "size": args.size, "mirroring": mirror is not None,
                      "mode": "nnunet", "seconds": dt, "peak_rss_mib": rss, "peak_gpu_mib": peak,
                      "checksum": int(seg.sum())}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    b = sub.add_parser("bench")
    b.add_argument("--weights", required=True)
    b.add_argument("--plans", required=True)
    b.add_argument("--configuration", default="3d_fullres")
    b.add_argument("--channels", type=int, default=2)
    b.add_argument("--classes", type=int, default=3)
    b.add_argument("--size", type=int, nargs=3, default=[300, 512, 512])
    b.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    b.add_argument("--threads", type=int, default=0)
    b.add_argument("--no-mirroring", action="store_true")
    args = ap.parse_args()
    if args.cmd == "parity":
        parity(args.out, args.seed)
    else:
        bench(args)


if __name__ == "__main__":
    main()
