#!/usr/bin/env python3
"""Writes distributions.json: reference values for the MonteCarlo tests.

Run once from this folder:  python3 make_fixtures.py   (needs scipy and mpmath: pip install scipy mpmath)
The numbers come from scipy.stats (ppf, mean, std), from mpmath at 50 digits for the standard
normal, and from scipy.integrate.quad where scipy has no such family (logit-normal moments).
The Swift code is never run to make them: every value here is computed independently.
"""
import json, math, sys
import numpy as np
import scipy
from scipy import stats, integrate, special
import mpmath

mpmath.mp.dps = 50
PROBS = [0.05, 0.5, 0.95]
DEEP = [1e-10, 1e-3, 0.3, 0.7, 0.999, 1 - 1e-10]


def entry(name, family, params, dist=None, mean=None, sd=None, quantile=None, deep=False):
    q = quantile or (lambda p: float(dist.ppf(p)))
    e = {"name": name, "family": family, "params": params,
         "mean": float(dist.mean()) if mean is None else mean,
         "sd": float(dist.std()) if sd is None else sd,
         "quantiles": [[p, q(p)] for p in PROBS + (DEEP if deep else [])]}
    return e


def logit_normal(mu, sigma):
    f = lambda z, k: special.expit(mu + sigma * z) ** k * stats.norm.pdf(z)
    m1 = integrate.quad(lambda z: f(z, 1), -np.inf, np.inf, epsabs=1e-14, epsrel=1e-13)[0]
    m2 = integrate.quad(lambda z: f(z, 2), -np.inf, np.inf, epsabs=1e-14, epsrel=1e-13)[0]
    return m1, math.sqrt(m2 - m1 * m1), (lambda p: float(special.expit(mu + sigma * stats.norm.ppf(p))))


def rounded_lognormal(mu, sigma):
    # P(round(X) = k) = F(k + 1/2) - F(k - 1/2), clamped at 0 from below (X > 0 anyway).
    d = stats.lognorm(s=sigma, scale=math.exp(mu))
    hi = int(d.isf(1e-18)) + 2
    ks = np.arange(0, hi + 1)
    cdf_hi = d.cdf(ks + 0.5)
    cdf_lo = np.where(ks == 0, 0.0, d.cdf(ks - 0.5))
    pk = cdf_hi - cdf_lo
    m1 = float(np.sum(ks * pk)); m2 = float(np.sum(ks * ks * pk))
    # round half away from zero, as the Swift code does
    return m1, math.sqrt(m2 - m1 * m1), (lambda p: float(np.floor(d.ppf(p) + 0.5)))


def main():
    out = {
        "made_by": "Tests/MonteCarloTests/Fixtures/make_fixtures.py",
        "made_with": f"python {sys.version.split()[0]}, scipy {scipy.__version__}, numpy {np.__version__}, mpmath {mpmath.__version__}",
        "distributions": [],
    }
    D = out["distributions"]
    D.append(entry("normal", "normal", {"mean": 10.0, "sd": 3.0}, stats.norm(10, 3)))
    D.append(entry("lognormal", "lognormal", {"mu": 1.0, "sigma": 0.5}, stats.lognorm(s=0.5, scale=math.e)))
    m, s, q = logit_normal(-1.0, 0.8)
    D.append(entry("logitNormal", "logitNormal", {"mu": -1.0, "sigma": 0.8}, mean=m, sd=s, quantile=q))
    for a, b in [(2.0, 5.0), (0.5, 0.5), (30.0, 70.0), (0.2, 3.0)]:
        D.append(entry(f"beta({a},{b})", "beta", {"alpha": a, "beta": b}, stats.beta(a, b), deep=True))
    for lo, mode, hi in [(1.0, 3.0, 10.0), (0.0, 0.0, 1.0)]:
        al = 1 + 4 * (mode - lo) / (hi - lo); be = 1 + 4 * (hi - mode) / (hi - lo)
        D.append(entry(f"pert({lo},{mode},{hi})", "pert", {"min": lo, "mode": mode, "max": hi},
                       stats.beta(al, be, loc=lo, scale=hi - lo), deep=True))
    D.append(entry("triangular", "triangular", {"min": 0.0, "mode": 2.0, "max": 5.0},
                   stats.triang(c=0.4, loc=0, scale=5)))
    D.append(entry("uniform", "uniform", {"min": 2.0, "max": 7.0}, stats.uniform(2, 5)))
    for k, th in [(2.5, 4.0), (0.3, 2.0), (200.0, 0.1), (1.0, 1.0)]:
        D.append(entry(f"gamma({k},{th})", "gamma", {"shape": k, "scale": th}, stats.gamma(k, scale=th), deep=True))
    for lam in [4.5, 60.0]:
        D.append(entry(f"poisson({lam})", "poisson", {"lambda": lam}, stats.poisson(lam)))
    vals, w = [1.0, 2.0, 5.0], [0.2, 0.5, 0.3]
    D.append(entry("discrete", "discrete", {"values": vals, "weights": w},
                   stats.rv_discrete(values=(vals, w))))
    D.append(entry("wholeUniform", "wholeUniform", {"min": 1, "max": 3}, stats.randint(1, 4)))
    m, s, q = rounded_lognormal(math.log(6.0), 0.6)
    D.append(entry("roundedLognormal", "rounded", {"mu": math.log(6.0), "sigma": 0.6, "min": 0.0},
                   mean=m, sd=s, quantile=q))

    # Standard normal at 50 digits: Φ(x) in both tails and Φ⁻¹(p) down to 1e-300.
    xs = [-37.5, -30.0, -20.0, -10.0, -5.0, -2.0, -1.0, -0.25, 0.0, 0.5, 1.5, 3.0, 6.0, 8.0]
    out["normal_cdf"] = [[x, float(mpmath.ncdf(x))] for x in xs]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.07, 0.075, 0.2, 0.3, 0.5, 0.6, 0.8, 0.925,
          0.95, 0.999, 1 - 1e-12]
    out["normal_quantile"] = [
        [p, float(mpmath.findroot(lambda x: mpmath.ncdf(x) - mpmath.mpf(p), mpmath.mpf(float(stats.norm.ppf(p)))))]
        for p in ps]
    # Chi-square critical values for goodness-of-fit tests (upper 1e-4 tail).
    out["chi2_upper_1e-4"] = {str(df): float(stats.chi2.isf(1e-4, df)) for df in range(1, 401)}

    with open("distributions.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
