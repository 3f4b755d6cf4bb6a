#pragma once
// Mamba's selective scan (Gu & Dao 2023; ../shared/docs/science.md "Mamba selective scan"), fp32:
//   h_t = exp(dt_t * A) * h_{t-1} + (dt_t * u_t) B_t ;   y_t = C_t . h_t
// Shapes: u, dt (b, L, d); A (d, n), negative; B, C (b, L, n). Returns y (b, L, d). Differentiable.
// Private header (Torch).
#include <torch/torch.h>

namespace hccws::infer::detail {

// The definition, one step per token: the reference the chunked scan is tested against (L up to 40,000).
torch::Tensor selectiveScanSequential(const torch::Tensor& u, const torch::Tensor& dt, const torch::Tensor& A,
                                      const torch::Tensor& B, const torch::Tensor& C);

// The same recurrence in chunks of `chunk` tokens: inside a chunk an inclusive Hillis-Steele scan of the
// pairs (a, b) under (a1, b1) o (a2, b2) = (a1 a2, a2 b1 + b2) (log2(chunk) whole-tensor steps), the state
// carried from one chunk to the next. No exponential of a positive number is ever taken (products of
// factors in (0, 1]), so it is as stable as the sequential form. Inputs of another dtype are computed in fp32.
torch::Tensor selectiveScanChunked(const torch::Tensor& u, const torch::Tensor& dt, const torch::Tensor& A,
                                   const torch::Tensor& B, const torch::Tensor& C, int64_t chunk = 64);

}  // namespace hccws::infer::detail
