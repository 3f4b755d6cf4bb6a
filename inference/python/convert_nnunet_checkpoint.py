#!/usr/bin/python3
"""Convert an nnU-Net v2 results folder into an hccws model bundle (docs/inference.md).

  /usr/bin/python3 inference/python/convert_nnunet_checkpoint.py \
      --results nnUNet_results/Dataset003_Liver/nnUNetTrainer__nnUNetPlans__3d_fullres \
      --out models/liver-3d --name "Liver nnU-Net" --phase portal_venous [--phase arterial] \
      [--folds 0 1 2 3 4] [--checkpoint checkpoint_final.pth] [--configuration 3d_fullres]

Reads plans.json, dataset.json and fold_N/<checkpoint>['network_weights'] (a pickled state_dict, which
LibTorch C++ cannot read) and writes, per fold, fold_N.safetensors: every tensor of the state_dict under its
nnU-Net key (prefixes `_orig_mod.` / `module.` from torch.compile / DDP removed; the aliases
`*.all_modules.N.*` and `decoder.encoder.*` dropped: they are the same tensors twice), float32, plus
manifest.json with SHA-256 checksums. Needs only torch and numpy (Debian's python3-torch); torch.load with
weights_only=False runs the checkpoint's pickle: convert only checkpoints you trust.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import torch
except ImportError:
    sys.exit("convert_nnunet_checkpoint.py needs torch (Debian: apt install python3-torch)")
import hccws_safetensors  # noqa: E402


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_checkpoint(path):
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch < 1.13 has no weights_only
        return torch.load(path, map_location="cpu")


def is_alias_key(k):
    """dynamic_network_architectures registers some modules twice: ConvDropoutNormReLU's conv/norm again inside
    `all_modules` (an nn.Sequential), and UNetDecoder keeps a reference to the encoder (`decoder.encoder.*`).
    Their state_dict entries are the same tensors under a second name."""
    return ".all_modules." in k or k.startswith("decoder.encoder.")


def clean_state_dict(sd):
    """nnU-Net state_dict -> {key: float32 tensor} without prefixes and without the aliases above (dropped only
    when the same storage is also present under its primary name, so nothing is lost)."""
    out = {}
    primary_storage = set()
    items = []
    for k, v in sd.items():
        for prefix in ("_orig_mod.", "module."):
            if k.startswith(prefix):
                k = k[len(prefix):]
        if not torch.is_tensor(v) or not v.is_floating_point():
            continue  # e.g. num_batches_tracked; nnU-Net's InstanceNorm has none
        items.append((k, v))
        if not is_alias_key(k):
            primary_storage.add((v.data_ptr(), tuple(v.shape), tuple(v.stride())))
    for k, v in items:
        if is_alias_key(k) and (v.data_ptr(), tuple(v.shape), tuple(v.stride())) in primary_storage:
            continue
        out[k] = v.detach().float().contiguous().clone()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", required=True, help="nnU-Net trainer folder with plans.json, dataset.json, fold_N/")
    ap.add_argument("--out", required=True, help="bundle folder to create")
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--task", default="liver-tumour-segmentation")
    ap.add_argument("--phase", action="append", required=True,
                    help="phase of each input channel in channel order (arterial, portal_venous, delayed, native)")
    ap.add_argument("--folds", type=int, nargs="*", default=None, help="default: every fold_N found")
    ap.add_argument("--checkpoint", default="checkpoint_final.pth")
    ap.add_argument("--configuration", default=None, help="default: from the checkpoint, else 3d_fullres")
    ap.add_argument("--provenance", default="")
    ap.add_argument("--training-data", default="")
    ap.add_argument("--license", default="")
    ap.add_argument("--description", default="")
    a = ap.parse_args()

    plans_path = os.path.join(a.results, "plans.json")
    dataset_path = os.path.join(a.results, "dataset.json")
    for p in (plans_path, dataset_path):
        if not os.path.isfile(p):
            sys.exit(f"{p}: missing (is --results an nnU-Net trainer folder?)")
    with open(plans_path) as f:
        plans = json.load(f)
    with open(dataset_path) as f:
        dataset = json.load(f)
    folds = a.folds
    if folds is None:
        folds = sorted(int(d[5:]) for d in os.listdir(a.results) if d.startswith("fold_") and d[5:].isdigit())
    if not folds:
        sys.exit(f"{a.results}: no fold_N folders")
    channels = dataset.get("channel_names", dataset.get("modality", {}))
    if len(a.phase) != len(channels):
        sys.exit(f"dataset.json has {len(channels)} channel(s) {channels}; give one --phase per channel, in "
                 f"channel order (e.g. --phase portal_venous for a single-channel CT model)")
    for p in a.phase:
        if not p or "=" in p or p.strip() != p:
            sys.exit(f"--phase '{p}': a phase name such as arterial, portal_venous, delayed or native")
    if len(set(a.phase)) != len(a.phase):
        sys.exit(f"--phase {' '.join(a.phase)}: each phase may feed one channel only")

    os.makedirs(a.out, exist_ok=True)
    shutil.copyfile(plans_path, os.path.join(a.out, "plans.json"))
    shutil.copyfile(dataset_path, os.path.join(a.out, "dataset.json"))
    configuration = a.configuration
    weights = []
    trainer = ""
    mirror_axes = None
    for fold in folds:
        ck_path = os.path.join(a.results, f"fold_{fold}", a.checkpoint)
        if not os.path.isfile(ck_path):
            sys.exit(f"{ck_path}: missing")
        ck = load_checkpoint(ck_path)
        if not isinstance(ck, dict) or "network_weights" not in ck:
            sys.exit(f"{ck_path}: not an nnU-Net v2 checkpoint (no 'network_weights')")
        sd = clean_state_dict(ck["network_weights"])
        init = ck.get("init_args", {})
        configuration = configuration or init.get("configuration")
        trainer = ck.get("trainer_name", trainer)
        mirror_axes = ck.get("inference_allowed_mirroring_axes", mirror_axes)
        name = f"fold_{fold}.safetensors"
        hccws_safetensors.save(sd, os.path.join(a.out, name),
                               {"format": "hccws-weights-1", "source": os.path.abspath(ck_path),
                                "trainer": str(trainer), "epoch": str(ck.get("current_epoch", ""))})
        weights.append({"fold": fold, "file": name, "sha256": sha256(os.path.join(a.out, name))})
        print(f"fold {fold}: {len(sd)} tensors -> {name}")
    configuration = configuration or "3d_fullres"
    conf = plans["configurations"][configuration]
    while "patch_size" not in conf or "spacing" not in conf:  # inherits_from
        parent = plans["configurations"][conf["inherits_from"]]
        conf = {**parent, **conf, "inherits_from": parent.get("inherits_from")}
    arch = conf.get("architecture", {}).get("network_class_name", conf.get("UNet_class_name", "?"))
    norms = conf["normalization_schemes"]
    labels = {str(v): k for k, v in dataset["labels"].items() if isinstance(v, int)}
    manifest = {
        "format": "hccws-model-bundle", "format_version": 1,
        "name": a.name, "version": a.version, "task": a.task,
        "architecture": "nnunetv2:" + arch.split(".")[-1],
        "description": a.description,
        "nnunet": {"plans": "plans.json", "dataset": "dataset.json", "configuration": configuration,
                   "trainer": trainer, "allowed_mirroring_axes": list(mirror_axes) if mirror_axes else [0, 1, 2]},
        "channels": [{"index": i, "phase": p, "normalization": norms[i]} for i, p in enumerate(a.phase)],
        "target_spacing_zyx_mm": conf["spacing"],
        "patch_size_zyx": conf["patch_size"],
        "labels": dict(sorted(labels.items(), key=lambda kv: int(kv[0]))),
        "weights": weights,
        "checksums": {"plans.json": sha256(os.path.join(a.out, "plans.json")),
                      "dataset.json": sha256(os.path.join(a.out, "dataset.json"))},
        "provenance": a.provenance or f"converted from {os.path.abspath(a.results)}",
        "training_data": a.training_data or dataset.get("name", ""),
        "license": a.license,
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"bundle written to {a.out}")


if __name__ == "__main__":
    main()
