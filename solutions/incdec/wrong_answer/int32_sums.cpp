// IncDec sequence, WRONG: the right formula, max(p, q) and |p - q| + 1, but p and q
// are accumulated in 32-bit int. Mistake: p reaches ~1e14 and even the count
// |p - q| + 1 reaches 2^31, past INT_MAX (signed overflow: in practice it wraps).
// Caught by secret/03-n2-full-span ("0 2147483647": count 2^31, printed negative);
// 07-alternating would catch it too (p = 50000 * (2^31 - 1)).
// Time O(n), memory O(1).
#include <bits/stdc++.h>
using namespace std;

int main() {
	int n, prev = 0, p = 0, q = 0, x;
	if (scanf("%d", &n) != 1) return 0;
	for (int i = 0; i < n; i++) {
		if (scanf("%d", &x) != 1) return 0;
		if (i > 0) {
			if (x > prev) p += x - prev;
			else q += prev - x;
		}
		prev = x;
	}
	printf("%d\n%d\n", max(p, q), abs(p - q) + 1);
}
