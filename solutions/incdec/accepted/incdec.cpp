// IncDec sequence, reference solution (C++).
// Difference array: one operation moves one difference up and another down by 1,
// the outer two (b_1, b_{n+1}) being free. With p / q the sums of the positive /
// negative adjacent differences, the minimum is max(p, q) and the final value can be
// any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: 64-bit.
// Time O(n), memory O(1).
#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

int main() {
	cin.tie(nullptr)->sync_with_stdio(false);
	int n;
	cin >> n;
	ll prev = 0, p = 0, q = 0, x;
	for (int i = 0; i < n; i++) {
		cin >> x;
		if (i > 0) {
			if (x > prev) p += x - prev;
			else q += prev - x;
		}
		prev = x;
	}
	cout << max(p, q) << '\n' << llabs(p - q) + 1 << '\n';
}
