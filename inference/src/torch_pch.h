#pragma once
// Precompiled header of hccws_inference: LibTorch is ~20 s per translation unit on the shared 2-core machine;
// parsing it once per build keeps the Torch translation units fast. Private (never installed or included by
// public headers).
#include <torch/torch.h>
