// IncDec sequence, TOO SLOW: performs the operations one by one on the array.
// Greedy: take the first nonzero difference a[i] - a[i-1] (sign s); move a[i..k-1] by
// -s, where k is the next difference of the opposite sign (it shrinks too), or k = n
// (a suffix, the free right end) if there is none. Every step lowers max(p, q) by 1,
// so it counts exactly max(p, q) steps. It never touches a_1, so it ends at the final
// value a_1; the mirror greedy ends at a_n, and every value between is reachable:
// the count is |a_n - a_1| + 1. Correct, but the number of steps is the answer itself.
// Mistake: Theta(n * max(p, q)) time, up to ~1e14 steps instead of O(n).
// Caught by secret/03-n2-full-span (2^31 - 1 steps, about 7 s against the 1 s limit).
// Memory O(n).
#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

int main() {
	int n;
	if (scanf("%d", &n) != 1) return 0;
	vector<ll> a(n);
	for (auto& x : a) scanf("%lld", &x);
	ll steps = 0, count = llabs(a[n - 1] - a[0]) + 1;
	for (;;) {
		int i = 1;
		while (i < n && a[i] == a[i - 1]) i++;
		if (i == n) break;
		int s = a[i] > a[i - 1] ? 1 : -1;
		int k = i + 1;
		while (k < n && (a[k] > a[k - 1] ? 1 : a[k] < a[k - 1] ? -1 : 0) != -s) k++;
		for (int j = i; j < k; j++) a[j] -= s;
		steps++;
	}
	printf("%lld\n%lld\n", steps, count);
}
