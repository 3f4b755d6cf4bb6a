"""PyTorch reference of nnU-Net v2's networks (dynamic_network_architectures), written for this repo.

Same module tree as nnU-Net's PlainConvUNet and ResidualEncoderUNet (3D, InstanceNorm3d(affine, eps 1e-5),
LeakyReLU(0.01), strided-conv downsampling, transposed-conv upsampling, deep-supervision heads), so the
state_dict keys are nnU-Net's, including its duplicate keys: every ConvDropoutNormReLU also holds its modules
in `all_modules` (keys `...all_modules.0.weight`), and the decoder keeps a reference to the encoder
(keys `decoder.encoder....`). The C++ runtime ignores those duplicates.

Network configuration: a dict with nnU-Net's arch_kwargs names (see build_network).
"""
import torch
from torch import nn


class ConvDropoutNormReLU(nn.Module):
    def __init__(self, cin, cout, kernel, stride, bias, nonlin=True):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, kernel, stride, padding=[(k - 1) // 2 for k in kernel], bias=bias)
        self.norm = nn.InstanceNorm3d(cout, eps=1e-5, affine=True)
        ops = [self.conv, self.norm]
        if nonlin:
            self.nonlin = nn.LeakyReLU(0.01, inplace=True)
            ops.append(self.nonlin)
        self.all_modules = nn.Sequential(*ops)

    def forward(self, x):
        return self.all_modules(x)


class StackedConvBlocks(nn.Module):
    def __init__(self, n, cin, cout, kernel, stride, bias):
        super().__init__()
        self.convs = nn.Sequential(ConvDropoutNormReLU(cin, cout, kernel, stride, bias),
                                   *[ConvDropoutNormReLU(cout, cout, kernel, [1, 1, 1], bias) for _ in range(1, n)])

    def forward(self, x):
        return self.convs(x)


class PlainConvEncoder(nn.Module):
    def __init__(self, cin, features, kernels, strides, n_conv, bias):
        super().__init__()
        stages = []
        for s in range(len(features)):
            stages.append(nn.Sequential(StackedConvBlocks(n_conv[s], cin, features[s], kernels[s], strides[s], bias)))
            cin = features[s]
        self.stages = nn.Sequential(*stages)
        self.output_channels = list(features)
        self.strides = [list(s) for s in strides]
        self.kernel_sizes = [list(k) for k in kernels]
        self.conv_bias = bias

    def forward(self, x):
        ret = []
        for s in self.stages:
            x = s(x)
            ret.append(x)
        return ret


class BasicBlockD(nn.Module):
    def __init__(self, cin, cout, kernel, stride, bias):
        super().__init__()
        self.conv1 = ConvDropoutNormReLU(cin, cout, kernel, stride, bias)
        self.conv2 = ConvDropoutNormReLU(cout, cout, kernel, [1, 1, 1], bias, nonlin=False)
        self.nonlin2 = nn.LeakyReLU(0.01, inplace=True)
        has_stride = any(s != 1 for s in stride)
        self.apply_skip = has_stride or cin != cout
        if self.apply_skip:
            ops = []
            if has_stride:
                ops.append(nn.AvgPool3d(stride, stride))
            if cin != cout:
                ops.append(ConvDropoutNormReLU(cin, cout, [1, 1, 1], [1, 1, 1], False, nonlin=False))
            self.skip = nn.Sequential(*ops)
        else:
            self.skip = lambda x: x

    def forward(self, x):
        residual = self.skip(x)
        out = self.conv2(self.conv1(x))
        out += residual
        return self.nonlin2(out)


class StackedResidualBlocks(nn.Module):
    def __init__(self, n, cin, cout, kernel, stride, bias):
        super().__init__()
        self.blocks = nn.Sequential(BasicBlockD(cin, cout, kernel, stride, bias),
                                    *[BasicBlockD(cout, cout, kernel, [1, 1, 1], bias) for _ in range(1, n)])

    def forward(self, x):
        return self.blocks(x)


class ResidualEncoder(nn.Module):
    def __init__(self, cin, features, kernels, strides, n_blocks, bias):
        super().__init__()
        self.stem = StackedConvBlocks(1, cin, features[0], kernels[0], [1, 1, 1], bias)
        cin = features[0]
        stages = []
        for s in range(len(features)):
            stages.append(StackedResidualBlocks(n_blocks[s], cin, features[s], kernels[s], strides[s], bias))
            cin = features[s]
        self.stages = nn.Sequential(*stages)
        self.output_channels = list(features)
        self.strides = [list(s) for s in strides]
        self.kernel_sizes = [list(k) for k in kernels]
        self.conv_bias = bias

    def forward(self, x):
        x = self.stem(x)
        ret = []
        for s in self.stages:
            x = s(x)
            ret.append(x)
        return ret


class UNetDecoder(nn.Module):
    def __init__(self, encoder, num_classes, n_conv_decoder, deep_supervision=True):
        super().__init__()
        self.deep_supervision = deep_supervision
        self.encoder = encoder  # registered as a submodule, as in nnU-Net: duplicate `decoder.encoder.*` keys
        n = len(encoder.output_channels)
        stages, transpconvs, seg_layers = [], [], []
        for s in range(1, n):
            below = encoder.output_channels[-s]
            skip = encoder.output_channels[-(s + 1)]
            st = encoder.strides[-s]
            transpconvs.append(nn.ConvTranspose3d(below, skip, st, st, bias=encoder.conv_bias))
            stages.append(StackedConvBlocks(n_conv_decoder[s - 1], 2 * skip, skip,
                                            encoder.kernel_sizes[-(s + 1)], [1, 1, 1], encoder.conv_bias))
            seg_layers.append(nn.Conv3d(skip, num_classes, 1, 1, 0, bias=True))
        self.stages = nn.ModuleList(stages)
        self.transpconvs = nn.ModuleList(transpconvs)
        self.seg_layers = nn.ModuleList(seg_layers)

    def forward(self, skips):
        lres = skips[-1]
        outs = []
        for s in range(len(self.stages)):
            x = self.transpconvs[s](lres)
            x = torch.cat((x, skips[-(s + 2)]), 1)
            x = self.stages[s](x)
            if self.deep_supervision:
                outs.append(self.seg_layers[s](x))
            elif s == len(self.stages) - 1:
                outs.append(self.seg_layers[-1](x))
            lres = x
        outs = outs[::-1]
        return outs if self.deep_supervision else outs[0]


class UNet(nn.Module):
    def __init__(self, encoder, num_classes, n_conv_decoder):
        super().__init__()
        self.encoder = encoder
        self.decoder = UNetDecoder(encoder, num_classes, n_conv_decoder)

    def forward(self, x):
        return self.decoder(self.encoder(x))


def build_network(cfg, deep_supervision=False):
    """cfg: {"network_class": "PlainConvUNet"|"ResidualEncoderUNet", "input_channels", "num_classes",
    "features_per_stage", "kernel_sizes", "strides", "n_conv_per_stage" | "n_blocks_per_stage",
    "n_conv_per_stage_decoder", "conv_bias"}"""
    cls = cfg["network_class"].split(".")[-1]
    f, k, s = cfg["features_per_stage"], cfg["kernel_sizes"], cfg["strides"]
    if cls == "PlainConvUNet":
        enc = PlainConvEncoder(cfg["input_channels"], f, k, s, cfg["n_conv_per_stage"], cfg["conv_bias"])
    elif cls == "ResidualEncoderUNet":
        enc = ResidualEncoder(cfg["input_channels"], f, k, s, cfg["n_blocks_per_stage"], cfg["conv_bias"])
    else:
        raise ValueError(f"unsupported network class {cls}")
    net = UNet(enc, cfg["num_classes"], cfg["n_conv_per_stage_decoder"])
    net.decoder.deep_supervision = deep_supervision
    return net


def randomize_(net, seed):
    """Random weights whose activations stay O(1): conv weights ~ N(0, 1/fan_in), norm affine near (1, 0)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            if p.dim() >= 2:
                fan_in = p[0].numel() if "transpconvs" not in name else p.shape[0] * p[0, 0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / fan_in ** 0.5)
            elif name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
    return net
