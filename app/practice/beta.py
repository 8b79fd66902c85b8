"""The Beta distribution's CDF and quantiles in pure Python.

Mastery bounds need Beta quantiles; scipy would be a heavy dependency for two functions. The
regularized incomplete beta uses the classic continued fraction (Lentz's method); quantiles use
safeguarded Newton steps, which converge in a handful of iterations for the parameters mastery
produces (both shapes >= the prior's, <= a few hundred).
"""

from __future__ import annotations

import math

_EPS = 1e-12
_TINY = 1e-300


def _continued_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def _pdf(x: float, a: float, b: float) -> float:
    return math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - _log_beta(a, b))


def quantile(p: float, a: float, b: float, *, tol: float = 1e-7) -> float:
    """The x with I_x(a, b) = p. Newton inside a shrinking bracket, bisection when Newton strays."""
    if not 0.0 < p < 1.0:
        return 0.0 if p <= 0.0 else 1.0
    if a == 1.0 and b == 1.0:  # the uniform prior: every unpractised topic
        return p
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))
    z = math.sqrt(2.0) * _erfinv(2.0 * p - 1.0)
    x = min(max(mean + z * sd, 1e-6), 1.0 - 1e-6)
    lo, hi = 0.0, 1.0
    for _ in range(100):
        f = cdf(x, a, b) - p
        if abs(f) < tol:
            return x
        if f > 0:
            hi = x
        else:
            lo = x
        density = _pdf(x, a, b)
        step = f / density if density > 0 else math.inf
        nxt = x - step
        if not lo < nxt < hi:
            nxt = (lo + hi) / 2.0
        if abs(nxt - x) < tol * 1e-3:
            return nxt
        x = nxt
    return x


def _erfinv(y: float) -> float:
    """Inverse error function (Giles' single-precision approximation, plenty for a start point)."""
    w = -math.log((1.0 - y) * (1.0 + y))
    if w < 5.0:
        w -= 2.5
        p = 2.81022636e-08
        for c in (
            3.43273939e-07,
            -3.5233877e-06,
            -4.39150654e-06,
            0.00021858087,
            -0.00125372503,
            -0.00417768164,
            0.246640727,
            1.50140941,
        ):
            p = c + p * w
    else:
        w = math.sqrt(w) - 3.0
        p = -0.000200214257
        for c in (
            0.000100950558,
            0.00134934322,
            -0.00367342844,
            0.00573950773,
            -0.0076224613,
            0.00943887047,
            1.00167406,
            2.83297682,
        ):
            p = c + p * w
    return p * y
