// Benchmark submission: asks N queries ("? i"), reading each answer before the next; then "! N".
#include <cstdio>
int main() {
    long n, answer;
    if (scanf("%ld", &n) != 1) return 1;
    for (long i = 0; i < n; i++) {
        printf("? %ld\n", i);
        fflush(stdout);
        if (scanf("%ld", &answer) != 1) return 1;
    }
    printf("! %ld\n", n);
    fflush(stdout);
}
