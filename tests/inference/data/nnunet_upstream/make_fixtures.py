#!/usr/bin/python3
"""Writes the nnU-Net v2 checkpoint fixtures in this folder with the UPSTREAM code (not the project's own
re-implementation in inference/python/nnunet_networks.py). See README.md beside this file.

Not run in CI: nnU-Net and dynamic-network-architectures are not installable from Debian. To regenerate:

  git clone https://github.com/MIC-DKFZ/nnUNet                         (commit below)
  git clone https://github.com/MIC-DKFZ/dynamic-network-architectures  (commit below)
  /usr/bin/python3 tests/inference/data/nnunet_upstream/make_fixtures.py \
      --nnunet /path/to/nnUNet --dna /path/to/dynamic-network-architectures \
      --out tests/inference/data/nnunet_upstream

Upstream sources used for the committed fixtures:
  MIC-DKFZ/nnUNet                          0e495086eb108ff79afe106291e8c15bd2f2bc3a (nnunetv2 2.8.1)
  MIC-DKFZ/dynamic-network-architectures   d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12 (0.4.4)
Python: Debian's /usr/bin/python3 3.11 with python3-torch 1.13 and numpy 1.24.

What runs upstream code and what does not:
  * plans.json -> network: nnunetv2.utilities.plans_handling.plans_handler.PlansManager/ConfigurationManager
    (including its conversion of the old `UNet_class_name` plans layout), label_handling.
    determine_num_input_channels / LabelManager.num_segmentation_heads and
    nnunetv2.utilities.get_network_from_plans.get_network_from_plans with the arguments that
    nnUNetTrainer.build_network_architecture passes (allow_init=True: upstream InitWeights_He and, for
    ResidualEncoderUNet, init_last_bn_before_add_to_0). The network classes are
    dynamic_network_architectures.architectures.unet.PlainConvUNet / ResidualEncoderUNet.
  * nnUNetTrainer itself is NOT imported (it needs batchgeneratorsv2, torch._dynamo, ... which Debian does not
    have). Its save_checkpoint() (nnunetv2/training/nnUNetTrainer/nnUNetTrainer.py, line 1195 at the commit
    above) is reproduced key by key: the same dict (network_weights = the module's state_dict, optimizer_state
    of the SGD optimizer of configure_optimizers after one step, grad_scaler_state None as on the CPU, logging =
    LocalLogger's dict layout, _best_ema, current_epoch, init_args = the trainer's __init__ arguments with a
    torch.device, trainer_name, inference_allowed_mirroring_axes = (0, 1, 2) as configure_rotation_dummyDA_
    mirroring_and_inital_patch_size sets for 3D) written by torch.save. plans.json / dataset.json are written
    as the trainer does (save_json(..., sort_keys=False), indent 4).
  * Stubbed (imported by upstream modules at import time, never called here, not installable from Debian):
    batchgenerators.utilities.file_and_folder_operations (join/load_json/save_json/isfile/isdir/
    maybe_mkdir_p/subfiles/subdirs: trivial os/json wrappers written below), acvl_utils.cropping_and_padding.
    bounding_boxes.insert_crop_into_image, SimpleITK, nibabel and nibabel.orientations (modules whose
    attributes raise when used).
  * The reference output is the upstream network's forward pass (eval mode, deep supervision off, float32,
    CPU) after load_state_dict of the checkpoint's network_weights, as nnUNetPredictor does, on a fixed
    random input of one patch.
"""
import argparse
import json
import os
import sys
import types
from copy import deepcopy

import numpy as np
import torch

NNUNET_COMMIT = "0e495086eb108ff79afe106291e8c15bd2f2bc3a"
DNA_COMMIT = "d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12"


# ----------------------------------------------------------------------------------------------------------------
# Stubs for modules that upstream imports but that Debian does not ship.
def _install_stubs():
    def join(*a):
        return os.path.join(*a)

    def load_json(f):
        with open(f) as fh:
            return json.load(fh)

    def save_json(obj, f, indent=4, sort_keys=True):
        with open(f, "w") as fh:
            json.dump(obj, fh, sort_keys=sort_keys, indent=indent)

    def maybe_mkdir_p(d):
        os.makedirs(d, exist_ok=True)

    def subfiles(folder, join=True, prefix=None, suffix=None, sort=True):
        r = [f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f))
             and (prefix is None or f.startswith(prefix)) and (suffix is None or f.endswith(suffix))]
        r = [os.path.join(folder, f) for f in r] if join else r
        return sorted(r) if sort else r

    def subdirs(folder, join=True, prefix=None, suffix=None, sort=True):
        r = [f for f in os.listdir(folder) if os.path.isdir(os.path.join(folder, f))
             and (prefix is None or f.startswith(prefix)) and (suffix is None or f.endswith(suffix))]
        r = [os.path.join(folder, f) for f in r] if join else r
        return sorted(r) if sort else r

    ffo = types.ModuleType("batchgenerators.utilities.file_and_folder_operations")
    for fn in (join, load_json, save_json, maybe_mkdir_p, subfiles, subdirs):
        setattr(ffo, fn.__name__, fn)
    ffo.isfile, ffo.isdir = os.path.isfile, os.path.isdir
    ffo.__all__ = ["join", "load_json", "save_json", "maybe_mkdir_p", "subfiles", "subdirs", "isfile", "isdir"]

    def _unavailable(name):
        m = types.ModuleType(name)

        def __getattr__(attr):
            if attr.startswith("__"):
                raise AttributeError(attr)

            def fail(*a, **k):
                raise RuntimeError(f"{name}.{attr} is a stub in make_fixtures.py")
            return fail
        m.__getattr__ = __getattr__
        return m

    mods = {
        "batchgenerators": types.ModuleType("batchgenerators"),
        "batchgenerators.utilities": types.ModuleType("batchgenerators.utilities"),
        "batchgenerators.utilities.file_and_folder_operations": ffo,
        "acvl_utils": types.ModuleType("acvl_utils"),
        "acvl_utils.cropping_and_padding": types.ModuleType("acvl_utils.cropping_and_padding"),
        "acvl_utils.cropping_and_padding.bounding_boxes": _unavailable("acvl_utils.cropping_and_padding.bounding_boxes"),
        "SimpleITK": _unavailable("SimpleITK"),
        "nibabel": _unavailable("nibabel"),
        "nibabel.orientations": _unavailable("nibabel.orientations"),
    }
    for name, m in mods.items():
        sys.modules.setdefault(name, m)


# ----------------------------------------------------------------------------------------------------------------
# Plans / dataset.json in nnU-Net v2's format (keys as ExperimentPlanner.plan_experiment and
# get_plans_for_configuration write them).
def fg_props(mean, std, lo, hi):
    return {"max": hi + 200.0, "mean": mean, "median": mean + 3.0, "min": lo - 150.0,
            "percentile_00_5": lo, "percentile_99_5": hi, "std": std}


RESAMPLING = {
    "resampling_fn_data": "resample_data_or_seg_to_shape",
    "resampling_fn_seg": "resample_data_or_seg_to_shape",
    "resampling_fn_data_kwargs": {"is_seg": False, "order": 3, "order_z": 0, "force_separate_z": None},
    "resampling_fn_seg_kwargs": {"is_seg": True, "order": 1, "order_z": 0, "force_separate_z": None},
    "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
    "resampling_fn_probabilities_kwargs": {"is_seg": False, "order": 1, "order_z": 0, "force_separate_z": None},
}


def make_plans(case):
    nch = case["channels"]
    cls = case["cls"]
    n = len(case["features"])
    plans_name = case["plans_name"]
    conf3d = {
        "data_identifier": f"{plans_name}_3d_fullres",
        "preprocessor_name": "DefaultPreprocessor",
        "batch_size": 2,
        "patch_size": case["patch"],
        "median_image_size_in_voxels": [96, 256, 256],
        "spacing": case["spacing"],
        "normalization_schemes": ["CTNormalization"] * nch,
        "use_mask_for_norm": [False] * nch,
        **deepcopy(RESAMPLING),
    }
    if case["legacy_plans"]:
        # nnU-Net v2 < 2.4 layout, converted by ConfigurationManager.__init__ at load time.
        conf3d.update({
            "UNet_class_name": cls,
            "UNet_base_num_features": case["features"][0],
            "n_conv_per_stage_encoder": case["n_enc"],
            "n_conv_per_stage_decoder": case["n_dec"],
            "num_pool_per_axis": [sum(1 for s in case["strides"] if s[a] > 1) for a in range(3)],
            "pool_op_kernel_sizes": case["strides"],
            "conv_kernel_sizes": case["kernels"],
            "unet_max_num_features": case["features"][-1],
        })
        assert [min(case["features"][0] * 2 ** i, case["features"][-1]) for i in range(n)] == case["features"]
    else:
        enc_key = "n_conv_per_stage" if cls == "PlainConvUNet" else "n_blocks_per_stage"
        conf3d["architecture"] = {
            "network_class_name": f"dynamic_network_architectures.architectures.unet.{cls}",
            "arch_kwargs": {
                "n_stages": n,
                "features_per_stage": case["features"],
                "conv_op": "torch.nn.modules.conv.Conv3d",
                "kernel_sizes": case["kernels"],
                "strides": case["strides"],
                enc_key: case["n_enc"],
                "n_conv_per_stage_decoder": case["n_dec"],
                "conv_bias": True,
                "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d",
                "norm_op_kwargs": {"eps": 1e-05, "affine": True},
                "dropout_op": None,
                "dropout_op_kwargs": None,
                "nonlin": "torch.nn.LeakyReLU",
                "nonlin_kwargs": {"inplace": True},
            },
            "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"],
        }
    conf3d["batch_dice"] = False
    conf2d = {k: v for k, v in conf3d.items() if k not in ("architecture",)}
    conf2d.update({"data_identifier": f"{plans_name}_2d", "batch_size": 12, "patch_size": case["patch"][1:],
                   "median_image_size_in_voxels": [256, 256], "spacing": case["spacing"][1:], "batch_dice": True})
    if "architecture" in conf3d:
        a = deepcopy(conf3d["architecture"])
        a["arch_kwargs"].update({"conv_op": "torch.nn.modules.conv.Conv2d",
                                 "norm_op": "torch.nn.modules.instancenorm.InstanceNorm2d",
                                 "kernel_sizes": [k[1:] for k in case["kernels"]],
                                 "strides": [s[1:] for s in case["strides"]]})
        conf2d["architecture"] = a
    else:
        conf2d.update({"pool_op_kernel_sizes": [s[1:] for s in case["strides"]],
                       "conv_kernel_sizes": [k[1:] for k in case["kernels"]],
                       "num_pool_per_axis": conf3d["num_pool_per_axis"][1:]})
    return {
        "dataset_name": case["dataset"],
        "plans_name": plans_name,
        "original_median_spacing_after_transp": case["spacing"],
        "original_median_shape_after_transp": [96, 256, 256],
        "image_reader_writer": "SimpleITKIO",
        "transpose_forward": [0, 1, 2],
        "transpose_backward": [0, 1, 2],
        "configurations": {"2d": conf2d, "3d_fullres": conf3d},
        "experiment_planner_used": "nnUNetPlannerResEncM" if cls == "ResidualEncoderUNet" else "ExperimentPlanner",
        "label_manager": "LabelManager",
        "foreground_intensity_properties_per_channel": {
            str(c): fg_props(99.4 + 20 * c, 39.4 + 3 * c, -17.0 + 10 * c, 201.0 + 15 * c) for c in range(nch)},
    }


def make_dataset(case):
    return {
        "channel_names": {str(c): "CT" for c in range(case["channels"])},
        "labels": {"background": 0, "liver": 1, "tumor": 2},
        "numTraining": 131,
        "file_ending": ".nii.gz",
        "name": case["dataset"],
        "description": "hccws test fixture: tiny random-weight network written with upstream nnU-Net code",
    }


CASES = [
    # single-channel CT, old plans layout (UNet_class_name ...), isotropic 3x3x3 kernels
    dict(name="plain_ct1_legacy_plans", cls="PlainConvUNet", channels=1, legacy_plans=True,
         dataset="Dataset901_HccwsPlain1", plans_name="nnUNetPlans",
         features=[2, 4, 8], kernels=[[3, 3, 3]] * 3, strides=[[1, 1, 1], [2, 2, 2], [2, 2, 2]],
         n_enc=[2, 2, 2], n_dec=[2, 2], patch=[8, 12, 16], spacing=[2.5, 0.8, 0.8], seed=901),
    # two CT phases, current plans layout, anisotropic kernels/strides (z not pooled first)
    dict(name="plain_ct2", cls="PlainConvUNet", channels=2, legacy_plans=False,
         dataset="Dataset902_HccwsPlain2", plans_name="nnUNetPlans",
         features=[2, 4, 6], kernels=[[1, 3, 3], [3, 3, 3], [3, 3, 3]], strides=[[1, 1, 1], [1, 2, 2], [2, 2, 2]],
         n_enc=[2, 2, 2], n_dec=[2, 2], patch=[6, 12, 16], spacing=[5.0, 0.8, 0.8], seed=902),
    # single-channel CT, ResEnc preset layout: stem, BasicBlockD with strided/projecting and identity skips
    dict(name="resenc_ct1", cls="ResidualEncoderUNet", channels=1, legacy_plans=False,
         dataset="Dataset903_HccwsResEnc1", plans_name="nnUNetResEncUNetMPlans",
         features=[2, 4, 6], kernels=[[3, 3, 3]] * 3, strides=[[1, 1, 1], [2, 2, 2], [2, 2, 2]],
         n_enc=[1, 2, 2], n_dec=[1, 1], patch=[8, 12, 16], spacing=[1.5, 1.0, 1.0], seed=903),
    # two CT phases, ResEnc, anisotropic, a stage whose channel count does not change (pool-only skip)
    dict(name="resenc_ct2", cls="ResidualEncoderUNet", channels=2, legacy_plans=False,
         dataset="Dataset904_HccwsResEnc2", plans_name="nnUNetResEncUNetMPlans",
         features=[2, 4, 4], kernels=[[1, 3, 3], [3, 3, 3], [3, 3, 3]], strides=[[1, 1, 1], [1, 2, 2], [2, 2, 2]],
         n_enc=[1, 2, 2], n_dec=[1, 1], patch=[6, 12, 16], spacing=[5.0, 0.8, 0.8], seed=904),
]


def build(plans, dataset_json, configuration, deep_supervision):
    """What nnUNetTrainer.build_network_architecture / nnUNetPredictor do, with upstream functions."""
    from nnunetv2.utilities.plans_handling.plans_handler import PlansManager
    from nnunetv2.utilities.label_handling.label_handling import determine_num_input_channels
    from nnunetv2.utilities.get_network_from_plans import get_network_from_plans
    pm = PlansManager(deepcopy(plans))
    cm = pm.get_configuration(configuration)
    nin = determine_num_input_channels(pm, cm, dataset_json)
    nout = pm.get_label_manager(dataset_json).num_segmentation_heads
    return get_network_from_plans(cm.network_arch_class_name, cm.network_arch_init_kwargs,
                                  cm.network_arch_init_kwargs_req_import, nin, nout, allow_init=True,
                                  deep_supervision=deep_supervision)


def make_case(case, out_root):
    from batchgenerators.utilities.file_and_folder_operations import save_json
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                    "inference", "python"))
    import hccws_safetensors

    plans, dataset_json = make_plans(case), make_dataset(case)
    trainer = "nnUNetTrainer"
    folder = os.path.join(out_root, case["name"], f"{trainer}__{plans['plans_name']}__3d_fullres")
    os.makedirs(os.path.join(folder, "fold_0"), exist_ok=True)
    save_json(plans, os.path.join(folder, "plans.json"), sort_keys=False)
    save_json(dataset_json, os.path.join(folder, "dataset.json"), sort_keys=False)

    torch.manual_seed(case["seed"])
    net = build(plans, dataset_json, "3d_fullres", deep_supervision=True)  # as during training
    # Upstream init leaves norms at 1/0 and biases at 0 (ResEnc: last norm of each block at 0): perturb every
    # parameter so that each one changes the output.
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
    # one SGD step of nnUNetTrainer.configure_optimizers' optimizer so that optimizer_state is as after training
    opt = torch.optim.SGD(net.parameters(), 1e-2, weight_decay=3e-5, momentum=0.99, nesterov=True)
    x_train = torch.randn(2, case["channels"], *case["patch"])
    outs = net(x_train)
    loss = sum(o.float().square().mean() for o in outs)
    opt.zero_grad()
    loss.backward()
    opt.step()

    init_args = {"plans": plans, "configuration": "3d_fullres", "fold": 0, "dataset_json": dataset_json,
                 "device": torch.device("cuda")}
    logging = {"mean_fg_dice": [0.41], "ema_fg_dice": [0.41], "dice_per_class_or_region": [[0.6, 0.22]],
               "train_losses": [float(loss)], "val_losses": [float(loss) * 1.1], "lrs": [1e-2],
               "epoch_start_timestamps": [1.7e9], "epoch_end_timestamps": [1.7e9 + 60]}
    checkpoint = {
        "network_weights": net.state_dict(),
        "optimizer_state": opt.state_dict(),
        "grad_scaler_state": None,
        "logging": logging,
        "_best_ema": 0.41,
        "current_epoch": 1,
        "init_args": init_args,
        "trainer_name": trainer,
        "inference_allowed_mirroring_axes": (0, 1, 2),
    }
    ck_path = os.path.join(folder, "fold_0", "checkpoint_final.pth")
    torch.save(checkpoint, ck_path)

    # nnUNetPredictor.initialize_from_trained_model_folder + manual_initialization: rebuild without deep
    # supervision, load_state_dict, eval.
    ck = torch.load(ck_path, map_location=torch.device("cpu"))
    pnet = build(plans, dataset_json, ck["init_args"]["configuration"], deep_supervision=False)
    pnet.load_state_dict(ck["network_weights"])
    pnet.eval()
    g = torch.Generator().manual_seed(case["seed"] + 1000)
    x = torch.randn(1, case["channels"], *case["patch"], generator=g)
    with torch.no_grad():
        y = pnet(x)
        y64 = deepcopy(pnet).double()(x.double())
    assert y.shape == (1, 3, *case["patch"]), y.shape
    fp = (y.double() - y64).abs().max().item()
    hccws_safetensors.save({"input": x, "output": y}, os.path.join(out_root, case["name"], "reference_io.safetensors"),
                           {"nnunet_commit": NNUNET_COMMIT, "dna_commit": DNA_COMMIT, "torch": torch.__version__,
                            "network": type(pnet).__name__, "float64_vs_float32_max_abs": f"{fp:.3g}"})
    nparam = sum(p.numel() for p in pnet.parameters())
    print(f"{case['name']}: {type(pnet).__name__}, {nparam} parameters, input {tuple(x.shape)}, "
          f"max |logit| {y.abs().max().item():.3g}, |float32 - float64| max {fp:.3g}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nnunet", required=True, help="checkout of MIC-DKFZ/nnUNet (folder holding nnunetv2/)")
    ap.add_argument("--dna", required=True, help="checkout of MIC-DKFZ/dynamic-network-architectures")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    sys.path[:0] = [os.path.abspath(a.nnunet), os.path.abspath(a.dna)]
    _install_stubs()
    torch.set_num_threads(1)
    for case in CASES:
        make_case(case, a.out)


if __name__ == "__main__":
    main()
