// WRONG: the textbook one-pass accumulation of sum x and sum x^2 in double,
// var = sumsq/m - mean^2. For x around 1e6 with unit spread sumsq ~ m*1e12 loses everything
// below ~1e-4 per element, and that is the whole variance after the cancellation, so
// y and dx are off by far more than 1e-6. Near-zero data passes.
// Caught by secret/06-offset-1e6 (and secret/40-offset-1e6-*).
// Closed-form backward otherwise. Time O(N*D), memory O(N*D).
#include <bits/stdc++.h>
using namespace std;

int main() {
    long n, d;
    if (scanf("%ld %ld", &n, &d) != 2) return 0;
    vector<double> x(n * d), dy(n * d), g(d), b(d), s(d, 0), sq(d, 0), istd(d), mu(d), dg(d, 0), db(d, 0);
    for (auto &v : x) if (scanf("%lf", &v) != 1) return 0;
    for (auto &v : g) if (scanf("%lf", &v) != 1) return 0;
    for (auto &v : b) if (scanf("%lf", &v) != 1) return 0;
    for (auto &v : dy) if (scanf("%lf", &v) != 1) return 0;
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) { double v = x[i * d + j]; s[j] += v; sq[j] += v * v; }
    for (long j = 0; j < d; j++) {
        mu[j] = s[j] / n;
        double var = sq[j] / n - mu[j] * mu[j];          // BUG: catastrophic cancellation
        istd[j] = 1 / sqrt(var + 1e-5);
    }
    vector<double> xhat(n * d);
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) {
        long k = i * d + j;
        xhat[k] = (x[k] - mu[j]) * istd[j];
        db[j] += dy[k];
        dg[j] += dy[k] * xhat[k];
    }
    for (long i = 0; i < n; i++, puts("")) for (long j = 0; j < d; j++) printf("%.12g ", g[j] * xhat[i * d + j] + b[j]);
    for (long i = 0; i < n; i++, puts("")) for (long j = 0; j < d; j++) {
        long k = i * d + j;
        printf("%.12g ", g[j] * istd[j] / n * (n * dy[k] - db[j] - xhat[k] * dg[j]));
    }
    for (long j = 0; j < d; j++) printf("%.12g ", dg[j]);
    puts("");
    for (long j = 0; j < d; j++) printf("%.12g ", db[j]);
    puts("");
}
