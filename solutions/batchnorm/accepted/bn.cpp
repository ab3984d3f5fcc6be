// Batch normalization forward + backward (training mode), stdin/stdout -- C++.
// Per column: two-pass mean and biased variance, xhat = (x - mu) / sqrt(var + eps),
// y = gamma*xhat + beta; closed-form backward dbeta = sum dy, dgamma = sum dy*xhat,
// dx = gamma/sqrt(var+eps)/m * (m*dy - dbeta - xhat*dgamma)  (editorial, section 3).
// Row-major arrays, every loop runs along rows so memory is read sequentially.
// Time O(N*D), memory O(N*D) doubles. Prints 12 significant digits.
#include <bits/stdc++.h>
using namespace std;

static vector<char> in;
static size_t pos = 0;
static double readNum() {
    char *end;
    double v = strtod(in.data() + pos, &end);
    pos = end - in.data();
    return v;
}

int main() {
    in.assign(istreambuf_iterator<char>(cin), istreambuf_iterator<char>());
    in.push_back('\0');
    long n = (long)readNum(), d = (long)readNum();
    vector<double> x(n * d), dy(n * d), g(d), b(d), mu(d, 0), var(d, 0), istd(d), dg(d, 0), db(d, 0);
    for (auto &v : x) v = readNum();
    for (auto &v : g) v = readNum();
    for (auto &v : b) v = readNum();
    for (auto &v : dy) v = readNum();
    const double eps = 1e-5;
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) mu[j] += x[i * d + j];
    for (long j = 0; j < d; j++) mu[j] /= n;
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) { double c = x[i * d + j] - mu[j]; var[j] += c * c; }
    for (long j = 0; j < d; j++) istd[j] = 1 / sqrt(var[j] / n + eps);
    vector<double> xhat(n * d), y(n * d), dx(n * d);
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) {
        long k = i * d + j;
        xhat[k] = (x[k] - mu[j]) * istd[j];
        y[k] = g[j] * xhat[k] + b[j];
        db[j] += dy[k];
        dg[j] += dy[k] * xhat[k];
    }
    for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) {
        long k = i * d + j;
        dx[k] = g[j] * istd[j] / n * (n * dy[k] - db[j] - xhat[k] * dg[j]);
    }
    string out;
    out.reserve((2 * n + 2) * d * 20);
    char buf[64];
    auto put = [&](const vector<double> &a, long rows) {
        for (long i = 0; i < rows; i++)
            for (long j = 0; j < d; j++) {
                out.append(buf, snprintf(buf, sizeof buf, "%.12g", a[i * d + j]));
                out.push_back(j + 1 < d ? ' ' : '\n');
            }
    };
    put(y, n); put(dx, n); put(dg, 1); put(db, 1);
    fwrite(out.data(), 1, out.size(), stdout);
}
