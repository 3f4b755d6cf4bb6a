#include "selective_scan.h"

#include <vector>

namespace hccws::infer::detail {

namespace {
namespace F = torch::nn::functional;
using torch::indexing::Slice;

void checkShapes(const torch::Tensor& u, const torch::Tensor& dt, const torch::Tensor& A, const torch::Tensor& B,
                 const torch::Tensor& C) {
  TORCH_CHECK(u.dim() == 3 && dt.sizes() == u.sizes(), "selective scan: u and dt must be (b, L, d) alike");
  TORCH_CHECK(A.dim() == 2 && A.size(0) == u.size(2), "selective scan: A must be (d, n)");
  TORCH_CHECK(B.dim() == 3 && B.size(0) == u.size(0) && B.size(1) == u.size(1) && B.size(2) == A.size(1),
              "selective scan: B must be (b, L, n)");
  TORCH_CHECK(C.sizes() == B.sizes(), "selective scan: C must be (b, L, n)");
}
}  // namespace

torch::Tensor selectiveScanSequential(const torch::Tensor& u0, const torch::Tensor& dt0, const torch::Tensor& A0,
                                      const torch::Tensor& B0, const torch::Tensor& C0) {
  checkShapes(u0, dt0, A0, B0, C0);
  const auto f = [](const torch::Tensor& t) { return t.to(torch::kFloat32); };
  const torch::Tensor u = f(u0), dt = f(dt0), A = f(A0), B = f(B0), C = f(C0);
  const int64_t L = u.size(1);
  torch::Tensor h = torch::zeros({u.size(0), u.size(2), A.size(1)}, u.options());
  std::vector<torch::Tensor> ys;
  ys.reserve(static_cast<std::size_t>(L));
  for (int64_t t = 0; t < L; ++t) {
    const torch::Tensor dtT = dt.select(1, t);                                       // (b, d)
    h = torch::exp(dtT.unsqueeze(-1) * A) * h + (dtT * u.select(1, t)).unsqueeze(-1) * B.select(1, t).unsqueeze(1);
    ys.push_back((h * C.select(1, t).unsqueeze(1)).sum(-1));
  }
  if (ys.empty()) return torch::zeros_like(u);
  return torch::stack(ys, 1);
}

torch::Tensor selectiveScanChunked(const torch::Tensor& u0, const torch::Tensor& dt0, const torch::Tensor& A0,
                                   const torch::Tensor& B0, const torch::Tensor& C0, int64_t chunk) {
  checkShapes(u0, dt0, A0, B0, C0);
  TORCH_CHECK(chunk >= 1, "selective scan: chunk must be >= 1");
  const auto f = [](const torch::Tensor& t) { return t.to(torch::kFloat32); };
  const torch::Tensor u = f(u0), dt = f(dt0), A = f(A0), B = f(B0), C = f(C0);
  const int64_t bs = u.size(0), L = u.size(1), d = u.size(2), n = A.size(1);
  if (L == 0) return torch::zeros_like(u);
  const int64_t T = std::min(chunk, L), nc = (L + T - 1) / T, pad = nc * T - L;
  // Padding at the end: decay 1 and input 0 leave the state unchanged; the padded outputs are dropped.
  torch::Tensor dtP = pad ? F::pad(dt, F::PadFuncOptions({0, 0, 0, pad})) : dt;
  torch::Tensor uP = pad ? F::pad(u, F::PadFuncOptions({0, 0, 0, pad})) : u;
  torch::Tensor BP = pad ? F::pad(B, F::PadFuncOptions({0, 0, 0, pad})) : B;
  torch::Tensor CP = pad ? F::pad(C, F::PadFuncOptions({0, 0, 0, pad})) : C;
  // (b, nc, T, d, n): every chunk's inclusive scan at once, as if each chunk started from h = 0
  torch::Tensor a = torch::exp(dtP.view({bs, nc, T, d, 1}) * A);
  torch::Tensor b = (dtP * uP).view({bs, nc, T, d, 1}) * BP.view({bs, nc, T, 1, n});
  for (int64_t off = 1; off < T; off *= 2) {
    // element t combines with t - off: b_t += a_t * b_{t-off}; a_t *= a_{t-off} (for t >= off)
    const torch::Tensor aHi = a.narrow(2, off, T - off), aLo = a.narrow(2, 0, T - off);
    const torch::Tensor bLo = b.narrow(2, 0, T - off);
    b = torch::cat({b.narrow(2, 0, off), b.narrow(2, off, T - off) + aHi * bLo}, 2);
    a = torch::cat({a.narrow(2, 0, off), aHi * aLo}, 2);
  }
  // the state entering each chunk: sequential over the chunks only
  const torch::Tensor aLast = a.select(2, T - 1), bLast = b.select(2, T - 1);  // (b, nc, d, n)
  std::vector<torch::Tensor> carries;
  carries.reserve(static_cast<std::size_t>(nc));
  torch::Tensor carry = torch::zeros({bs, d, n}, u.options());
  for (int64_t c = 0; c < nc; ++c) {
    carries.push_back(carry);
    carry = aLast.select(1, c) * carry + bLast.select(1, c);
  }
  const torch::Tensor h = b + a * torch::stack(carries, 1).unsqueeze(2);  // (b, nc, T, d, n)
  const torch::Tensor y = (h * CP.view({bs, nc, T, 1, n})).sum(-1).view({bs, nc * T, d});
  return pad ? y.narrow(1, 0, L) : y;
}

}  // namespace hccws::infer::detail
