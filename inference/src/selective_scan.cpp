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
  const int64_t L = u.size(1);
  if (L == 0) return torch::zeros_like(u);
  torch::Tensor carry;  // (b, d, n): the state after the previous chunk
  std::vector<torch::Tensor> ys;
  for (int64_t s = 0; s < L; s += chunk) {
    const int64_t e = std::min(L, s + chunk);
    const torch::Tensor dtC = dt.index({Slice(), Slice(s, e)});                     // (b, T, d)
    torch::Tensor a = torch::exp(dtC.unsqueeze(-1) * A);                           // (b, T, d, n)
    torch::Tensor b = (dtC * u.index({Slice(), Slice(s, e)})).unsqueeze(-1) *
                      B.index({Slice(), Slice(s, e)}).unsqueeze(2);                 // (b, T, d, n)
    const int64_t T = e - s;
    for (int64_t off = 1; off < T; off *= 2) {
      // element t combines with t - off: b_t += a_t * b_{t-off}; a_t *= a_{t-off} (for t >= off)
      const torch::Tensor aHi = a.index({Slice(), Slice(off)}), aLo = a.index({Slice(), Slice(0, T - off)});
      const torch::Tensor bHi = b.index({Slice(), Slice(off)}), bLo = b.index({Slice(), Slice(0, T - off)});
      b = torch::cat({b.index({Slice(), Slice(0, off)}), bHi + aHi * bLo}, 1);
      a = torch::cat({a.index({Slice(), Slice(0, off)}), aHi * aLo}, 1);
    }
    const torch::Tensor h = carry.defined() ? b + a * carry.unsqueeze(1) : b;       // (b, T, d, n)
    ys.push_back((h * C.index({Slice(), Slice(s, e)}).unsqueeze(2)).sum(-1));
    carry = h.select(1, T - 1);
  }
  return torch::cat(ys, 1);
}

}  // namespace hccws::infer::detail
