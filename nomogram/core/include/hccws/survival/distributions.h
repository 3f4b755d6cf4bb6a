#pragma once
// Distribution functions needed for p-values and CIs (no dependency beyond <cmath>).
// Accuracy: about 1e-14 relative for the normal, 1e-12 for the chi-square tails used here.
namespace hccws::surv {

double normalCdf(double z);             // P(Z <= z)
double normalUpper(double z);           // P(Z > z), accurate in the far tail
double normalQuantile(double p);        // inverse of normalCdf, p in (0,1)
double normalPdf(double z);
// Upper tail of the chi-square distribution, P(X > x) with `df` degrees of freedom (df > 0).
double chisqUpper(double x, double df);
// Regularized lower incomplete gamma P(a, x).
double gammaP(double a, double x);
// Legendre's continued fraction of the upper incomplete gamma without its prefactor:
// Gamma(a, x) = x^a e^-x * upperGammaFraction(a, x) (modified Lentz; converges quickly for x >= a + 1).
double upperGammaFraction(double a, double x);

}  // namespace hccws::surv
